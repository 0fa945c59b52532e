/**
 * Draft → Case: resolves index references, applies the sanitize policy, and
 * writes annotations and fixtures. Pure and total: every draft gives a case.
 */
import { ROOT_TOKEN, type Case, type Fixture, type OciMount } from '../../model/case.js';
import { MOUNT_HINT_PREFIX, ROOTFS_HINT_PREFIX } from '../../model/hint-keys.js';
import type { CaseDraft, ExtraAnnotation, HintDraft, MountDraft, MountPool, RootfsHintDraft } from './drafts.js';
import { draftFixture, isGoferShape, renderMount, shapeFixtureKind } from './mount-shapes.js';
import { avoidOverlayFailures, orderMounts } from './sanitize.js';
import { sourceKey } from './source-key.js';
import { ROOTFS_HINT_SOURCE, hintName, rootPath, unusedSource } from './vocabulary.js';

/** A mount hint with its source written out. */
interface ResolvedHint {
  name: string;
  source: string | null;
  type: string | null;
  share: string | null;
  options: string | null;
  directfs: string | null;
  unknownKey: boolean;
}

/** True when a hint survives validation (reference §3.1: source non-empty, valid type and share). */
export function hintSurvives(h: { source: string | null; type: string | null; share: string | null }): boolean {
  return (
    h.source !== null &&
    h.source !== '' &&
    (h.type === 'bind' || h.type === 'tmpfs') &&
    (h.share === 'container' || h.share === 'pod' || h.share === 'shared')
  );
}

function inPool(m: MountDraft, pool: MountPool): boolean {
  switch (pool) {
    case 'any':
      return true;
    case 'gofer':
      return isGoferShape(m.shape);
    case 'gofer-dir':
      return shapeFixtureKind(m.shape) === 'dir';
    case 'tmpfs-target':
      return shapeFixtureKind(m.shape) === 'dir' || m.shape === 'tmpfs';
  }
}

function resolveHint(h: HintDraft, i: number, drafts: MountDraft[], mounts: OciMount[]): ResolvedHint {
  let source: string | null = null;
  const s = h.source;
  if (s !== null) {
    if (s.ref === 'empty') source = '';
    else if (s.ref === 'unused') source = unusedSource(i);
    else {
      const candidates = mounts.filter((_, k) => inPool(drafts[k] as MountDraft, s.pool));
      const target = candidates[s.index % Math.max(candidates.length, 1)];
      if (target === undefined) source = unusedSource(i);
      else {
        const key = sourceKey(target);
        // reference §3.1: only the exact absolutized string matches.
        if (s.spelling === 'exact') source = key;
        else if (s.spelling === 'slash') source = `${key}/`;
        else if (s.spelling === 'double-slash') source = `${key}//`;
        else source = key.slice(ROOT_TOKEN.length + 1);
      }
    }
  }
  return {
    name: hintName(i),
    source,
    type: h.type,
    share: h.share,
    options: h.options,
    directfs: h.directfs,
    unknownKey: h.unknownKey,
  };
}

/** Redirects later surviving hints whose source repeats an earlier one to a fresh unused source. */
function uniquifySources(hints: ResolvedHint[]): ResolvedHint[] {
  const seen = new Set<string>();
  return hints.map((h, i) => {
    if (!hintSurvives(h) || h.source === null) return h;
    if (seen.has(h.source)) return { ...h, source: unusedSource(i) };
    seen.add(h.source);
    return h;
  });
}

/**
 * reference §3.1 nondeterminism: a dropped hint sharing its source with a
 * surviving one is fatal about half the time. The dropped hint loses its source key.
 */
function removeFlakyDrops(hints: ResolvedHint[]): ResolvedHint[] {
  const surviving = new Set(hints.filter(hintSurvives).map((h) => h.source));
  return hints.map((h) =>
    !hintSurvives(h) && h.source !== null && surviving.has(h.source) ? { ...h, source: null } : h,
  );
}

function hintAnnotations(h: ResolvedHint, out: Record<string, string>): void {
  const p = `${MOUNT_HINT_PREFIX}${h.name}.`;
  if (h.source !== null) out[`${p}source`] = h.source;
  if (h.type !== null) out[`${p}type`] = h.type;
  if (h.share !== null) out[`${p}share`] = h.share;
  if (h.options !== null) out[`${p}options`] = h.options;
  if (h.directfs !== null) out[`${p}directfs`] = h.directfs;
  if (h.unknownKey) out[`${p}DirectFS`] = 'off';
}

function rootfsAnnotations(r: RootfsHintDraft, out: Record<string, string>): void {
  const p = ROOTFS_HINT_PREFIX;
  if (r.source !== null) out[`${p}source`] = r.source === 'abs' ? ROOTFS_HINT_SOURCE : 'rootfs';
  if (r.type !== null) out[`${p}type`] = r.type;
  if (r.overlay !== null) out[`${p}overlay`] = r.overlay;
  if (r.options !== null) out[`${p}options`] = r.options;
  if (r.directfs !== null) out[`${p}directfs`] = r.directfs;
  if (r.unknownKey) out[`${p}DirectFS`] = 'off';
}

/** Key and value of each extra annotation (reference §3.1 key shape). */
export const EXTRA_ENTRIES: Record<ExtraAnnotation, readonly [string, string]> = {
  'dotted-name': [`${MOUNT_HINT_PREFIX}a.b.source`, rootPath('vol1')],
  'dotted-key': [`${MOUNT_HINT_PREFIX}x.directfs.y`, 'off'],
  'empty-name': [`${MOUNT_HINT_PREFIX}.source`, rootPath('vol1')],
  keyless: [`${MOUNT_HINT_PREFIX}vol`, rootPath('vol1')],
  'ignored-prefix': [`Dev.gvisor.spec.mount.x.source`, rootPath('vol1')],
  unrelated: ['org.example.dfc-note', 'x'],
};

/** Fixtures the mounts' sources need, deduplicated and sorted. */
function fixturesOf(drafts: MountDraft[]): Fixture[] {
  const byPath = new Map<string, Fixture>();
  for (const m of drafts) {
    const path = draftFixture(m);
    const kind = shapeFixtureKind(m.shape);
    if (path !== null && kind !== null) byPath.set(path, { path, kind });
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The Case a draft describes. */
export function assemble(d: CaseDraft): Case {
  const strict = d.sanitize.avoidUnrelatedFailures;
  const drafts = strict ? orderMounts(d.mounts) : d.mounts;
  const mounts = drafts.map(renderMount);
  let hints = d.hints.map((h, i) => resolveHint(h, i, drafts, mounts));
  let flags = d.flags;
  if (d.sanitize.uniqueSurvivingSources) hints = uniquifySources(hints);
  if (strict) ({ flags, hints } = avoidOverlayFailures(flags, drafts, mounts, hints, hintSurvives));
  hints = removeFlakyDrops(hints);
  const annotations: Record<string, string> = {};
  for (const h of hints) hintAnnotations(h, annotations);
  if (d.rootfsHint !== null) rootfsAnnotations(d.rootfsHint, annotations);
  for (const e of d.extras) {
    const [k, v] = EXTRA_ENTRIES[e];
    annotations[k] = v;
  }
  return {
    flags,
    spec: { root: { path: 'rootfs', readonly: d.rootReadonly }, mounts, annotations },
    fixtures: fixturesOf(drafts),
  };
}
