/** What an oracle is, and the start handling every oracle shares. */
import type { Case } from '../model/case.js';
import { InternalError } from '../model/errors.js';
import type { Observation } from '../model/observation.js';
import type { PairedRun } from '../model/paired.js';
import type { RequirementId } from '../model/requirements.js';
import type { TargetInfo } from '../model/target.js';
import type { FailureKind, Verdict, VerdictStatus } from '../model/verdict.js';
import { contractOf, type Contract } from './contract.js';
import { hasDirectfsKeys, withoutDirectfsKeys } from '../model/transforms.js';
import type { VariantRun } from './metamorphic.js';

/** Everything an oracle judges one case by. */
export interface OracleContext {
  case: Case;
  obs: Observation;
  /** The same case minus its directfs keys on the same target, or why there is none. */
  paired: PairedRun;
  /** The same case on the pre-feature build, null when there is none. */
  reference: Observation | null;
  /** Observations of transformed cases for the metamorphic relations (src/oracles/metamorphic.ts); absent when not run. */
  variants?: readonly VariantRun[];
  /** The target the case ran on (which vendor requirements apply depends on it); absent in hand-built contexts. */
  target?: TargetInfo;
}

/** One requirement's judge. */
export type Oracle = (ctx: OracleContext) => Verdict;

/** Optional parts of a verdict. */
export interface VerdictExtras {
  observedMounts?: number;
  mount?: string;
  expected?: string;
  observed?: string;
  /** Required in spirit for `failed`: what kind of evidence the failure rests on. */
  kinds?: readonly FailureKind[];
}

/** Builds a verdict; `observedMounts` defaults to 0. */
export function verdict(
  requirement: RequirementId,
  status: VerdictStatus,
  detail: string,
  extras: VerdictExtras = {},
): Verdict {
  const out: Verdict = { requirement, status, observedMounts: extras.observedMounts ?? 0, detail };
  if (extras.mount !== undefined) out.mount = extras.mount;
  if (extras.expected !== undefined) out.expected = extras.expected;
  if (extras.observed !== undefined) out.observed = extras.observed;
  if (status === 'failed') out.failureKinds = [...new Set(extras.kinds ?? [])];
  return out;
}

/** Failure reasons, each with the kind of evidence it rests on. */
export class Problems {
  readonly reasons: string[] = [];
  readonly kinds = new Set<FailureKind>();

  /** Records one reason of kind `kind`. */
  add(kind: FailureKind, reason: string): void {
    this.reasons.push(reason);
    this.kinds.add(kind);
  }

  /** Records several reasons of one kind. */
  addAll(kind: FailureKind, reasons: readonly string[]): void {
    for (const r of reasons) this.add(kind, r);
  }

  get empty(): boolean {
    return this.reasons.length === 0;
  }

  /** The reasons on one line. */
  get text(): string {
    return joinReasons(this.reasons);
  }

  /** The kinds, for {@link VerdictExtras}. */
  get kindList(): FailureKind[] {
    return [...this.kinds];
  }
}

/** True for a run that says nothing conclusive (DESIGN.md: never `passed`). */
export function isInconclusive(obs: Observation): boolean {
  return obs.outcome === 'timed-out' || obs.outcome === 'crashed';
}

/** A run's outcome and, when it did not start, its error. */
export function describeRun(obs: Observation): string {
  return obs.error === null ? obs.outcome : `${obs.outcome}: ${obs.error}`;
}

function describePaired(p: PairedRun): string {
  if (p.kind === 'no-keys') return 'the case has no directfs keys';
  if (p.kind === 'not-run') return 'not run';
  return p.obs.outcome === 'started' ? 'started' : describeRun(p.obs);
}

/**
 * The gofer mounts (and the root) that the contract says are served by the
 * gofer but whose visible line is missing or not 9p/overlay: a mountinfo
 * that shows them otherwise is not the sandbox's (a host's, or made up).
 */
function missingGoferLines(obs: Observation, k: Contract): string[] {
  const known = MISSING_GOFER_LINES.get(obs);
  if (known !== undefined && known.k === k) return known.missing;
  const missing = findMissingGoferLines(obs, k);
  MISSING_GOFER_LINES.set(obs, { k, missing });
  return missing;
}

/** The last answer of {@link missingGoferLines} per observation: every oracle's start gate asks it of the same run. */
const MISSING_GOFER_LINES = new WeakMap<Observation, { k: Contract; missing: string[] }>();

function findMissingGoferLines(obs: Observation, k: Contract): string[] {
  const out: string[] = [];
  const top = (point: string) => obs.mounts.filter((l) => l.mountPoint === point).at(-1);
  const check = (point: string) => {
    const line = top(point);
    if (line === undefined) out.push(`${point} (no line)`);
    else if (line.fsType !== '9p' && line.fsType !== 'overlay') out.push(`${point} (${line.fsType})`);
  };
  for (const m of k.mounts) {
    if (m.role === 'gofer' && m.stackKnown && m.stackPos === m.stackSize - 1) check(m.destination);
  }
  if (k.root.gofer) check('/');
  return [...new Set(out)];
}

/** The verdict when a mount over /proc hides the mountinfo the probe reads: nothing about the mounts is seen. */
export function mountinfoHidden(id: RequirementId, k: Contract): Verdict {
  return verdict(
    id,
    'unobservable',
    `the mount at ${k.mountinfoHiddenBy ?? '/proc'} hides /proc/self/mountinfo: the probe sees no mount line`,
  );
}

