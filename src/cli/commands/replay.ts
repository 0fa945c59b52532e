/** `directfs-conformance replay CASE.json|DIR`: re-run stored cases and judge every requirement on each. */
import { statSync } from 'node:fs';
import { intOption, parseCommandOrHelp, stringOption, HELP_OPTION } from '../args.js';
import type { CommandDeclaration, OptionTable } from '../args.js';
import { readStoredCase, type StoredCase } from '../case-file.js';
import { listCaseFiles } from '../../fuzz/case-files.js';
import { contextFor, type Evaluator } from '../../runner/evaluate.js';
import { openEvaluator } from '../evaluator.js';
import { judgeAll } from '../../oracles/index.js';
import { REQUIREMENT_IDS } from '../../model/requirements.js';
import { formatCaseExcerpt } from '../../reports/text.js';
import type { Target } from '../../model/target.js';

/** Options of `replay`. */
export const REPLAY_OPTIONS = {
  target: { type: 'string', value: 'T', help: 'target to replay on (default sim; a case file never chooses it)' },
  reference: { type: 'string', value: 'T', help: 'pre-feature target for DFS-DEFAULT-UNCHANGED (default as for run)' },
  timeout: { type: 'string', value: 'SEC', help: 'timeout in seconds (default 60)' },
  help: HELP_OPTION,
} as const satisfies OptionTable;

const REPLAY_COMMAND: CommandDeclaration = {
  name: 'replay',
  usage: 'directfs-conformance replay CASE.json|DIR [--target T]',
  description:
    'Re-runs a stored case (a reproducer written by run/fuzz, or a bare case JSON) and judges every requirement.\n' +
    'The case file is validated first (schema version, limits, every host path inside the case root); the target\n' +
    'is only ever --target, never a field of the file. Given a directory, replays every case.json under it\n' +
    '(a fuzz findings tree) and every *.json case directly in it; all are validated before any runs.\n' +
    'Exit (the worst over all cases): 0 no requirement failed, 1 one failed (the reproducer still reproduces),\n' +
    '2 usage error, 3 indeterminate.',
  options: REPLAY_OPTIONS,
  positionals: { min: 1, max: 1, what: 'exactly one CASE.json argument' },
};

/** Runs the command; returns the exit code. */
export async function replayCommand(argv: string[], signal: AbortSignal): Promise<number> {
  const parsed = parseCommandOrHelp(REPLAY_COMMAND, argv);
  if (parsed === null) return 0;
  const { values, positionals } = parsed;
  const timeoutMs = intOption(values, 'timeout', 60, 1) * 1000;
  const targetId = stringOption(values, 'target') ?? 'sim';
  const referenceId = stringOption(values, 'reference');
  const arg = positionals[0] as string;
  const isDir = statSync(arg, { throwIfNoEntry: false })?.isDirectory() === true;
  const files = isDir ? listCaseFiles(arg) : [arg];
  const cases = files.map((f) => ({ file: f, stored: readStoredCase(f) }));
  const opened = await openEvaluator(targetId, referenceId, timeoutMs, signal);
  try {
    let worst = 0;
    for (const { file, stored } of cases) {
      if (signal.aborted) return worst === 1 ? 1 : 3;
      if (isDir) process.stdout.write(`== ${file}\n`);
      const code = await replayOne(opened.ev, opened.target, stored);
      worst = code === 1 || worst === 1 ? 1 : Math.max(worst, code);
      if (isDir) process.stdout.write('\n');
    }
    if (isDir) process.stdout.write(`replayed ${cases.length} case(s): exit ${worst}\n`);
    return worst;
  } finally {
    await opened.close();
  }
}

/** Judges one stored case on `target` and prints its verdicts; returns that case's exit code. */
async function replayOne(ev: Evaluator, target: Target, stored: StoredCase): Promise<number> {
  const context = await contextFor(ev, stored.case, REQUIREMENT_IDS);
  const verdicts = judgeAll(context);
  const recorded = stored.recordedTarget === null ? '' : `; recorded on ${stored.recordedTarget}`;
  process.stdout.write(`target: ${target.info.id} (${target.info.version})${recorded}\n`);
  process.stdout.write(`${formatCaseExcerpt(stored.case)}\n\n`);
  for (const v of verdicts) {
    const mark = v.requirement === stored.requirement ? ' <- stored failure' : '';
    process.stdout.write(`${v.requirement.padEnd(25)} ${v.status.padEnd(15)} ${v.detail}${mark}\n`);
  }
  if (verdicts.some((v) => v.status === 'failed')) return 1;
  return verdicts.some((v) => v.status === 'indeterminate') ? 3 : 0;
}
