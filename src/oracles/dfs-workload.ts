/** DFS-WORKLOAD: file operations on every gofer mount succeed and their effects reach the host (or stay in the overlay). */
import type { Observation } from '../model/observation.js';
import { planWorkload, type HostCheckName, type PlannedMount } from '../probe/plan.js';
import { contractOf } from './contract.js';
import { Problems, startGate, verdict, type Oracle } from './oracle.js';

const ID = 'DFS-WORKLOAD';

/** Host checks a planned mount must pass, by how it is served (/tmp/dfc-probe-semantics: 9p → present, overlay → absent). */
export function requiredChecks(p: PlannedMount, fsType: '9p' | 'overlay'): HostCheckName[] {
  if (p.kind === 'file') return p.readonly ? [] : [fsType === '9p' ? 'effects-present' : 'effects-absent'];
  return p.readonly ? ['effects-absent'] : [fsType === '9p' ? 'effects-present' : 'effects-absent'];
}

function judgeMount(obs: Observation, p: PlannedMount, fsType: '9p' | 'overlay'): string[] {
  const problems: string[] = [];
  for (const op of p.ops) {
    const r = obs.workload.find((w) => w.index === p.index && w.op === op);
    if (r === undefined) problems.push(`${p.destination}: op ${op} has no result`);
    else if (!r.ok) problems.push(`${p.destination}: op ${op} failed${r.detail === '' ? '' : ` (${r.detail})`}`);
  }
  const checks = obs.hostChecks.filter((c) => c.index === p.index);
  for (const name of requiredChecks(p, fsType)) {
    const c = checks.find((x) => x.check === name);
    if (c === undefined) problems.push(`${p.destination}: host check ${name} missing`);
    else if (!c.ok)
      problems.push(
        `${p.destination}: host check ${name} failed on the ${fsType} mount${c.detail === '' ? '' : ` (${c.detail})`}`,
      );
  }
  const seed = checks.find((x) => x.check === 'seed-intact');
  if (seed !== undefined && !seed.ok)
    problems.push(`${p.destination}: host check seed-intact failed${seed.detail === '' ? '' : ` (${seed.detail})`}`);
  return problems;
}

/**
 * Judges DFS-WORKLOAD over the probe plan (src/probe/plan.ts). Minimum to pass:
 * one planned mount the contract calls a gofer mount, seen as 9p or overlay,
 * with every op result and host check present. A planned gofer mount without
 * a gofer line fails: its workload cannot have run where the contract says.
 */
export const dfsWorkload: Oracle = (ctx) => {
  const k = contractOf(ctx.case);
  const plan = planWorkload(ctx.case).filter((p) => k.mounts[p.index]?.role === 'gofer');
  if (plan.length === 0)
    return verdict(ID, 'not-applicable', 'no planned workload mount is a gofer mount by the contract');
  const gate = startGate(ID, ctx, k);
  if (gate !== null) return gate;
  const problems = new Problems();
  const judged: { p: PlannedMount; fsType: '9p' | 'overlay' }[] = [];
  for (const p of plan) {
    const line = ctx.obs.mounts.filter((l) => l.mountPoint === p.destination).at(-1);
    if (line?.fsType === '9p' || line?.fsType === 'overlay') judged.push({ p, fsType: line.fsType });
    else
      problems.add(
        'mount-state',
        `${p.destination}: expected a gofer mount (9p or overlay), observed ${line === undefined ? 'no mountinfo line' : line.fsType}`,
      );
  }
  if (!ctx.obs.probeCompleted) problems.add('workload', 'the probe did not complete (no DFC-END)');
  for (const { p, fsType } of judged) problems.addAll('workload', judgeMount(ctx.obs, p, fsType));
  const where = judged.map((x) => `${x.p.destination} (${x.fsType})`).join(', ');
  const expected = `every op ok and effects on the host as the mount type says, on ${plan.map((p) => p.destination).join(', ')}`;
  if (!problems.empty) {
    const first = plan.find((p) => problems.reasons.some((r) => r.startsWith(`${p.destination}:`)))?.destination;
    const extras = { observedMounts: judged.length, expected, observed: problems.text, kinds: problems.kindList };
    return verdict(ID, 'failed', problems.text, first === undefined ? extras : { ...extras, mount: first });
  }
  return verdict(ID, 'passed', `workload ok on ${where}`, { observedMounts: judged.length, expected });
};
