/** DFS-WORKLOAD: file operations on every gofer mount succeed and their effects reach the host (or stay in the overlay). */
import type { Observation } from '../model/observation.js';
import { planWorkload, type HostCheckName, type PlannedMount } from '../probe/plan.js';
import { contractOf } from './contract.js';
import { joinReasons, startGate, verdict, type Oracle } from './oracle.js';

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
    else if (!c.ok) problems.push(`${p.destination}: host check ${name} failed on the ${fsType} mount${c.detail === '' ? '' : ` (${c.detail})`}`);
  }
  const seed = checks.find((x) => x.check === 'seed-intact');
  if (seed !== undefined && !seed.ok) problems.push(`${p.destination}: host check seed-intact failed${seed.detail === '' ? '' : ` (${seed.detail})`}`);
  return problems;
}

/** Judges DFS-WORKLOAD over the probe plan (src/probe/plan.ts). */
export const dfsWorkload: Oracle = (ctx) => {
  const k = contractOf(ctx.case);
  const plan = planWorkload(ctx.case);
  if (plan.length === 0) return verdict(ID, 'not-applicable', 'no planned workload mount');
  const gate = startGate(ID, ctx, k);
  if (gate !== null) return gate;
  const judged: { p: PlannedMount; fsType: '9p' | 'overlay' }[] = [];
  for (const p of plan) {
    const fsType = ctx.obs.mounts.filter((l) => l.mountPoint === p.destination).at(-1)?.fsType;
    if (fsType === '9p' || fsType === 'overlay') judged.push({ p, fsType });
  }
  if (judged.length === 0) return verdict(ID, 'not-applicable', `no planned mount is a gofer mount (${plan.map((p) => p.destination).join(', ')})`);
  const problems: string[] = ctx.obs.probeCompleted ? [] : ['the probe did not complete (no DFC-END)'];
  for (const { p, fsType } of judged) problems.push(...judgeMount(ctx.obs, p, fsType));
  const expected = `every op ok and effects on the host as the mount type says, on ${judged.map((x) => `${x.p.destination} (${x.fsType})`).join(', ')}`;
  if (problems.length > 0) {
    const first = judged.find((x) => problems.some((pr) => pr.startsWith(`${x.p.destination}:`)))?.p.destination;
    const extras = { observedMounts: judged.length, expected, observed: joinReasons(problems) };
    return verdict(ID, 'failed', joinReasons(problems), first === undefined ? extras : { ...extras, mount: first });
  }
  return verdict(ID, 'passed', `workload ok on ${judged.map((x) => `${x.p.destination} (${x.fsType})`).join(', ')}`, { observedMounts: judged.length, expected });
};
