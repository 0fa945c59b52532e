/**
 * The contract of the modern (post-feature) runsc for one case, stated
 * independently of the simulator: which mounts are gofer mounts, which must
 * have directfs, whether the sandbox must start and with which error.
 */
import type { Case, OciMount } from '../model/case.js';
import { isGoferCandidate } from '../probe/plan.js';
import { stackOrderKnown } from '../model/stack-order.js';
import {
  ROOTFS_MISSING_FIELDS,
  goQuote,
  parsePodHints,
  parseRootfsHint,
  type PodHint,
  type PodHints,
  type RootfsHint,
} from './contract-hints.js';
import { canonicalSource, cleanDestination } from './contract-paths.js';
import { findUncoveredShapes } from './contract-shapes.js';
import { claimUncovered, hostFdDependsOnClaims, vendorClaimsOf } from './dfs-vendor-claims.js';

/** Whether the contract says the sandbox starts. */
export type ExpectStart = 'yes' | 'no' | 'unknown';

/**
 * A fatal start error the contract predicts: runsc prints an error containing any one of the fragments.
 * Stages in the order runsc meets them: flag validation, spec validation, pod hints, rootfs hint, and the
 * sentry's submounts (a mount error that does not come from the feature, see {@link sharedMountBusy}).
 */
export interface FatalExpectation {
  stage: 'flags' | 'spec' | 'pod-hints' | 'rootfs-hint' | 'submounts';
  fragments: string[];
}

/** How one spec mount is served (reference §2.2, §2.3). */
export type MountRole = 'gofer' | 'hint-tmpfs' | 'internal';

/** Expectations for one spec mount. */
export interface MountExpectation {
  index: number;
  /** Cleaned destination (the mountinfo mount point). */
  destination: string;
  /** Absolutized source in ROOT_TOKEN form, `''` when none. */
  source: string;
  role: MountRole;
  /** The surviving hint whose source string-equals `source`. */
  hint: PodHint | null;
  /** Expected directfs state of a gofer mount, null for other roles. */
  directfs: 'on' | 'off' | null;
  /** Off because of a matched `directfs: off` hint with --directfs on. */
  optedOut: boolean;
  /** Expected under an overlay (its state then shows only in the host-FD warnings). */
  overlaid: boolean;
  /** Position in mount order among the spec mounts at the same destination (the last one is on top). */
  stackPos: number;
  stackSize: number;
  /** False when runsc's unstable sort (more than 12 mounts) makes the order at a shared destination unknown. */
  stackKnown: boolean;
}

/** Expectations for the root mount. */
export interface RootExpectation {
  gofer: boolean;
  directfs: 'on' | 'off' | null;
  optedOut: boolean;
  overlaid: boolean;
}

/** The contract of one case. */
export interface Contract {
  /** Effective --directfs. */
  directfs: boolean;
  podHints: PodHints;
  rootfsHint: RootfsHint | null;
  /** The rootfs hint parses and has source and type. */
  rootfsHintValid: boolean;
  mounts: MountExpectation[];
  root: RootExpectation;
  expectStart: ExpectStart;
  fatal: FatalExpectation | null;
  /** A dropped hint shares its source with a surviving one, nothing before the pod hints is fatal (reference §3.1). */
  flaky: boolean;
  /** Fatal fragments a flaky case may show instead of starting or of its rootfs hint error. */
  flakyFragments: string[];
  /** Why the start is `unknown` besides flakiness: shapes the contract does not cover. */
  uncovered: string[];
  /** Expected count of "Mount RPC returned a host FD to mount point without directfs" warnings. */
  hostFdWarnings: number;
  /** A vendor-claimed mount is opted out: a claiming build logs fewer host-FD warnings than `hostFdWarnings`. */
  hostFdClaimDependent: boolean;
  /** The gofer must keep its LisaFS seccomp rules for an opted-out mount (reference §4). */
  lisafsNeeded: boolean;
  /** The spec destination of a mount over /proc that hides /proc/self/mountinfo from the probe, or null. */
  mountinfoHiddenBy: string | null;
}

/** Syscalls the gofer adds for LisaFS when an opt-out needs them (verified: 56 → 72 on the modern build). */
export const LISAFS_EXTRA_SYSCALLS = 16;

const isSandboxLocal = (h: PodHint | null) => h !== null && (h.share === 'container' || h.share === 'pod');

/** Where a spec mount sits among the spec mounts at its destination. */
type StackPlace = Pick<MountExpectation, 'stackPos' | 'stackSize' | 'stackKnown'>;