/**
 * The verdict for a run that did not start the way the contract says, or
 * null when the oracle should go on and judge the mounts.
 *
 * Ownership of start failures: when the contract predicts a start and the
 * sandbox did not start, every requirement that judges the case's mounts
 * fails with kind `start` — whether or not the same case without its
 * directfs keys fails too (the paired outcome is named in the detail). A
 * start the contract predicts to fail is judged by DFS-HINT-GRAMMAR and
 * DFS-ROOTFS-ERRORS. A started sandbox that shows no mountinfo line at all
 * fails too (every sandbox has at least its root, /proc, /sys and /dev), and
 * so does one whose gofer mounts do not show as gofer lines.
 */
export function startGate(id: RequirementId, ctx: OracleContext, k: Contract): Verdict | null {
  const { obs } = ctx;
  if (isInconclusive(obs)) return verdict(id, 'indeterminate', `run ${describeRun(obs)}`);
  if (obs.outcome === 'started') {
    if (k.fatal !== null) {
      const why = `started although the contract expects a fatal ${k.fatal.stage} error (${k.fatal.fragments.join(' | ')})`;
      const judge =
        k.fatal.stage === 'submounts'
          ? 'a mount error of newer builds that the feature does not decide'
          : 'judged by DFS-HINT-GRAMMAR / DFS-ROOTFS-ERRORS';
      return verdict(id, 'not-applicable', `${why}; ${judge}`);
    }
    if (obs.mounts.length === 0) {
      if (k.mountinfoHiddenBy !== null) return mountinfoHidden(id, k);
      const detail = 'the sandbox started but its mountinfo has no line (a sandbox always shows /, /proc, /sys, /dev)';
      return verdict(id, 'failed', detail, { expected: 'mountinfo lines', observed: 'none', kinds: ['mount-state'] });
    }
    const missing = k.expectStart === 'yes' ? missingGoferLines(obs, k) : [];
    if (missing.length > 0) {
      const detail = `the mountinfo is not this sandbox's: no gofer (9p or overlay) line for ${missing.join(', ')}`;
      return verdict(id, 'failed', detail, {
        expected: 'a gofer line for every gofer mount',
        observed: missing.join(', '),
        kinds: ['mount-state'],
      });
    }
    return null;
  }
  if (k.fatal !== null)
    return verdict(
      id,
      'not-applicable',
      `start failed as the contract expects (${k.fatal.stage}): ${obs.error ?? '(no error text)'}`,
    );
  if (k.expectStart === 'unknown') {
    const why = [...(k.flaky ? ['flaky hint set (reference §3.1)'] : []), ...k.uncovered].join('; ');
    return verdict(
      id,
      'not-applicable',
      `start failed (${obs.error ?? 'no error text'}); the contract does not cover this case: ${why}`,
    );
  }
  return verdict(
    id,
    'failed',
    `the contract says this case starts; observed ${describeRun(obs)} (without the directfs keys: ${describePaired(ctx.paired)})`,
    {
      expected: 'started',
      observed: describeRun(obs),
      kinds: ['start'],
    },
  );
}

/**
 * The paired run is usable for comparison, or the verdict explaining why not:
 * not-applicable when it was not run, indeterminate when it is inconclusive,
 * failed when it did not start although its own contract says it starts,
 * not-applicable otherwise.
 */
export function pairedGate(
  id: RequirementId,
  ctx: OracleContext,
  pairedContract: () => Contract,
): Observation | Verdict {
  const { paired } = ctx;
  if (paired.kind === 'no-keys')
    throw new InternalError(`${id}: a paired run was asked for a case without directfs keys`);
  if (paired.kind === 'not-run')
    return verdict(id, 'not-applicable', 'the paired run (same case without directfs keys) was not made');
  const p = paired.obs;
  if (p.outcome === 'started') {
    if (p.mounts.length > 0) return p;
    const k = pairedContract();
    if (k.mountinfoHiddenBy !== null) return mountinfoHidden(id, k);
    return verdict(id, 'failed', 'the run without directfs keys started but its mountinfo has no line', {
      kinds: ['mount-state'],
    });
  }
  if (isInconclusive(p)) return verdict(id, 'indeterminate', `the run without directfs keys ${describeRun(p)}`);
  if (pairedContract().expectStart === 'yes') {
    return verdict(
      id,
      'failed',
      `the same case without directfs keys must start; observed ${describeRun(p)} while the case with them started`,
      {
        expected: 'started',
        observed: describeRun(p),
        kinds: ['start'],
      },
    );
  }
  return verdict(
    id,
    'not-applicable',
    `the run without directfs keys did not start (${describeRun(p)}) and its contract does not require it to`,
  );
}

/** Joins failure reasons into one detail line. */
export function joinReasons(reasons: readonly string[]): string {
  return reasons.join('; ');
}

/**
 * The shared opening of the oracles that compare a case with its paired run
 * (the same case minus its directfs keys): the contract and the paired
 * observation, or the verdict that ends judging early.
 */
export function gateWithPaired(id: RequirementId, ctx: OracleContext): Verdict | { k: Contract; paired: Observation } {
  if (!hasDirectfsKeys(ctx.case)) return verdict(id, 'not-applicable', 'the case has no directfs keys');
  const k = contractOf(ctx.case);
  const gate = startGate(id, ctx, k);
  if (gate !== null) return gate;
  const paired = pairedGate(id, ctx, () => contractOf(withoutDirectfsKeys(ctx.case)));
  if (!('outcome' in paired)) return paired;
  return { k, paired };
}
