/** DFS-DEFAULT-UNCHANGED: a case without directfs keys behaves the same on the pre-feature and the post-feature build. */
import type { FailureKind } from '../model/verdict.js';
import { diffObservations } from '../model/normalize.js';
import { hasDirectfsKeys } from '../model/transforms.js';
import { contractOf } from './contract.js';
import { hasClaim } from '../model/vendor-claim.js';
import { isInconclusive, verdict, type Oracle } from './oracle.js';

const ID = 'DFS-DEFAULT-UNCHANGED';

/** The kind of evidence each difference line of `diffObservations` rests on. */
function diffKinds(diff: readonly string[]): FailureKind[] {
  const kindOf = (d: string): FailureKind => {
    if (d.startsWith('mount ')) return 'mount-state';
    if (d.startsWith('workload') || d.startsWith('host check')) return 'workload';
    return d.startsWith('hint') ? 'warning' : 'start';
  };
  return [...new Set(diff.map(kindOf))];
}

/** Judges DFS-DEFAULT-UNCHANGED by the normalised observations (src/harness/normalize.ts). */
export const dfsDefaultUnchanged: Oracle = (ctx) => {
  if (hasDirectfsKeys(ctx.case)) return verdict(ID, 'not-applicable', 'the case has directfs keys');
  const k = contractOf(ctx.case);
  if (k.flaky)
    return verdict(ID, 'not-applicable', 'flaky hint set: runsc itself is nondeterministic here (reference §3.1)');
  if (k.fatal?.stage === 'submounts')
    return verdict(
      ID,
      'not-applicable',
      `the builds differ here for a reason outside the feature: ${k.fatal.fragments.join(' | ')} ` +
        '(newer builds refuse one shared tmpfs twice on one mount point, as Linux does)',
    );
  if (hasClaim(ctx.case))
    return verdict(ID, 'not-applicable', 'a vendor claim: the stock pre-feature build does not serve claimed mounts');
  // A run that timed out or crashed is indeterminate whether or not the pre-feature run was made (it is skipped then).
  if (isInconclusive(ctx.obs)) return verdict(ID, 'indeterminate', `run ${ctx.obs.outcome}`);
  const ref = ctx.reference;
  if (ref === null) return verdict(ID, 'not-applicable', 'no pre-feature reference run');
  if (isInconclusive(ref)) return verdict(ID, 'indeterminate', `pre-feature run ${ref.outcome}`);
  // The real pre-feature and modern snapshots differ in things the feature does not touch: wording inside an
  // error stage (the filestore-collision message), per-mount flag order and tmpfs size formatting. The
  // requirement is judged on what the gofer mount options decide, the ro/rw state of every mount, and the
  // stage, errno and failing path of a start error (DiffOptions in src/harness/normalize.ts).
  const diff = diffObservations(ctx.obs, ref, ['target', 'pre-feature'], { errors: 'essentials', mounts: 'gofer' });
  const expected = 'the same normalised observation as the pre-feature build';
  if (diff.length > 0) {
    const mount = /^mount (\S+):/.exec(diff.find((d) => d.startsWith('mount ')) ?? '')?.[1];
    const extras = {
      observedMounts: ctx.obs.mounts.length,
      expected,
      observed: diff.join('; '),
      kinds: diffKinds(diff),
    };
    return verdict(
      ID,
      'failed',
      `${diff.length} difference(s): ${diff.join('; ')}`,
      mount === undefined ? extras : { ...extras, mount },
    );
  }
  return verdict(
    ID,
    'passed',
    `normalised observations identical (${ctx.obs.outcome}, ${ctx.obs.mounts.length} mount line(s))`,
    { observedMounts: ctx.obs.mounts.length, expected },
  );
};
