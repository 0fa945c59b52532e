/**
 * Vendor claims for generated cases: a case gets the claim annotation
 * (src/model/vendor-claim.ts) with a glob that claims one gofer mount, several,
 * the root, or nothing, so a case holds claimed and unclaimed mounts, with or
 * without the opt-out its hints give them.
 */
import fc from 'fast-check';
import { ROOT_TOKEN, type Case } from '../model/case.js';
import { absolutizeSource, maskCaseRoot } from '../model/resolve.js';
import { CLAIM_ANNOTATION } from '../model/vendor-claim.js';
import { isGoferCandidate } from '../probe/plan.js';
import { caseArbitrary } from './case-arbitrary.js';

const FAKE_ROOT = '/__dfc_vendor_root__';

/** A spec source as the gofer sees it (absolutized), in ROOT_TOKEN form. */
function goferSource(source: string): string {
  return maskCaseRoot(absolutizeSource(source, FAKE_ROOT), FAKE_ROOT);
}

/** Escapes the `path.Match` metacharacters of a literal path. */
function literalGlob(path: string): string {
  return path.replace(/[*?[\\]/g, (ch) => `\\${ch}`);
}

/** `$ROOT/<first letters>*`: claims every source under the case root whose name starts alike. */
function prefixGlob(source: string): string | null {
  if (!source.startsWith(`${ROOT_TOKEN}/`)) return null;
  const name = source.slice(ROOT_TOKEN.length + 1);
  if (name.includes('/') || name.length < 2) return null;
  return `${ROOT_TOKEN}/${literalGlob(name.slice(0, Math.max(1, name.length - 1)))}*`;
}

/** Globs worth trying for `c`: each gofer source exactly, prefixes, the root, everything, and nothing. */
export function claimGlobsFor(c: Case): { exact: string[]; wide: string[] } {
  const sources = [...new Set(c.spec.mounts.filter(isGoferCandidate).map((m) => goferSource(m.source ?? '')))];
  const exact = sources.map(literalGlob);
  const prefixes = sources.map(prefixGlob).filter((g): g is string => g !== null);
  const root = `${ROOT_TOKEN}/${literalGlob(c.spec.root.path).replace(/.$/, '?')}`;
  return { exact, wide: [...new Set([...prefixes, root, `${ROOT_TOKEN}/*`, `${ROOT_TOKEN}/no-such-source*`])] };
}

/** `c` with the claim annotation set to `glob` (added last, as a vendor would append it). */
export function withClaim(c: Case, glob: string): Case {
  const annotations = { ...c.spec.annotations };
  delete annotations[CLAIM_ANNOTATION];
  annotations[CLAIM_ANNOTATION] = glob;
  return { ...c, spec: { ...c.spec, annotations } };
}

/** Cases of `base` with a claim: mostly one exact gofer source, otherwise a wider (or empty) glob. */
export function withVendorClaim(base: fc.Arbitrary<Case>): fc.Arbitrary<Case> {
  return base.chain((c) => {
    const { exact, wide } = claimGlobsFor(c);
    const globs =
      exact.length > 0
        ? fc.oneof({ arbitrary: fc.constantFrom(...exact), weight: 3 }, fc.constantFrom(...wide))
        : fc.constantFrom(...wide);
    return globs.map((glob) => withClaim(c, glob));
  });
}

/** Any case, half of them with a claim: what `diff` draws when a target claims mounts. */
export function vendorMixArbitrary(): fc.Arbitrary<Case> {
  const any = caseArbitrary();
  return fc.oneof(any, withVendorClaim(any));
}
