/** DFS-APP-EQUIV: what the application sees is identical with and without the opt-out. */
import type { Observation } from '../model/observation.js';
import { planWorkload } from '../probe/plan.js';
import { gateWithPaired, joinReasons, verdict, type Oracle } from './oracle.js';

const ID = 'DFS-APP-EQUIV';

const ops = (o: Observation) => o.workload.map((w) => `${w.index} ${w.destination} ${w.op} ${w.ok ? 'ok' : 'fail'}`);
const checks = (o: Observation) =>
  o.hostChecks.map((c) => `${c.index} ${c.destination} ${c.check} ${c.ok ? 'ok' : 'fail'}`);

function listDiff(what: string, mine: string[], theirs: string[]): string[] {
  const out: string[] = [];
  for (const x of mine) if (!theirs.includes(x)) out.push(`${what} "${x}" with the directfs keys, not without`);
  for (const y of theirs) if (!mine.includes(y)) out.push(`${what} "${y}" without the directfs keys, not with`);
  return out;
}

/** Judges DFS-APP-EQUIV against the paired run without directfs keys. */
export const dfsAppEquiv: Oracle = (ctx) => {
  const gated = gateWithPaired(ID, ctx);
  if (!('paired' in gated)) return gated;
  const { paired } = gated;
  // Minimum to pass: some workload ran in at least one of the two runs.
  if (ctx.obs.workload.length === 0 && paired.workload.length === 0) {
    const planned = planWorkload(ctx.case).length;
    if (planned === 0) return verdict(ID, 'not-applicable', 'no planned workload mount');
    return verdict(ID, 'unobservable', `${planned} planned workload mount(s) but no op result in either run`);
  }
  const problems = [
    ...listDiff('op', ops(ctx.obs), ops(paired)),
    ...listDiff('host check', checks(ctx.obs), checks(paired)),
  ];
  if (ctx.obs.probeCompleted !== paired.probeCompleted)
    problems.push(`probe completed ${ctx.obs.probeCompleted} with the directfs keys, ${paired.probeCompleted} without`);
  const mounts = new Set(ctx.obs.workload.map((w) => w.index)).size;
  const expected = 'identical workload and host-check results with and without the directfs keys';
  if (problems.length > 0) {
    const dest = [...ctx.obs.workload, ...paired.workload].find((w) =>
      problems.some((p) => p.includes(` ${w.destination} ${w.op} `)),
    )?.destination;
    const extras = { observedMounts: mounts, expected, observed: joinReasons(problems), kinds: ['workload' as const] };
    return verdict(ID, 'failed', joinReasons(problems), dest === undefined ? extras : { ...extras, mount: dest });
  }
  return verdict(
    ID,
    'passed',
    `${ctx.obs.workload.length} op(s) and ${ctx.obs.hostChecks.length} host check(s) identical`,
    { observedMounts: mounts, expected },
  );
};
