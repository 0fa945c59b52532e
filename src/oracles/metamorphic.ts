/**
 * Metamorphic relations: transformations of a case that must not change what
 * runsc does, checked without any model of runsc internals. Each relation is
 * owned by the requirement whose failure it reveals.
 */
import type { Case } from '../model/case.js';
import { caseJson } from '../model/case-json.js';
import { caseMemo } from '../model/case-memo.js';
import type { Observation } from '../model/observation.js';
import type { RequirementId } from '../model/requirements.js';
import { cleanPath } from '../model/resolve.js';
import { permuteAnnotations, permuteMounts, renameHintNames, withDefaultForAbsent } from '../model/transforms.js';
import { errorStage } from '../model/normalize.js';

/** The relations, each with the requirement that owns it. */
export const RELATIONS = {
  'default-for-absent': {
    owner: 'DFS-KEEP',
    statement: 'adding `directfs: default` to every hint without the key changes nothing (default ≡ absent)',
  },
  'renamed-hints': {
    owner: 'DFS-OPT-OUT',
    statement: 'renaming every mount hint NAME changes no per-destination result (hints match by source)',
  },
  'permuted-annotations': {
    owner: 'DFS-OPT-OUT',
    statement: 'reversing the annotation order changes no per-destination result',
  },
  'permuted-mounts': {
    owner: 'DFS-OPT-OUT',
    statement: 'reversing the order of non-nesting mounts changes no per-destination result',
  },
} as const satisfies Record<string, { owner: RequirementId; statement: string }>;

/** A relation name. */
export type RelationName = keyof typeof RELATIONS;

/** The observation of a transformed case, for one relation. */
export interface VariantRun {
  relation: RelationName;
  obs: Observation;
}

function reversed(n: number): number[] {
  return Array.from({ length: n }, (_, i) => n - 1 - i);
}

/** Destinations where runsc forces its own filesystem type, shifting the gofer confs of later mounts. */
const SYSTEM_DESTINATIONS = ['/proc', '/sys', '/dev'];

/**
 * True when no two destinations of the case are equal or nested and none is a system mount point (mount order
 * then cannot matter; observed on the modern build: a bind at /dev/pts fails with a different FD-dispenser error
 * depending on which mount comes first).
 */
export function destinationsIndependent(c: Case): boolean {
  const dests = c.spec.mounts.map((m) => cleanPath(`/${m.destination}`));
  if (dests.some((d) => SYSTEM_DESTINATIONS.some((s) => d === s || d.startsWith(`${s}/`)))) return false;
  return dests.every((a, i) => dests.every((b, j) => i === j || (a !== b && !b.startsWith(`${a}/`) && !(a === '/'))));
}

/** Variant cases already built, per case object and requirement (prefetch and judging ask twice). */
const VARIANTS = caseMemo<RequirementId, { relation: RelationName; case: Case }[]>();

/**
 * The transformed cases the relations owned by `requirement` need (only those that differ from `c`).
 * Memoised per case object, so the same variant objects hit the observation memo.
 */
export function variantCases(c: Case, requirement: RequirementId): { relation: RelationName; case: Case }[] {
  return [...VARIANTS(c, requirement, () => buildVariantCases(c, requirement))];
}

function buildVariantCases(c: Case, requirement: RequirementId): { relation: RelationName; case: Case }[] {
  const out: { relation: RelationName; case: Case }[] = [];
  const owned = (relation: RelationName): boolean => RELATIONS[relation].owner === requirement;
  if (!Object.keys(RELATIONS).some((r) => owned(r as RelationName))) return out;
  const original = caseJson(c);
  const add = (relation: RelationName, v: Case): void => {
    if (caseJson(v) !== original) out.push({ relation, case: v });
  };
  if (owned('default-for-absent')) add('default-for-absent', withDefaultForAbsent(c, { includeRootfs: true }));
  if (owned('renamed-hints')) add('renamed-hints', renameHintNames(c, 'r'));
  if (owned('permuted-annotations')) {
    add('permuted-annotations', permuteAnnotations(c, reversed(Object.keys(c.spec.annotations).length)));
  }
  if (owned('permuted-mounts') && destinationsIndependent(c)) {
    add('permuted-mounts', permuteMounts(c, reversed(c.spec.mounts.length)));
  }
  return out;
}

