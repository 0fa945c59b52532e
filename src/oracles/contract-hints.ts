/**
 * An independent statement of how runsc parses mount and rootfs hints
 * (reference §3.1, §3.2), computed from a case's annotations in ROOT_TOKEN
 * form. Error and warning texts are the ones runsc prints (verified on the
 * modern binary), so oracles can look for them in an observation.
 */
import { ROOT_TOKEN } from '../model/case.js';

/** Annotation key prefixes of the two hint kinds (reference §3). */
export const MOUNT_PREFIX = 'dev.gvisor.spec.mount.';
export const ROOTFS_PREFIX = 'dev.gvisor.spec.rootfs.';

/** Characters Go's `%q` writes as a named escape. */
const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/** Formats a string the way Go's `%q` does for the texts runsc prints. */
export function goQuote(s: string): string {
  const named = NAMED_ESCAPES;
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (named[ch] !== undefined) out += named[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** One named mount hint after parsing its keys. */
export interface PodHint {
  name: string;
  /** Source as written (ROOT_TOKEN form), null when unset or rejected. */
  source: string | null;
  type: 'bind' | 'tmpfs' | null;
  share: 'container' | 'pod' | 'shared' | null;
  /** The hint has an `options` key (applied to shared tmpfs masters). */
  hasOptions: boolean;
  suppressDirectfs: boolean;
  /** The `directfs` value as written, null when the key is absent. */
  directfsValue: string | null;
  /** False when `directfs` was given an invalid value (a warning, reference §3.1). */
  directfsValid: boolean;
}

/** The pod hint set of a case (reference §3.1). */
export interface PodHints {
  /** Fatal key-shape errors; runsc walks a map, so it reports any one of them. */
  fatal: string[];
  /** Every named hint, in order of first appearance. */
  hints: PodHint[];
  /** Hints with source, type and share set. */
  surviving: PodHint[];
  /** Hints dropped for a missing or invalid required field. */
  dropped: PodHint[];
  /** The per-key and dropped-hint warnings runsc logs. */
  warnings: string[];
  /** Sources shared by two surviving hints (always fatal). */
  duplicateSources: string[];
  /** Sources shared by a surviving and a dropped hint (fatal about half the time). */
  flakySources: string[];
}

function setPodField(h: PodHint, key: string, value: string): string | null {
  switch (key) {
    case 'source':
      if (value === '') return 'source cannot be empty';
      h.source = value;
      return null;
    case 'type':
      if (value !== 'bind' && value !== 'tmpfs') return `invalid type ${goQuote(value)}`;
      h.type = value;
      return null;
    case 'share':
      if (value !== 'container' && value !== 'pod' && value !== 'shared')
        return `invalid share value ${goQuote(value)}`;
      h.share = value;
      return null;
    case 'options':
      h.hasOptions = true;
      return null;
    case 'directfs':
      h.directfsValue = value;
      h.directfsValid = value === 'default' || value === 'off';
      if (!h.directfsValid) return `invalid directfs value ${goQuote(value)}, want "default" or "off"`;
      h.suppressDirectfs = value === 'off';
      return null;
    default:
      return `invalid mount annotation: ${key}=${value}`;
  }
}

/** Parses the `dev.gvisor.spec.mount.*` annotations of a case (reference §3.1). */
export function parsePodHints(annotations: Readonly<Record<string, string>>): PodHints {
  const byName = new Map<string, PodHint>();
  const fatal: string[] = [];
  const warnings: string[] = [];
  for (const key of Object.keys(annotations)) {
    if (!key.startsWith(MOUNT_PREFIX)) continue;
    const value = annotations[key] as string;
    // Exactly NAME.FIELD after the prefix: one dot.
    const dot = key.indexOf('.', MOUNT_PREFIX.length);
    if (dot < 0 || key.includes('.', dot + 1)) {
      fatal.push(`invalid mount annotation: ${key}=${value}`);
      continue;
    }
    const name = key.slice(MOUNT_PREFIX.length, dot);
    const field = key.slice(dot + 1);
    if (name === '') {
      fatal.push('invalid mount name: ');
      continue;
    }
    let hint = byName.get(name);
    if (hint === undefined) {
      hint = {
        name,
        source: null,
        type: null,
        share: null,
        hasOptions: false,
        suppressDirectfs: false,
        directfsValue: null,
        directfsValid: true,
      };
      byName.set(name, hint);
    }
    const err = setPodField(hint, field, value);
    if (err !== null)
      warnings.push(
        `ignoring invalid mount annotation (name = ${goQuote(name)}, key = ${goQuote(field)}, value = ${goQuote(value)}): ${err}`,
      );
  }
  const hints = [...byName.values()];
  const surviving = hints.filter((h) => h.source !== null && h.type !== null && h.share !== null);
  const dropped = hints.filter((h) => !surviving.includes(h));
  for (const h of dropped)
    warnings.push(`ignoring mount annotations for ${goQuote(h.name)} because of missing required field(s)`);
  const survivingSources = surviving.map((h) => h.source);
  // Each source once, in order of its second surviving occurrence (duplicates) or first dropped one (flaky).
  const duplicateSources: string[] = [];
  survivingSources.forEach((s, i) => {
    if (s !== null && survivingSources.indexOf(s) !== i && !duplicateSources.includes(s)) duplicateSources.push(s);
  });
  const flakySources: string[] = [];
  for (const { source: s } of dropped)
    if (s !== null && survivingSources.includes(s) && !flakySources.includes(s)) flakySources.push(s);
  return { fatal, hints, surviving, dropped, warnings, duplicateSources, flakySources };
}

/** The rootfs hint of a case (reference §3.2). */
export interface RootfsHint {
  source: string | null;
  type: 'bind' | 'erofs' | null;
  /** Overlay medium, `''` when none. */
  overlay: string;
  suppressDirectfs: boolean;
  /** The `directfs` value as written, null when the key is absent. */
  directfsValue: string | null;
  /** Fatal key errors; runsc stops at the first one in map order, so it reports any one of them. */
  errors: string[];
  /** Source or type missing (fatal, checked only when no key failed). */
  missingFields: boolean;
}

const isAbsolute = (p: string) => p.startsWith('/') || p.startsWith(`${ROOT_TOKEN}/`) || p === ROOT_TOKEN;

function rootfsFieldError(h: RootfsHint, key: string, value: string): string | null {
  switch (key) {
    case 'source':
      if (!isAbsolute(value)) return `source should be an absolute path, got ${goQuote(value)}`;
      h.source = value;
      return null;
    case 'type':
      if (value !== 'bind' && value !== 'erofs') return `invalid type ${goQuote(value)}`;
      h.type = value;
      return null;
    case 'overlay':
      if (value.startsWith('dir=')) {
        if (!isAbsolute(value.slice(4)))
          return `overlay host file directory should be an absolute path, got ${goQuote(value.slice(4))}`;
      } else if (!['', 'memory', 'self'].includes(value)) return `unexpected medium: ${goQuote(value)}`;
      h.overlay = value;
      return null;
    case 'options':
      for (const option of value.split(',')) {
        const eq = option.indexOf('=');
        if (eq < 0) return `rootfs options must be key=value: ${option}`;
        if (option.slice(0, eq) !== 'size') return `invalid rootfs option: ${option}`;
      }
      return null;
    case 'directfs':
      h.directfsValue = value;
      if (value !== 'default' && value !== 'off')
        return `invalid directfs value ${goQuote(value)}, want "default" or "off"`;
      h.suppressDirectfs = value === 'off';
      return null;
    default:
      return `invalid rootfs annotation: ${key}=${value}`;
  }
}

/** Parses the `dev.gvisor.spec.rootfs.*` annotations; null when there are none (reference §3.2). */
export function parseRootfsHint(annotations: Readonly<Record<string, string>>): RootfsHint | null {
  let hint: RootfsHint | null = null;
  for (const [fullKey, value] of Object.entries(annotations)) {
    if (!fullKey.startsWith(ROOTFS_PREFIX)) continue;
    const key = fullKey.slice(ROOTFS_PREFIX.length);
    hint ??= {
      source: null,
      type: null,
      overlay: '',
      suppressDirectfs: false,
      directfsValue: null,
      errors: [],
      missingFields: false,
    };
    const err = rootfsFieldError(hint, key, value);
    if (err !== null)
      hint.errors.push(`invalid rootfs annotation (key = ${goQuote(key)}, value = ${goQuote(value)}): ${err}`);
  }
  if (hint !== null) hint.missingFields = hint.source === null || hint.type === null;
  return hint;
}

/** Start of the fatal error runsc prints for a rootfs hint without source or type. */
export const ROOTFS_MISSING_FIELDS = 'rootfs annotations missing required field(s)';
