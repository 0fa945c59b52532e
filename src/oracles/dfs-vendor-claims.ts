/**
 * What a vendor claim (src/model/vendor-claim.ts) means for the contract:
 * which gofer mounts and whether the root a build with the claiming gofer
 * serves without a host FD, and which parts of the stock contract then
 * depend on the build (measured on runsc:vendor, vendor-gofer/MEASURED.md).
 */
import type { Case } from '../model/case.js';
import { claimGlobOf, claimsSource, matchGlob } from '../model/vendor-claim.js';
import { canonicalSource } from './contract-paths.js';
import { REQUIREMENT_IDS, type RequirementId } from '../model/requirements.js';
import type { TargetInfo } from '../model/target.js';
import type { Contract, MountExpectation, RootExpectation } from './contract.js';

/** The claims of one case, read against its contract's mount expectations. */
export interface VendorClaims {
  /** The claim glob, null when the case claims nothing. */
  glob: string | null;
  /** The glob is not a valid Go `path.Match` pattern (the vendor gofer then fails). */
  malformed: boolean;
  /** Claimed gofer mounts (served over LisaFS, so the claiming gofer serves them). */
  mounts: MountExpectation[];
  /** The root is a gofer mount and its path is claimed. */
  root: boolean;
}

/** The claims of `c` given its mount and root expectations. */
export function vendorClaimsOf(
  c: Case,
  mounts: readonly MountExpectation[],
  root: Pick<RootExpectation, 'gofer'>,
): VendorClaims {
  const glob = claimGlobOf(c.spec.annotations);
  const malformed = glob !== null && matchGlob(glob, '') === 'bad-pattern';
  const claimed = (source: string) => !malformed && claimsSource(glob, source);
  return {
    glob,
    malformed,
    mounts: mounts.filter((m) => m.role === 'gofer' && claimed(m.source)),
    root: root.gofer && claimed(canonicalSource(c.spec.root.path)),
  };
}

/**
 * Why the stock contract cannot say whether the case starts: a claimed mount
 * (or root) that keeps directfs starts on a stock build and fails on a
 * claiming one; a malformed glob fails the claiming gofer.
 */
export function claimUncovered(v: VendorClaims, root: Pick<RootExpectation, 'directfs'>): string[] {
  const out: string[] = [];
  if (v.malformed) out.push(`the vendor claim glob ${JSON.stringify(v.glob)} is malformed`);
  const on = v.mounts.filter((m) => m.directfs === 'on').map((m) => m.destination);
  if (v.root && root.directfs === 'on') on.push('/');
  if (on.length > 0) out.push(`vendor-claimed mounts keep directfs (${on.join(', ')}): a claiming build fails them`);
  return out;
}

/** True when the host-FD warning count depends on the build: a claimed mount or root is opted out. */
export function hostFdDependsOnClaims(v: VendorClaims, root: Pick<RootExpectation, 'optedOut'>): boolean {
  return v.mounts.some((m) => m.optedOut) || (v.root && root.optedOut);
}

/** Target profiles whose gofer claims mounts: the vendor build and its simulator models. */
const CLAIMING_PROFILES: readonly string[] = ['vendor', 'vendorbug'];

/** True for the vendor requirements (`DFS-VENDOR-*`), judged by default only on claiming targets. */
export function isVendorRequirement(id: RequirementId): boolean {
  return id.startsWith('DFS-VENDOR-');
}

/** True for a target whose gofer serves claimed mounts without a host FD (DFS-VENDOR-* apply to it). */
export function claimsMounts(info: Pick<TargetInfo, 'profile'> | undefined): boolean {
  return info !== undefined && CLAIMING_PROFILES.includes(info.profile);
}

/** The requirements judged by default on a target: all, but the vendor ones only where the gofer claims mounts. */
export function requirementsFor(info: Pick<TargetInfo, 'profile'> | undefined): RequirementId[] {
  return REQUIREMENT_IDS.filter((id) => !isVendorRequirement(id) || claimsMounts(info));
}

/** Host-FD warnings a claiming build logs: the stock count minus the opted-out claimed mounts and root. */
export function claimingHostFdWarnings(k: Contract, v: VendorClaims): number {
  if (!k.directfs) return 0;
  return k.hostFdWarnings - v.mounts.filter((m) => m.optedOut).length - (v.root && k.root.optedOut ? 1 : 0);
}

/** Reasons the contract does not cover the case's start other than the claims themselves. */
export function otherUncovered(k: Contract, v: VendorClaims): string[] {
  const own = new Set(claimUncovered(v, k.root));
  return k.uncovered.filter((u) => !own.has(u));
}