/** The pseudo-fact under which {@link relationProblems} compares start error stages. */
const ERROR_STAGE = 'error stage';

/** Facts already extracted, per observation object: the original is compared with every variant. */
const FACTS = new WeakMap<Observation, ReadonlyMap<string, string>>();

/** Per-destination facts that none of the relations may change (memoised per observation object). */
function facts(obs: Observation): ReadonlyMap<string, string> {
  let known = FACTS.get(obs);
  if (known === undefined) {
    known = extractFacts(obs);
    FACTS.set(obs, known);
  }
  return known;
}

/** The index a Go panic names (e.g. the number of gofer confs made before a failure) depends on mount order. */
const PANIC_INDEX = /index out of range \[\d+\] with length \d+/g;

function extractFacts(obs: Observation): Map<string, string> {
  const out = new Map<string, string>();
  out.set('outcome', obs.outcome);
  // A failed start leaves as many host-FD warnings as mounts were made before the failing one: order-dependent.
  if (obs.outcome === 'started') out.set('host-FD warnings', String(obs.hostFdWithoutDirectfs));
  const lines = new Map<string, string[]>();
  for (const m of obs.mounts)
    lines.set(m.mountPoint, [
      ...(lines.get(m.mountPoint) ?? []),
      `${m.fsType} ${m.mountOptions} ${m.superOptions.join(',')}`,
    ]);
  for (const [point, ls] of lines) out.set(`mount ${point}`, ls.join(' | '));
  for (const w of obs.workload) out.set(`op ${w.destination} ${w.op}`, w.ok ? 'ok' : 'fail');
  for (const h of obs.hostChecks) out.set(`host check ${h.destination} ${h.check}`, h.ok ? 'ok' : 'fail');
  return out;
}

/**
 * The stage of a start error, up to the fatal cause when it is one of several (runsc reports the first it
 * meets in Go map order, so which one shows may change with any transformation), panic indexes masked.
 */
export function comparableStage(error: string | null, fatalFragments: readonly string[]): string {
  if (error === null) return 'null';
  const at =
    fatalFragments.length > 1 ? Math.min(...fatalFragments.map((f) => error.indexOf(f)).filter((i) => i >= 0)) : -1;
  const cut = Number.isFinite(at) && at >= 0 ? `${error.slice(0, at)}(one of the fatal causes)` : error;
  return String(errorStage(cut.replace(PANIC_INDEX, 'index out of range [N] with length N')));
}

/**
 * Differences between the original and the transformed case's observations (empty when the relation holds).
 * `fatalFragments`: the fatal causes the contract lets runsc report, of both cases.
 */
export function relationProblems(
  original: Observation,
  variant: Observation,
  fatalFragments: readonly string[] = [],
): string[] {
  // The facts and the error stage compared in place: no fact key is `error stage`, and most relations hold.
  const a = facts(original);
  const b = facts(variant);
  const stageA = comparableStage(original.error, fatalFragments);
  const stageB = comparableStage(variant.error, fatalFragments);
  const keys: string[] = [];
  for (const [k, v] of a) if (b.get(k) !== v) keys.push(k);
  for (const k of b.keys()) if (!a.has(k)) keys.push(k);
  if (stageA !== stageB) keys.push(ERROR_STAGE);
  if (keys.length === 0) return [];
  const get = (m: ReadonlyMap<string, string>, stage: string, k: string) => (k === ERROR_STAGE ? stage : m.get(k));
  return keys.sort().map((k) => `${k}: ${get(a, stageA, k) ?? '(absent)'} → ${get(b, stageB, k) ?? '(absent)'}`);
}