/** Each expectation is built once, as one literal: a contract is computed for every case judged. */
function expectMount(
  c: Case,
  m: OciMount,
  index: number,
  destination: string,
  stack: StackPlace,
  hints: PodHints,
  directfs: boolean,
): MountExpectation {
  const source = m.source === undefined || m.source === '' ? '' : canonicalSource(m.source);
  const hint = source === '' ? null : (hints.surviving.find((h) => h.source === source) ?? null);
  const { stackPos, stackSize, stackKnown } = stack;
  const expect = (role: MountRole, state: 'on' | 'off' | null, optedOut: boolean, overlaid: boolean) => ({
    index,
    destination,
    source,
    hint,
    role,
    directfs: state,
    optedOut,
    overlaid,
    stackPos,
    stackSize,
    stackKnown,
  });
  if (!isGoferCandidate(m)) return expect('internal', null, false, false);
  // reference §2.3: a tmpfs hint shared by container or pod turns the bind into a sentry tmpfs.
  if (hint !== null && hint.type === 'tmpfs' && isSandboxLocal(hint)) return expect('hint-tmpfs', null, false, false);
  const optedOut = directfs && hint !== null && hint.suppressDirectfs;
  const readonly = (m.options ?? []).includes('ro');
  const overlaid = isSandboxLocal(hint) || (!readonly && (c.flags.overlay2 ?? '').startsWith('all:'));
  return expect('gofer', directfs && !optedOut ? 'on' : 'off', optedOut, overlaid);
}

/**
 * Orders the spec mounts at each destination the way runsc mounts them:
 * sorted by cleaned destination length, so at one destination in spec order
 * and the last one ends up on top (verified: `/a/` then `/a` shows `/a` on top).
 */
function stackPlaces(c: Case, destinations: readonly string[]): StackPlace[] {
  const stable = stackOrderKnown(c);
  return destinations.map((d, i) => {
    let stackPos = 0;
    let stackSize = 0;
    for (let j = 0; j < destinations.length; j++) {
      if (destinations[j] !== d) continue;
      if (j < i) stackPos += 1;
      stackSize += 1;
    }
    return { stackPos, stackSize, stackKnown: stackSize === 1 || stable };
  });
}

function expectRoot(c: Case, hint: RootfsHint | null, hintValid: boolean, directfs: boolean): RootExpectation {
  const readonly = c.spec.root.readonly;
  const gofer = !hintValid || hint?.type === 'bind';
  const overlaid = readonly ? false : hintValid ? hint?.overlay !== '' : c.flags.overlay2 !== 'none';
  if (!gofer) return { gofer, directfs: null, optedOut: false, overlaid };
  const optedOut = directfs && hintValid && hint?.suppressDirectfs === true;
  return { gofer, directfs: directfs && !optedOut ? 'on' : 'off', optedOut, overlaid };
}

/** Start of the error runsc's flag validation gives shared root file access with an overlay (reference §1). */
export const SHARED_ROOT_OVERLAY = 'overlay flag is incompatible with shared file access';
/** Propagation options a gofer mount's spec may not carry (reference §8). */
const REJECTED_PROPAGATION = ['shared', 'rshared'];

/** The spec validation error of the first gofer mount with a rejected propagation option, or null. */
function specErrorOf(c: Case): string | null {
  for (const m of c.spec.mounts) {
    const bad = isGoferCandidate(m) ? (m.options ?? []).find((o) => REJECTED_PROPAGATION.includes(o)) : undefined;
    if (bad !== undefined) return `mount option ${goQuote(bad)} is not supported`;
  }
  return null;
}

/** Whether a mount goes through runsc's shared-mount path: its source matches a tmpfs hint shared by container or pod. */
const isSharedTmpfs = (m: MountExpectation): boolean =>
  m.hint !== null && m.hint.type === 'tmpfs' && isSandboxLocal(m.hint);

/**
 * The error of mounting one sandbox-local shared tmpfs twice in a row at one
 * mount point, whatever the spec mount's own type. Observed on the modern
 * build (as Linux refuses the same filesystem root on its own mount point):
 * `mount shared mount "h2" to "/tmp": device or resource busy`; the
 * pre-feature and 2022 builds start, so this difference between the builds
 * does not come from the feature. Null when no two such mounts are adjacent
 * at one destination; 'unknown' when their order there is not known.
 */
export function sharedMountBusy(c: Case, mounts: readonly MountExpectation[]): FatalExpectation | 'unknown' | null {
  if (!mounts.some(isSharedTmpfs)) return null;
  const fragments: string[] = [];
  let unknown = false;
  for (const [i, m] of mounts.entries()) {
    if (!isSharedTmpfs(m) || m.stackPos === 0) continue;
    const sameMount = (o: MountExpectation | undefined) =>
      o !== undefined && isSharedTmpfs(o) && o.hint?.name === m.hint?.name;
    const below = mounts.slice(0, i).filter((o) => o.destination === m.destination);
    if (!m.stackKnown) unknown ||= below.some(sameMount);
    else if (sameMount(below.at(-1))) {
      const destination = c.spec.mounts[m.index]?.destination ?? m.destination;
      fragments.push(
        `mount shared mount ${goQuote(m.hint?.name ?? '')} to ${goQuote(destination)}: device or resource busy`,
      );
    }
  }
  if (fragments.length > 0) return { stage: 'submounts', fragments };
  return unknown ? 'unknown' : null;
}

/**
 * The destination of the top spec mount at /proc when it is not a proc
 * filesystem: it hides /proc/self/mountinfo, so the probe prints no mount line
 * (observed on the modern build with a tmpfs at /proc).
 */
