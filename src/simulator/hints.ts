/**
 * Pod mount hints (`dev.gvisor.spec.mount.<NAME>.<KEY>`), reference §3.1:
 * key shape, per-key errors, validation, duplicate sources, and matching.
 *
 * runsc walks Go maps here, so log order, which of two fatal keys is
 * reported, and the drop/duplicate interplay are random in the real binary.
 * The model fixes one order: annotations in insertion order, hint names in
 * order of their first key. Consequence: a valid hint named before an
 * incomplete hint with the same source is fatal; named after, it is not.
 */
import { cleanPath } from '../model/resolve.js';
import { MOUNT_HINT_PREFIX } from '../model/hint-keys.js';
import { goQuote, info, warn, type LogLine } from './log.js';
import type { ProfileSpec } from './profiles.js';
import type { FaultName } from './mutants.js';

/** Share of a hint; `invalid` when unset or rejected. */
export type Share = 'invalid' | 'container' | 'pod' | 'shared';

/** One parsed mount hint. */
export interface PodHint {
  name: string;
  source: string;
  /** `bind`, `tmpfs`, or '' when unset. */
  type: string;
  share: Share;
  options: string[];
  /** True when `directfs: off` was accepted (reference §3.1). */
  suppress: boolean;
  /** The raw `directfs` value, or null without the key. */
  directfsValue: string | null;
}

/** Result of parsing the pod hints of a spec. */
export interface PodHints {
  /** Surviving hints, in validation order. */
  hints: PodHint[];
  /** Hints dropped for missing fields. */
  dropped: PodHint[];
  /** Log lines in emission order. */
  log: LogLine[];
  /** The fatal error text, or null. */
  error: string | null;
}

const SHARES: readonly Share[] = ['container', 'pod', 'shared'];

/** Options runsc refuses in a mount's option list (specutils.invalidOptions). */
export const INVALID_MOUNT_OPTIONS = ['shared', 'rshared'] as const;

function directfsValue(val: string, faults: ReadonlySet<FaultName>): boolean | null {
  let v = val;
  if (faults.has('trimmed-value')) v = v.trim();
  if (faults.has('case-insensitive-value')) v = v.toLowerCase();
  if (v === 'off') return true;
  if (v === 'default') return faults.has('default-suppresses');
  return null;
}

/** Applies one `KEY=value`; returns the error text or null (reference §3.1 setField). */
function setField(
  h: PodHint,
  key: string,
  val: string,
  profile: ProfileSpec,
  faults: ReadonlySet<FaultName>,
  log: LogLine[],
): string | null {
  switch (key) {
    case 'source':
      if (val === '') return 'source cannot be empty';
      h.source = val;
      return null;
    case 'type':
      if (val !== 'tmpfs' && val !== 'bind') return `invalid type ${goQuote(val)}`;
      h.type = val;
      return null;
    case 'share':
      if (!(SHARES as readonly string[]).includes(val)) return `invalid share value ${goQuote(val)}`;
      h.share = val as Share;
      return null;
    case 'options':
      return setOptions(h, val, profile, log);
    case 'directfs':
      if (profile.hintDirectfs !== 'honoured') break;
      h.directfsValue = val;
      if (faults.has('ignore-annotation')) return null;
      {
        const parsed = directfsValue(val, faults);
        if (parsed !== null) {
          h.suppress = parsed;
          return null;
        }
        if (faults.has('invalid-value-suppresses')) h.suppress = true;
        return `invalid directfs value ${goQuote(val)}, want "default" or "off"`;
      }
  }
  return `invalid mount annotation: ${key}=${val}`;
}

function setOptions(h: PodHint, val: string, profile: ProfileSpec, log: LogLine[]): string | null {
  const opts = val.split(',');
  if (profile.hintErrors === 'fatal') {
    const bad = opts.find((o) => (INVALID_MOUNT_OPTIONS as readonly string[]).includes(o));
    if (bad !== undefined) return `mount option ${goQuote(bad)} is not supported`;
    h.options = opts;
    return null;
  }
  h.options = opts.filter((o) => {
    if (!(INVALID_MOUNT_OPTIONS as readonly string[]).includes(o)) return true;
    log.push(warn('optionSkipped', `mount option skipped ${goQuote(o)}: mount option ${goQuote(o)} is not supported`));
    return false;
  });
  return null;
}

function foundLine(h: PodHint, profile: ProfileSpec): LogLine {
  const base = `Mount annotation found, name: ${h.name}, source: ${goQuote(h.source)}, type: ${h.type}, share: ${h.share}`;
  return info('hintFound', profile.hintLogSuppressField ? `${base}, suppress_directfs: ${h.suppress}` : base);
}

/** The strict 20221219 validation: every missing field is fatal. */
function missingFieldError(h: PodHint): string | null {
  if (h.share === 'invalid') return `share field for ${goQuote(h.name)} has not been set`;
  if (h.source === '') return `source field for ${goQuote(h.name)} has not been set`;
  if (h.type === '') return `type field for ${goQuote(h.name)} has not been set`;
  return null;
}

/** The warning for an ignored hint key; the reporting faults drop it or name the hint by its source. */
function invalidKeyWarning(
  name: string,
  source: string,
  field: string,
  val: string,
  err: string,
  faults: ReadonlySet<FaultName>,
): LogLine | null {
  const directfs = field === 'directfs';
  if (directfs && faults.has('hint-warning-missing')) return null;
  const shown = directfs && faults.has('hint-warning-names-source') ? source : name;
  return warn(
    'hintInvalid',
    `ignoring invalid mount annotation (name = ${goQuote(shown)}, key = ${goQuote(field)}, value = ${goQuote(val)}): ${err}`,
  );
}

