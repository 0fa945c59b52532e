/**
 * runsc's global configuration as the model needs it: the case's flags with
 * the profile's defaults filled in (reference §1), and the flag-level checks
 * that fail before any log is written.
 */
import type { FileAccess, RunscFlags } from '../model/case.js';
import { goQuote } from './log.js';
import type { ProfileSpec } from './profiles.js';

/** A parsed `--overlay2` value. */
export interface Overlay2 {
  root: boolean;
  submounts: boolean;
  /** '' (none), `memory`, `self` or `dir=/abs`. */
  medium: string;
  size: string;
}

/** The resolved configuration of one run. */
export interface SimConfig {
  directfs: boolean;
  overlay: Overlay2;
  fileAccess: FileAccess;
  fileAccessMounts: FileAccess;
  /** Global flags as runsc re-serialises them into the gofer/sandbox command lines (explicitly set ones only). */
  explicitFlags: string[];
}

/** Parses an `--overlay2` value (config.Overlay2.Set); returns the error text on failure. */
export function parseOverlay2(v: string, profile: ProfileSpec): Overlay2 | { error: string } {
  if (v === 'none') return { root: false, submounts: false, medium: '', size: '' };
  const parts = profile.overlay2SizeSyntax ? v.split(',') : [v];
  const vs = (parts[0] ?? '').split(':');
  if (vs.length !== 2) return overlay2FormatError(v, profile);
  const [mount, medium] = vs as [string, string];
  if (mount !== 'root' && mount !== 'all')
    return { error: `unexpected mount specifier for --overlay2: ${goQuote(mount)}` };
  if (profile.overlay2SizeSyntax && !['', 'memory', 'self'].includes(medium)) {
    if (!medium.startsWith('dir=')) return { error: `unexpected medium: ${goQuote(medium)}` };
    const dir = medium.slice('dir='.length);
    if (!dir.startsWith('/'))
      return { error: `overlay host file directory should be an absolute path, got ${goQuote(dir)}` };
  }
  let size = '';
  if (parts.length === 2) {
    const arg = parts[1] ?? '';
    if (!arg.startsWith('size=')) return overlay2FormatError(v, profile);
    size = arg.slice('size='.length);
  } else if (parts.length > 2) return overlay2FormatError(v, profile);
  return { root: true, submounts: mount === 'all', medium, size };
}

/** The format error of an `--overlay2` value; built only when the value is malformed (every run parses one). */
function overlay2FormatError(v: string, profile: ProfileSpec): { error: string } {
  const format = profile.overlay2SizeSyntax ? '{mount}:{medium}[,size={size}]' : '{mount}:{medium}';
  return { error: `expected format is --overlay2=${format}, got ${goQuote(v)}` };
}

/** The configuration a case's flags give under a profile (flags already valid for the profile). */
export function resolveConfig(flags: RunscFlags, profile: ProfileSpec): SimConfig {
  const overlayText = flags.overlay2 ?? profile.defaultOverlay2;
  const parsed = parseOverlay2(overlayText, profile);
  const overlay = 'error' in parsed ? { root: false, submounts: false, medium: '', size: '' } : parsed;
  const explicitFlags: string[] = [];
  if (flags.overlay2 !== null) explicitFlags.push(`--overlay2=${flags.overlay2}`);
  if (flags.fileAccess !== null) explicitFlags.push(`--file-access=${flags.fileAccess}`);
  if (flags.fileAccessMounts !== null) explicitFlags.push(`--file-access-mounts=${flags.fileAccessMounts}`);
  if (flags.directfs !== null) explicitFlags.push(`--directfs=${flags.directfs}`);
  return {
    directfs: profile.directfsFlag ? (flags.directfs ?? true) : false,
    overlay,
    fileAccess: flags.fileAccess ?? 'exclusive',
    fileAccessMounts: flags.fileAccessMounts ?? 'shared',
    explicitFlags,
  };
}

/** Medium of the root overlay ('' = none). */
export function rootMedium(cfg: SimConfig): string {
  return cfg.overlay.root ? cfg.overlay.medium : '';
}

/** Medium of submount overlays ('' = none). */
export function submountMedium(cfg: SimConfig): string {
  return cfg.overlay.submounts ? cfg.overlay.medium : '';
}

/** A failure that happens before runsc writes any log: flag parsing (exit 2) or config validation (exit 128). */
export interface EarlyFailure {
  exitCode: number;
  stderr: string;
}

/**
 * Flag-level failures of a case under a profile: an unknown `--directfs`
 * (20221219), and shared root file access with a root overlay (reference §1).
 * `cfg` is resolveConfig() of the same flags, which the run needs anyway.
 */
export function earlyFailure(flags: RunscFlags, profile: ProfileSpec, cfg: SimConfig): EarlyFailure | null {
  if (flags.directfs !== null && !profile.directfsFlag) {
    return { exitCode: 2, stderr: `flag provided but not defined: -directfs\n${profile.usage}` };
  }
  if (cfg.fileAccess === 'shared' && cfg.overlay.medium !== '') {
    return { exitCode: 128, stderr: `${profile.sharedRootOverlayError}\n` };
  }
  return null;
}
