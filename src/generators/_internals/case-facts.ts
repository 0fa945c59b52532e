/**
 * Facts about a generated case, computed straight from its annotations and
 * mounts with the reference's rules (independently of the drafts), for the
 * generator tests: host paths, parsed hints, matches.
 */
import { ROOT_TOKEN, type Case, type OciMount } from '../../model/case.js';
import { absolutizeSource, resolveRootToken } from '../../model/resolve.js';
import { isGoferCandidate } from '../../probe/plan.js';
import { ROOTFS_HINT_PREFIX, collectMountHints, isCompleteHint, type HintFields } from '../../model/hint-keys.js';

const FAKE_ROOT = '/__case_root__';

export type { HintFields } from '../../model/hint-keys.js';

/** Mount hints by NAME, and whether the key set is fatal (reference §3.1 key shape). */
export interface ParsedHints {
  fatal: boolean;
  hints: Map<string, HintFields>;
}

/** Parses `dev.gvisor.spec.mount.*` annotations. */
export function parseMountHints(c: Case): ParsedHints {
  const { malformed, hints } = collectMountHints(c.spec.annotations);
  return { fatal: malformed, hints };
}

/** reference §3.1 validation: non-empty source, type tmpfs|bind, share container|pod|shared. */
export const hintSurvivesFields = isCompleteHint;

/** True when the hint's source string-equals the mount's absolutized source (reference §3.1 FindMount). */
export function hintMatches(h: HintFields, m: OciMount): boolean {
  if (h.source === undefined || m.source === undefined || m.source === '') return false;
  return resolveRootToken(h.source, FAKE_ROOT) === absolutizeSource(m.source, FAKE_ROOT);
}

/** Surviving hints (when the set is not fatal). */
export function survivingHints(c: Case): HintFields[] {
  const p = parseMountHints(c);
  return p.fatal ? [] : [...p.hints.values()].filter(hintSurvivesFields);
}

/** True when two surviving hints share a source (fatal). */
export function hasDuplicateSurvivors(c: Case): boolean {
  const sources = survivingHints(c).map((h) => h.source);
  return new Set(sources).size !== sources.length;
}

/** True for the flaky shape: a dropped hint with the same source as a surviving one (reference §3.1 nondeterminism). */
export function hasFlakyDrop(c: Case): boolean {
  const p = parseMountHints(c);
  const all = [...p.hints.values()];
  const surviving = new Set(all.filter(hintSurvivesFields).map((h) => h.source));
  return all.some((h) => !hintSurvivesFields(h) && h.source !== undefined && surviving.has(h.source));
}

/** Gofer mounts opted out: matched by a surviving `directfs: off` hint that keeps them on the gofer. */
export function optedOutMounts(c: Case): OciMount[] {
  const offs = survivingHints(c).filter((h) => h.directfs === 'off' && !(h.type === 'tmpfs' && h.share !== 'shared'));
  return c.spec.mounts.filter((m) => isGoferCandidate(m) && offs.some((h) => hintMatches(h, m)));
}

/** Rootfs hint fields, or null when there is none. */
export function rootfsHintFields(c: Case): HintFields | null {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.spec.annotations))
    if (k.startsWith(ROOTFS_HINT_PREFIX)) out[k.slice(ROOTFS_HINT_PREFIX.length)] = v;
  return Object.keys(out).length === 0 ? null : out;
}

/** Every host path the case names: mount sources, `*.source` annotation values, ROOT_TOKEN values. */
export function hostPathsOf(c: Case): string[] {
  const paths = c.spec.mounts.flatMap((m) => (m.source === undefined ? [] : [m.source]));
  for (const [k, v] of Object.entries(c.spec.annotations)) {
    if (k.toLowerCase().endsWith('.source') || v.startsWith(ROOT_TOKEN) || v.startsWith('/')) paths.push(v);
  }
  return paths;
}
