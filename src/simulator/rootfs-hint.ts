/**
 * The rootfs hint (`dev.gvisor.spec.rootfs.<KEY>`), reference §3.2: every
 * error is fatal for the container; `directfs` needs `source` and `type`.
 * Keys are applied in annotation insertion order (Go map order in runsc).
 */
import { ROOTFS_HINT_PREFIX } from '../model/hint-keys.js';
import { goQuote, info, type LogLine } from './log.js';
import type { ProfileSpec } from './profiles.js';
import type { FaultName } from './mutants.js';

/** A parsed rootfs hint. */
export interface RootfsHint {
  source: string;
  /** `bind`, `erofs` or '' when unset. */
  type: string;
  /** Overlay medium: '' (none), `memory`, `self` or `dir=/abs`. */
  overlay: string;
  size: string;
  suppress: boolean;
}

/** Result of parsing the rootfs hint. */
export interface RootfsHintResult {
  hint: RootfsHint | null;
  log: LogLine[];
  error: string | null;
}

function isAbs(p: string): boolean {
  return p.startsWith('/');
}

function setOverlay(h: RootfsHint, val: string): string | null {
  if (val === '' || val === 'memory' || val === 'self') {
    h.overlay = val;
    return null;
  }
  if (!val.startsWith('dir=')) return `unexpected medium: ${goQuote(val)}`;
  const dir = val.slice('dir='.length);
  if (!isAbs(dir)) return `overlay host file directory should be an absolute path, got ${goQuote(dir)}`;
  h.overlay = val;
  return null;
}

function setOptions(h: RootfsHint, val: string): string | null {
  for (const option of val.split(',')) {
    const eq = option.indexOf('=');
    if (eq < 0) return `rootfs options must be key=value: ${option}`;
    const k = option.slice(0, eq);
    const v = option.slice(eq + 1);
    if (k !== 'size') return `invalid rootfs option: ${k}=${v}`;
    h.size = v;
  }
  return null;
}

function setField(
  h: RootfsHint,
  key: string,
  val: string,
  profile: ProfileSpec,
  faults: ReadonlySet<FaultName>,
): string | null {
  switch (key) {
    case 'source':
      if (!isAbs(val)) return `source should be an absolute path, got ${goQuote(val)}`;
      h.source = val;
      return null;
    case 'type':
      if (val !== 'erofs' && val !== 'bind') return `invalid type ${goQuote(val)}`;
      h.type = val;
      return null;
    case 'overlay':
      return setOverlay(h, val);
    case 'options':
      return setOptions(h, val);
    case 'directfs':
      if (profile.rootfsHint !== 'honoured') break;
      if (val !== 'default' && val !== 'off') {
        if (faults.has('rootfs-invalid-value-ignored')) return null;
        return `invalid directfs value ${goQuote(val)}, want "default" or "off"`;
      }
      if (faults.has('ignore-rootfs-key')) return null;
      h.suppress = val === 'off' || (val === 'default' && faults.has('rootfs-default-suppresses'));
      return null;
  }
  return `invalid rootfs annotation: ${key}=${val}`;
}

/** Go `%+v` of the hint, as printed in the missing-fields error. */
function dumpHint(h: RootfsHint, profile: ProfileSpec): string {
  const mount = `Mount:{Destination: Type:${h.type} Source:${h.source} Options:[] UIDMappings:[] GIDMappings:[]}`;
  const tail = profile.rootfsHint === 'honoured' ? ` SuppressDirectFS:${h.suppress}` : '';
  return `&{${mount} Overlay:${h.overlay} Size:${h.size}${tail}}`;
}

/** Parses the rootfs hint of a spec (reference §3.2); `absent` profiles ignore the keys. */
export function parseRootfsHint(
  annotations: readonly (readonly [string, string])[],
  profile: ProfileSpec,
  faults: ReadonlySet<FaultName>,
): RootfsHintResult {
  if (profile.rootfsHint === 'absent') return { hint: null, log: [], error: null };
  let hint: RootfsHint | null = null;
  for (let i = 0; i < annotations.length; i++) {
    const entry = annotations[i] as readonly [string, string];
    // Indexed, not destructured, as in parsePodHints (hints.ts).
    const fullKey = entry[0];
    const val = entry[1];
    if (!fullKey.startsWith(ROOTFS_HINT_PREFIX)) continue;
    const key = fullKey.slice(ROOTFS_HINT_PREFIX.length);
    hint ??= { source: '', type: '', overlay: '', size: '', suppress: false };
    const err = setField(hint, key, val, profile, faults);
    if (err !== null) {
      return {
        hint: null,
        log: [],
        error: `invalid rootfs annotation (key = ${goQuote(key)}, value = ${goQuote(val)}): ${err}`,
      };
    }
  }
  if (hint === null) return { hint: null, log: [], error: null };
  const base = `Rootfs annotations found, source: ${goQuote(hint.source)}, type: ${goQuote(hint.type)}, overlay: ${goQuote(hint.overlay)}`;
  const log = [
    info('rootfsFound', profile.rootfsHint === 'honoured' ? `${base}, suppress_directfs: ${hint.suppress}` : base),
  ];
  if (hint.source === '' || hint.type === '') {
    return { hint: null, log, error: `rootfs annotations missing required field(s): ${dumpHint(hint, profile)}` };
  }
  return { hint, log, error: null };
}
