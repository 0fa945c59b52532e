/** DFS-ROOTFS-ERRORS: an invalid or incomplete rootfs directfs hint makes creation fail with an error naming the annotation. */
import { contractOf } from './contract.js';
import { isInconclusive, verdict, type Oracle } from './oracle.js';

const ID = 'DFS-ROOTFS-ERRORS';

/** Judges DFS-ROOTFS-ERRORS (reference §3.2, §3.3). */
export const dfsRootfsErrors: Oracle = (ctx) => {
  const k = contractOf(ctx.case);
  const hint = k.rootfsHint;
  const directfsInvalid =
    hint !== null && hint.directfsValue !== null && hint.directfsValue !== 'default' && hint.directfsValue !== 'off';
  if (hint === null || hint.directfsValue === null || !(directfsInvalid || hint.missingFields)) {
    return verdict(
      ID,
      'not-applicable',
      'no rootfs hint with an invalid directfs value or directfs without source/type',
    );
  }
  if (k.fatal === null || k.fatal.stage !== 'rootfs-hint') {
    return verdict(
      ID,
      'not-applicable',
      `a ${k.fatal?.stage ?? ''} error comes first (reference §3.3): ${k.fatal?.fragments.join(' | ') ?? ''}`,
    );
  }
  const fragments = [...k.fatal.fragments, ...k.flakyFragments];
  const expected = `start fails with an error containing ${fragments.map((f) => JSON.stringify(f)).join(' or ')}`;
  const { obs } = ctx;
  if (isInconclusive(obs)) return verdict(ID, 'indeterminate', `run ${obs.outcome}`, { expected });
  if (obs.outcome === 'started')
    return verdict(ID, 'failed', `${expected}; observed: the sandbox started`, {
      expected,
      observed: 'started',
      mount: '/',
      kinds: ['start'],
    });
  const error = obs.error ?? '';
  if (!fragments.some((f) => error.includes(f))) {
    return verdict(ID, 'failed', `${expected}; observed exit ${obs.exitCode ?? 'none'}: ${JSON.stringify(error)}`, {
      expected,
      observed: error,
      mount: '/',
      kinds: ['start'],
    });
  }
  return verdict(ID, 'passed', `start failed (exit ${obs.exitCode ?? 'none'}): ${error}`, {
    expected,
    observed: error,
  });
};
