/**
 * `directfs-conformance report --target T… --out DIR`: each target's probed
 * capabilities and its suite run, as one requirement × target matrix in
 * compat.json, compat.md and compat.html, with expected divergences applied.
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  HELP_OPTION,
  intOption,
  JOBS_OPTION,
  parseCommandOrHelp,
  SEED_OPTION,
  seedOption,
  stringOption,
  TIMEOUT_OPTION,
  type CommandDeclaration,
  type OptionTable,
} from '../args.js';
import { checkOutputDir, checkOutputFile, reportOutputFailures, writeOutputs, type PendingOutput } from '../output.js';
import { UsageError } from '../../model/errors.js';
import { targetLabelOf } from '../../model/case-rules.js';
import type { RequirementId } from '../../model/requirements.js';
import type { Target } from '../../model/target.js';
import { setSandboxSlots } from '../../harness/sandbox-slots.js';
import { resolveTarget } from '../../harness/targets.js';
import { replayCommand } from '../../reports/results-json.js';
import { parseExpectedFile, type ExpectedDivergence } from '../../compat/expected.js';
import { buildCompatReport, type TargetOutcome } from '../../compat/build.js';
import { runReportTarget, type TargetRun } from '../../compat/run-target.js';
import { renderCompatMarkdown } from '../../compat/render-md.js';
import { renderCompatHtml } from '../../compat/render-html.js';

/** Generated cases per target when --cases is not given: a few minutes per real build with one job. */
export const REPORT_DEFAULT_CASES = 24;
/** The files a report writes into --out. */
export const REPORT_FILES = ['compat.json', 'compat.md', 'compat.html'] as const;
const MAX_EXPECTED_BYTES = 1024 * 1024;

/** Options of `report`. */
export const REPORT_OPTIONS = {
  target: { type: 'string', multiple: true, value: 'T', help: 'a target (sim…, runsc:<alias> or a path); repeat it' },
  out: { type: 'string', value: 'DIR', help: 'directory for compat.html, compat.md, compat.json and failures/' },
  cases: { type: 'string', value: 'N', help: `generated cases per target (default ${REPORT_DEFAULT_CASES})` },
  seed: SEED_OPTION,
  jobs: JOBS_OPTION,
  timeout: TIMEOUT_OPTION,
  expected: { type: 'string', value: 'FILE', help: 'known divergences (JSON; see README "Compatibility report")' },
  help: HELP_OPTION,
} as const satisfies OptionTable;

const REPORT_COMMAND: CommandDeclaration = {
  name: 'report',
  usage: 'directfs-conformance report --target T… --out DIR [--cases N] [--seed S] [--jobs J] [--expected FILE]',
  description: [
    'Probes each target (mount and rootfs opt-out rejected/ignored/honoured, --directfs, overlay default), runs',
    'the suite on the requirements that apply to it, and writes compat.html, compat.md and compat.json.',
    'Exit: 0 every judged requirement passed (or is an expected divergence); 1 a target failed a requirement',
    'not declared expected (or whose entry expired); 2 usage error (nothing run, nothing written);',
    '3 incomplete (interrupted, indeterminate, or nothing judged on a target).',
  ].join('\n'),
  options: REPORT_OPTIONS,
  positionals: { min: 0, max: 0, what: 'no arguments' },
};