function mountinfoHiddenBy(c: Case, mounts: readonly MountExpectation[]): string | null {
  const atProc = mounts.filter((m) => m.destination === '/proc');
  const top = atProc.at(-1);
  if (top === undefined) return null;
  const hides = (m: MountExpectation) => c.spec.mounts[m.index]?.type !== 'proc';
  if (!top.stackKnown ? atProc.some(hides) : hides(top)) return c.spec.mounts[top.index]?.destination ?? '/proc';
  return null;
}

function fatalOf(c: Case, hints: PodHints, rootfs: RootfsHint | null): FatalExpectation | null {
  // Observed on the modern build: flags are validated before the spec is read, the spec before any hint.
  if (c.flags.fileAccess === 'shared' && c.flags.overlay2 !== 'none')
    return { stage: 'flags', fragments: [SHARED_ROOT_OVERLAY] };
  const spec = specErrorOf(c);
  if (spec !== null) return { stage: 'spec', fragments: [spec] };
  // reference §3.3: the host parses pod hints before it creates the gofer (rootfs hint).
  // Error lines are read without trailing blanks, so "invalid mount name: " (empty name) is matched trimmed.
  if (hints.fatal.length > 0) return { stage: 'pod-hints', fragments: hints.fatal.map((f) => f.trimEnd()) };
  // The duplicate check walks the hints in map order: a dropped hint sharing a source may collide first.
  if (hints.duplicateSources.length > 0)
    return {
      stage: 'pod-hints',
      fragments: [...hints.duplicateSources, ...hints.flakySources].map(
        (s) => `have the same mount source ${goQuote(s)}`,
      ),
    };
  if (rootfs !== null && rootfs.errors.length > 0)
    return { stage: 'rootfs-hint', fragments: rootfs.errors.map((f) => f.trimEnd()) };
  if (rootfs !== null && rootfs.missingFields) return { stage: 'rootfs-hint', fragments: [ROOTFS_MISSING_FIELDS] };
  return null;
}

/** Contracts already computed, per case object: every oracle asks for the contract of the same case. */
const CONTRACTS = new WeakMap<Case, Contract>();

/**
 * The contract of `c` on a modern runsc (DESIGN.md requirements, reference §2–§4).
 * Memoised per case object; cases are immutable values, and callers only read the contract.
 */
export function contractOf(c: Case): Contract {
  let k = CONTRACTS.get(c);
  if (k === undefined) {
    k = computeContract(c);
    CONTRACTS.set(c, k);
  }
  return k;
}

function computeContract(c: Case): Contract {
  const directfs = c.flags.directfs !== false;
  const podHints = parsePodHints(c.spec.annotations);
  const rootfsHint = parseRootfsHint(c.spec.annotations);
  const rootfsHintValid = rootfsHint !== null && rootfsHint.errors.length === 0 && !rootfsHint.missingFields;
  const destinations = c.spec.mounts.map((m) => cleanDestination(m.destination));
  const stacks = stackPlaces(c, destinations);
  const mounts = c.spec.mounts.map((m, i) =>
    expectMount(c, m, i, destinations[i] as string, stacks[i] as StackPlace, podHints, directfs),
  );
  const root = expectRoot(c, rootfsHint, rootfsHintValid, directfs);
  const busy = sharedMountBusy(c, mounts);
  const fatal = fatalOf(c, podHints, rootfsHint) ?? (busy === 'unknown' ? null : busy);
  // A flaky pod hint error, when it fires, comes before any rootfs hint or submount error (reference §3.3).
  const late = fatal === null || fatal.stage === 'rootfs-hint' || fatal.stage === 'submounts';
  const flaky = late && podHints.flakySources.length > 0;
  const flakyFragments = flaky ? podHints.flakySources.map((s) => `have the same mount source ${goQuote(s)}`) : [];
  const claims = vendorClaimsOf(c, mounts, root);
  const uncovered = [...findUncoveredShapes(c, mounts, root, rootfsHint), ...claimUncovered(claims, root)];
  if (busy === 'unknown' && fatal === null)
    uncovered.push('one shared tmpfs hint on several mounts at one destination, in an order runsc does not keep');
  const optedOut = mounts.filter((m) => m.role === 'gofer' && m.optedOut).length + (root.optedOut ? 1 : 0);
  return {
    directfs,
    podHints,
    rootfsHint,
    rootfsHintValid,
    mounts,
    root,
    expectStart: fatal !== null ? 'no' : flaky || uncovered.length > 0 ? 'unknown' : 'yes',
    fatal,
    flaky,
    flakyFragments,
    uncovered,
    // Verified on the modern build: one warning per opted-out lisafs mount, overlaid or not, each destination of a shared source, and the root.
    hostFdWarnings: directfs ? optedOut : 0,
    hostFdClaimDependent: directfs && hostFdDependsOnClaims(claims, root),
    lisafsNeeded: directfs && optedOut > 0,
    mountinfoHiddenBy: mountinfoHiddenBy(c, mounts),
  };
}
