/** DFS-MOUNT-INVALID-VALUE: an invalid directfs value on a mount hint is a warning and the mount keeps directfs. */
import { goQuote } from './contract-hints.js';
import { contractOf } from './contract.js';
import { describeHostFd, failedOnStates, hostFdCountAvailable, judgeStates, summarize } from './mount-states.js';
import { Problems, startGate, verdict, type Oracle } from './oracle.js';

const ID = 'DFS-MOUNT-INVALID-VALUE';

/** Judges DFS-MOUNT-INVALID-VALUE (reference §3.1 per-key warnings). */
export const dfsMountInvalidValue: Oracle = (ctx) => {
  const k = contractOf(ctx.case);
  const invalid = k.podHints.hints.filter((h) => h.directfsValue !== null && !h.directfsValid);
  if (invalid.length === 0) return verdict(ID, 'not-applicable', 'no mount hint with an invalid directfs value');
  if (k.fatal !== null)
    return verdict(ID, 'not-applicable', `something else is fatal: ${k.fatal.fragments.join(' | ')}`);
  const gate = startGate(ID, ctx, k);
  if (gate !== null) return gate;
  const problems = new Problems();
  // Minimum to pass: the hint log lines were read, so the warning can be checked.
  const logs = ctx.obs.hints.length > 0;
  if (logs) {
    for (const h of invalid) {
      const prefix = `ignoring invalid mount annotation (name = ${goQuote(h.name)}, key = "directfs", value = ${goQuote(h.directfsValue ?? '')})`;
      if (!ctx.obs.hintWarnings.some((w) => w.startsWith(prefix)))
        problems.add('warning', `hint ${h.name}: no warning "${prefix}…"`);
    }
  }
  const targets = k.directfs
    ? k.mounts.filter((m) => m.role === 'gofer' && m.hint !== null && invalid.includes(m.hint))
    : [];
  const j = judgeStates(ctx.obs, targets, 'on', false);
  problems.addAll('mount-state', j.failures);
  const aggregate = hostFdCountAvailable(ctx.obs);
  if (aggregate && targets.length > 0 && ctx.obs.hostFdWithoutDirectfs > k.hostFdWarnings)
    problems.add('warning', describeHostFd(k, ctx.obs));
  const values = invalid.map((h) => `${h.name}=${JSON.stringify(h.directfsValue)}`).join(', ');
  const kept = targets.length > 0 ? `; directfs kept on ${targets.map((m) => m.destination).join(', ')}` : '';
  const expected = `a warning for ${values}${kept}`;
  if (!problems.empty) return failedOnStates(ID, problems, j, expected);
  if (!logs)
    return verdict(ID, 'unobservable', 'no hint log line was parsed, so the warning cannot be checked', { expected });
  const { observed, unobservable } = summarize(j, aggregate && ctx.obs.hostFdWithoutDirectfs === k.hostFdWarnings);
  const parts = [
    `warned for ${invalid.map((h) => h.name).join(', ')}`,
    ...(j.seen.length > 0 ? [`directfs kept on ${j.seen.join(', ')}`] : []),
    ...(unobservable.length > 0 ? [`unobservable: ${unobservable.join(', ')}`] : []),
  ];
  return verdict(ID, 'passed', parts.join('; '), { observedMounts: observed, expected });
};