/** Parses the pod hints of a spec's annotations (entries in insertion order), reference §3.1. */
export function parsePodHints(
  annotations: readonly (readonly [string, string])[],
  profile: ProfileSpec,
  faults: ReadonlySet<FaultName>,
): PodHints {
  const byName = new Map<string, PodHint>();
  const log: LogLine[] = [];
  const fail = (error: string): PodHints => ({ hints: [], dropped: [], log, error });
  for (let i = 0; i < annotations.length; i++) {
    const entry = annotations[i] as readonly [string, string];
    // Indexed, not destructured: a destructuring runs the iterator protocol per annotation until V8 optimises.
    const key = entry[0];
    const val = entry[1];
    if (!key.startsWith(MOUNT_HINT_PREFIX)) continue;
    // Exactly NAME.FIELD after the prefix: one dot.
    const dot = key.indexOf('.', MOUNT_HINT_PREFIX.length);
    if (dot < 0 || key.includes('.', dot + 1)) return fail(`invalid mount annotation: ${key}=${val}`);
    const name = key.slice(MOUNT_HINT_PREFIX.length, dot);
    const field = key.slice(dot + 1);
    if (name === '') return fail('invalid mount name: ');
    let h = byName.get(name);
    if (h === undefined) {
      h = { name, source: '', type: '', share: 'invalid', options: [], suppress: false, directfsValue: null };
      byName.set(name, h);
    }
    const err = setField(h, field, val, profile, faults, log);
    if (err === null) continue;
    const fatalValue = field === 'directfs' && profile.hintDirectfs === 'honoured' && faults.has('invalid-value-fatal');
    if (profile.hintErrors === 'fatal' || fatalValue) return fail(err);
    const warning = invalidKeyWarning(name, h.source, field, val, err, faults);
    if (warning !== null) log.push(warning);
  }
  if (byName.size === 0) return { hints: [], dropped: [], log, error: null };
  return validate([...byName.values()], profile, faults, log);
}

/**
 * Validates the hints in order: logs each, drops (or, strictly, fails on)
 * one with a missing field, fails on two live hints with one source. A hint
 * is live unless dropped so far: later hints count before their own turn.
 */
function validate(all: PodHint[], profile: ProfileSpec, faults: ReadonlySet<FaultName>, log: LogLine[]): PodHints {
  const dropped: PodHint[] = [];
  for (let i = 0; i < all.length; i++) {
    const h = all[i] as PodHint;
    log.push(foundLine(h, profile));
    if (profile.hintErrors === 'fatal') {
      const missing = missingFieldError(h);
      if (missing !== null) return { hints: [], dropped, log, error: missing };
    } else if (h.share === 'invalid' || h.source === '' || h.type === '') {
      log.push(
        warn('hintDropped', `ignoring mount annotations for ${goQuote(h.name)} because of missing required field(s)`),
      );
      dropped.push(h);
      continue;
    }
    if (faults.has('duplicate-sources-tolerated')) continue;
    for (let j = 0; j < all.length; j++) {
      const other = all[j] as PodHint;
      if (other !== h && other.source === h.source && !dropped.includes(other)) {
        return {
          hints: [],
          dropped,
          log,
          error: `mounts ${goQuote(h.name)} and ${goQuote(other.name)} have the same mount source ${goQuote(h.source)}`,
        };
      }
    }
  }
  const hints = dropped.length === 0 ? all : all.filter((h) => !dropped.includes(h));
  return { hints, dropped, log, error: null };
}

/** Context matching needs besides the source: the mount's destination (for the match-by-name fault). */
export interface MatchTarget {
  source: string;
  destination: string;
}

function matches(hint: PodHint, m: MatchTarget, faults: ReadonlySet<FaultName>): boolean {
  if (faults.has('match-by-name'))
    return (
      m.destination
        .split('/')
        .filter((p) => p !== '')
        .pop() === hint.name
    );
  if (hint.source === m.source) return true;
  if (faults.has('prefix-match')) {
    const trimmed = hint.source.replace(/\/+$/, '');
    if (trimmed !== '' && (m.source === trimmed || m.source.startsWith(`${trimmed}/`))) return true;
  }
  if (faults.has('clean-match') && hint.source !== '' && m.source !== '')
    return cleanPath(hint.source) === cleanPath(m.source);
  return false;
}

/**
 * The hint that applies to a spec mount (PodMountHints.FindMount): exact
 * string compare with the absolutized source; never the root (reference §3.1).
 */
export function findHint(
  parsed: Pick<PodHints, 'hints'>,
  m: MatchTarget,
  faults: ReadonlySet<FaultName>,
): PodHint | undefined {
  return parsed.hints.find((h) => matches(h, m, faults));
}

/** True when a dropped hint would still suppress this mount (only under the `dropped-hint-suppresses` fault). */
export function droppedHintSuppresses(
  parsed: Pick<PodHints, 'dropped'>,
  m: MatchTarget,
  faults: ReadonlySet<FaultName>,
): boolean {
  if (!faults.has('dropped-hint-suppresses')) return false;
  return parsed.dropped.some((h) => h.suppress && h.source !== '' && matches(h, m, faults));
}
