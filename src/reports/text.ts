/** Human-readable output: the summary table and counterexamples as spec excerpts. */
import type { Case } from '../model/case.js';
import {
  RUN_KINDS,
  type Counterexample,
  type GateDecision,
  type RequirementResult,
  type SuiteResult,
} from '../model/result.js';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** Flags of a case as runsc command-line arguments (unset flags omitted). */
export function flagArgs(c: Case): string[] {
  const out: string[] = [];
  if (c.flags.directfs !== null) out.push(`--directfs=${c.flags.directfs}`);
  if (c.flags.overlay2 !== null) out.push(`--overlay2=${c.flags.overlay2}`);
  if (c.flags.fileAccess !== null) out.push(`--file-access=${c.flags.fileAccess}`);
  if (c.flags.fileAccessMounts !== null) out.push(`--file-access-mounts=${c.flags.fileAccessMounts}`);
  return out;
}

/** A case as a short, readable excerpt of its runsc flags and config.json. */
export function formatCaseExcerpt(c: Case): string {
  const lines = [
    `runsc flags: ${flagArgs(c).join(' ') || '(defaults)'}`,
    `root: ${c.spec.root.path}${c.spec.root.readonly ? ' (readonly)' : ''}`,
    'mounts:',
  ];
  if (c.spec.mounts.length === 0) lines.push('  (none)');
  for (const m of c.spec.mounts) {
    const opts = m.options === undefined ? '' : ` options=[${m.options.join(',')}]`;
    lines.push(`  - ${m.destination} type=${m.type ?? '(none)'} source=${m.source ?? '(none)'}${opts}`);
  }
  lines.push('annotations:');
  const entries = Object.entries(c.spec.annotations);
  if (entries.length === 0) lines.push('  (none)');
  for (const [k, v] of entries) lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  for (const sub of c.pod?.containers ?? []) {
    const override = sub.directfsOverride === undefined ? '' : ` (dev.gvisor.flag.directfs=${sub.directfsOverride})`;
    lines.push(`subcontainer ${sub.name}${override}:`);
    for (const m of sub.mounts)
      lines.push(`  - ${m.destination} type=${m.type ?? '(none)'} source=${m.source ?? '(none)'}`);
    for (const [k, v] of Object.entries(sub.annotations)) lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  }
  lines.push(
    `host fixtures: ${c.fixtures.map((f) => `${f.path}${f.kind === 'dir' ? '/' : ''}`).join(' ') || '(none)'}`,
  );
  return lines.join('\n');
}

/** A counterexample: what failed, where, and the case. */
export function formatCounterexample(ce: Counterexample): string {
  const v = ce.verdict;
  const head = [
    `${v.requirement} failed (${ce.origin}, ${ce.mounts} mount${ce.mounts === 1 ? '' : 's'})`,
    `  ${v.detail}`,
  ];
  if (v.mount !== undefined) head.push(`  mount:    ${v.mount}`);
  if (v.expected !== undefined) head.push(`  expected: ${v.expected}`);
  if (v.observed !== undefined) head.push(`  observed: ${v.observed}`);
  if (ce.seed !== null) head.push(`  fast-check seed=${ce.seed} path=${JSON.stringify(ce.path)}`);
  return `${head.join('\n')}\n${formatCaseExcerpt(ce.case).replace(/^/gm, '  | ')}`;
}

/** One row of the summary table. */
function row(r: RequirementResult): string {
  const c = r.counts;
  return `${pad(r.id, 25)} ${pad(r.status, 15)} ${pad(String(r.runs), 6)} ${pad(String(r.observedMounts), 9)} ${pad(String(c.passed), 6)} ${pad(String(c.failed), 6)} ${pad(String(c.unobservable), 7)} ${pad(String(c.notApplicable), 6)} ${c.indeterminate}`;
}

/** The summary table of a run. */
export function formatSummary(r: SuiteResult): string {
  const header = `${pad('requirement', 25)} ${pad('status', 15)} ${pad('runs', 6)} ${pad('observed', 9)} ${pad('pass', 6)} ${pad('fail', 6)} ${pad('unobs', 7)} ${pad('n/a', 6)} indet`;
  const lines = [
    `target: ${r.target.id} (${r.target.version})${r.target.probe === undefined ? '' : `, probe: ${r.target.probe}`}${r.reference === null ? '' : `, reference: ${r.reference.id}`}`,
    `seed: ${r.seed}, generated cases: ${r.cases} (each judged by every requirement), examples: ${r.examples.length}, ${(r.wallMs / 1000).toFixed(1)} s${r.interrupted ? ', INTERRUPTED' : ''}`,
    header,
    '-'.repeat(header.length),
    ...r.requirements.map(row),
  ];
  lines.push('', formatTargetRuns(r));
  const why = r.requirements.filter((q) => q.reason !== null);
  if (why.length > 0)
    lines.push('', 'not judged as passed or failed:', ...why.map((q) => `  ${pad(q.id, 25)} ${q.status}: ${q.reason}`));
  return lines.join('\n');
}

/** The gate's decision as the run's last lines: unjudged requirements, then the one-line verdict. */
export function formatGate(g: GateDecision): string {
  const lines = g.unjudged.map(
    (u) => `${u.allowed ? 'ALLOWED UNJUDGED' : 'UNJUDGED'}: ${u.id} ${u.status} — ${u.reason}`,
  );
  lines.push(`${g.summary} (exit ${g.exitCode})`);
  return `${lines.join('\n')}\n`;
}

/** Conclusive verdicts (passed or failed) of a run, over all requirements. */
export function conclusiveVerdicts(r: SuiteResult): number {
  return r.requirements.reduce((n, q) => n + q.counts.passed + q.counts.failed, 0);
}

/** `target runs: 412 (case 120, paired 80, …); conclusive verdicts per target run: 4.20`. */
export function formatTargetRuns(r: SuiteResult): string {
  const runs = r.targetRuns;
  const total = RUN_KINDS.reduce((n, k) => n + runs[k], 0);
  const perRun = total === 0 ? '-' : (conclusiveVerdicts(r) / total).toFixed(2);
  const byKind = RUN_KINDS.map((k) => `${k} ${runs[k]}`).join(', ');
  return `target runs: ${total} (${byKind}); conclusive verdicts per target run: ${perRun}`;
}
