/** Path helpers of the contract: spec sources and destinations as runsc compares them (reference §2.1, §3.1). */
import { ROOT_TOKEN, type Case } from '../model/case.js';
import { absolutizeSource, cleanPath, fixtureKind, maskCaseRoot } from '../model/resolve.js';

const FAKE_ROOT = '/__dfc_contract_root__';

/** Canonical sources already computed, by spec source (the same few sources recur in every case). */
const CANONICAL = new Map<string, string>();
const CANONICAL_MAX = 10_000;

/** The absolutized spec source in ROOT_TOKEN form, as FindMount compares it with hint sources (memoised). */
export function canonicalSource(source: string): string {
  let canonical = CANONICAL.get(source);
  if (canonical === undefined) {
    canonical = maskCaseRoot(absolutizeSource(source, FAKE_ROOT), FAKE_ROOT);
    if (CANONICAL.size >= CANONICAL_MAX) CANONICAL.clear();
    CANONICAL.set(source, canonical);
  }
  return canonical;
}

/** Cleaned mount point of a spec destination. */
export function cleanDestination(destination: string): string {
  return cleanPath(destination.startsWith('/') ? destination : `/${destination}`);
}

/** Fixture kind of a canonical source, `outside` when it is not under the case root. */
export function sourceKind(c: Case, source: string): 'dir' | 'file' | 'missing' | 'outside' {
  if (source === ROOT_TOKEN) return 'dir';
  if (!source.startsWith(`${ROOT_TOKEN}/`)) return 'outside';
  return fixtureKind(c, source.slice(ROOT_TOKEN.length + 1));
}