/** Reads and validates --expected (a regular file of at most 1 MiB); [] when absent. */
function readExpected(file: string | undefined): ExpectedDivergence[] {
  if (file === undefined) return [];
  let text: string;
  try {
    const fd = openSync(file, 'r');
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new UsageError(`--expected ${file}: not a regular file`);
      if (st.size > MAX_EXPECTED_BYTES) throw new UsageError(`--expected ${file}: larger than 1 MiB`);
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--expected ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseExpectedFile(text, file);
}

function checkOut(out: string): void {
  checkOutputDir('out', out);
  for (const name of REPORT_FILES) {
    try {
      checkOutputFile('out', join(out, name));
    } catch (e) {
      if (e instanceof UsageError && /ENOENT/.test(e.message)) continue;
      throw e;
    }
  }
}

function targetIds(raw: unknown): string[] {
  const ids = (raw as string[] | undefined) ?? [];
  if (ids.length === 0) throw new UsageError('report needs at least one --target');
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw new UsageError(`--target ${twice} is given twice`);
  return ids;
}

/** Reproducer files of a target's failures, and the replay command of each. */
function reproducersOf(
  run: TargetRun,
  target: Target,
  outArg: string,
  out: string,
): { files: PendingOutput[]; replays: Map<RequirementId, string> } {
  const files: PendingOutput[] = [];
  const replays = new Map<RequirementId, string>();
  for (const req of run.result?.requirements ?? []) {
    const ce = req.counterexample;
    if (ce === null) continue;
    const name = `${req.id}-${target.info.id.replace(/[^A-Za-z0-9_.-]+/g, '_')}-seed${run.result!.seed}.json`;
    const doc = {
      schema: 1,
      requirement: req.id,
      target: targetLabelOf(target.info.id),
      seed: ce.seed,
      path: ce.path,
      origin: ce.origin,
      detail: ce.verdict.detail,
      case: ce.case,
    };
    files.push({
      option: 'out',
      path: join(out, 'failures', name),
      content: () => `${JSON.stringify(doc, null, 2)}\n`,
    });
    replays.set(req.id, replayCommand(target.info.id, join(outArg, 'failures', name)));
  }
  return { files, replays };
}

/** Runs the command; returns the exit code. */
export async function reportCommand(argv: string[], signal: AbortSignal): Promise<number> {
  const parsed = parseCommandOrHelp(REPORT_COMMAND, argv);
  if (parsed === null) return 0;
  const { values } = parsed;
  const ids = targetIds(values.target);
  const outArg = stringOption(values, 'out');
  if (outArg === undefined) throw new UsageError('report needs --out DIR');
  const out = resolve(outArg);
  const cases = intOption(values, 'cases', REPORT_DEFAULT_CASES, 1);
  const seed = seedOption(values);
  const jobs = intOption(values, 'jobs', 1, 1);
  const timeoutMs = intOption(values, 'timeout', 60, 1) * 1000;
  const expected = readExpected(stringOption(values, 'expected'));
  checkOut(out);
  setSandboxSlots(jobs);
  const targets: Target[] = [];
  try {
    for (const id of ids) targets.push(await resolveTarget(id));
    const say = (line: string): void => void process.stderr.write(`${line}\n`);
    say(`directfs-conformance report: ${ids.join(', ')}; seed ${seed}, ${cases} generated cases per target`);
    const outcomes: TargetOutcome[] = [];
    const pending: PendingOutput[] = [];
    for (const target of targets) {
      if (signal.aborted) break;
      const run = await runReportTarget(target, { cases, seed, jobs, timeoutMs, signal, say, shrinkBudgetMs: 60_000 });
      const { files, replays } = reproducersOf(run, target, outArg, out);
      pending.push(...files);
      outcomes.push({ info: target.info, ...run, replays, interrupted: signal.aborted });
    }
    const date = new Date().toISOString().slice(0, 10);
    const notRun = targets.slice(outcomes.length).map((t) => t.info.id);
    const report = buildCompatReport(outcomes, expected, { seed, cases, date, notRun });
    const docs: PendingOutput[] = [
      { option: 'out', path: join(out, 'compat.json'), content: () => `${JSON.stringify(report, null, 2)}\n` },
      { option: 'out', path: join(out, 'compat.md'), content: () => renderCompatMarkdown(report) },
      { option: 'out', path: join(out, 'compat.html'), content: () => renderCompatHtml(report) },
    ];
    reportOutputFailures(writeOutputs([...pending, ...docs], pending.length > 0 ? join(out, 'failures') : out));
    for (const f of report.failures) process.stdout.write(`FAILED ${f.requirement} on ${f.target}: ${f.note}\n`);
    process.stdout.write(`wrote ${REPORT_FILES.map((f) => join(outArg, f)).join(', ')}\n${report.gate.summary}\n`);
    return report.gate.exitCode;
  } finally {
    for (const t of targets) await t.close();
  }
}
