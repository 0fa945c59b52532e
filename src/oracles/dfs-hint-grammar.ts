/** DFS-HINT-GRAMMAR: the fatal-vs-warning classification of malformed hint sets is unchanged by the feature. */
import type { Observation } from '../model/observation.js';
import { MOUNT_PREFIX } from './contract-hints.js';
import { contractOf } from './contract.js';
import { isInconclusive, mountinfoHidden, verdict, type Oracle } from './oracle.js';

const ID = 'DFS-HINT-GRAMMAR';

/** Whether a run failed on its pod hint set (host: "error creating pod mount hints", gofer/sentry: "parsing mount hints" / "creating pod mount hints"). */
export function failedOnHints(obs: Observation): boolean {
  return obs.outcome === 'start-failed' && /pod mount hints|parsing mount hints/.test(obs.error ?? '');
}

const describe = (fatal: boolean) => (fatal ? 'fatal hint error' : 'no hint error');

/** Judges DFS-HINT-GRAMMAR against the contract (reference §3.1) and, when given, the pre-feature build. */
export const dfsHintGrammar: Oracle = (ctx) => {
  if (!Object.keys(ctx.case.spec.annotations).some((key) => key.startsWith(MOUNT_PREFIX)))
    return verdict(ID, 'not-applicable', 'no mount hint annotations');
  const k = contractOf(ctx.case);
  if (k.flaky)
    return verdict(
      ID,
      'not-applicable',
      `flaky hint set (a dropped hint shares a source with a surviving one, reference §3.1): ${k.podHints.flakySources.join(', ')}`,
    );
  if (k.fatal?.stage === 'flags' || k.fatal?.stage === 'spec')
    return verdict(
      ID,
      'not-applicable',
      `runsc rejects the ${k.fatal.stage} before it parses hints (${k.fatal.fragments.join(' | ')}): ` +
        'no evidence about the hint set',
    );
  const { obs, reference } = ctx;
  if (isInconclusive(obs)) return verdict(ID, 'indeterminate', `run ${obs.outcome}`);
  // A start is evidenced by the sandbox's mountinfo; a "start" that shows none is no evidence of a classification.
  if (obs.outcome === 'started' && obs.mounts.length === 0) {
    if (k.mountinfoHiddenBy !== null) return mountinfoHidden(ID, k);
    return verdict(ID, 'failed', 'the sandbox "started" but showed no mountinfo line', {
      observed: 'started, no mountinfo',
      kinds: ['start'],
    });
  }
  const wantFatal = k.fatal?.stage === 'pod-hints';
  const fragments = wantFatal ? (k.fatal?.fragments ?? []) : [];
  const expected = wantFatal
    ? `fatal hint error containing ${fragments.map((f) => JSON.stringify(f)).join(' or ')}`
    : describe(false);
  const isFatal = failedOnHints(obs);
  const observed = obs.outcome === 'started' ? 'started' : `${obs.outcome}: ${obs.error ?? ''}`;
  const problems: string[] = [];
  if (wantFatal !== isFatal) problems.push(`expected ${describe(wantFatal)}, observed ${observed}`);
  else if (wantFatal && !fragments.some((f) => (obs.error ?? '').includes(f)))
    problems.push(`hint error does not contain the expected text: ${obs.error ?? ''}`);
  else if (!wantFatal && obs.outcome !== 'started') {
    // "No hint error" is only evidence when the start failure is the one the contract expects instead.
    const otherFatal = k.fatal !== null && k.fatal.fragments.some((f) => (obs.error ?? '').includes(f));
    if (!otherFatal && k.expectStart !== 'yes') {
      return verdict(
        ID,
        'not-applicable',
        `start failed for a reason the contract does not cover (${observed}): no evidence about the hint set`,
      );
    }
    if (!otherFatal) problems.push(`expected ${describe(false)} and a start, observed ${observed}`);
  }
  if (reference !== null) {
    if (isInconclusive(reference))
      return verdict(ID, 'indeterminate', `pre-feature run ${reference.outcome}`, { expected });
    const refFatal = failedOnHints(reference);
    if (refFatal !== isFatal)
      problems.push(
        `pre-feature build: ${describe(refFatal)} (${reference.error ?? reference.outcome}); this build: ${describe(isFatal)}`,
      );
  }
  if (problems.length > 0) return verdict(ID, 'failed', problems.join('; '), { expected, observed, kinds: ['start'] });
  return verdict(
    ID,
    'passed',
    `${describe(isFatal)} as the contract says${reference !== null ? ' and as on the pre-feature build' : ''}: ${observed}`,
    { expected, observed },
  );
};
