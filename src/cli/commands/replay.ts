/** `directfs-conformance replay CASE.json`: re-run one stored case and judge every requirement on it. */
import { formatHelp, parseCommandArgs, stringOption, intOption, type OptionTable, HELP_OPTION } from '../args.js';
import { readStoredCase } from '../case-file.js';
import { UsageError } from '../../model/errors.js';
import { contextFor } from '../../runner/evaluate.js';
import { openEvaluator } from '../evaluator.js';
import { judgeAll } from '../../oracles/index.js';
import { REQUIREMENT_IDS } from '../../model/requirements.js';
import { formatCaseExcerpt } from '../../reports/text.js';

/** Options of `replay`. */
export const REPLAY_OPTIONS = {
  target: { type: 'string', value: 'T', help: 'target to replay on (default: the one stored in the reproducer, else sim)' },
  reference: { type: 'string', value: 'T', help: 'pre-feature target for DFS-DEFAULT-UNCHANGED (default as for run)' },
  timeout: { type: 'string', value: 'SEC', help: 'timeout in seconds (default 60)' },
  help: HELP_OPTION,
} as const satisfies OptionTable;

/** Runs the command; returns the exit code. */
export async function replayCommand(argv: string[], signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseCommandArgs('replay', argv, REPLAY_OPTIONS);
  if (values.help === true) {
    process.stdout.write(formatHelp('directfs-conformance replay CASE.json [--target T]', 'Re-runs a stored case (a reproducer written by run/fuzz, or a bare case JSON) and judges every requirement.\nExit: 0 no requirement failed, 1 one failed (the reproducer still reproduces), 2 usage error, 3 indeterminate.', REPLAY_OPTIONS));
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('replay needs exactly one CASE.json argument');
  const stored = readStoredCase(positionals[0] as string);
  const timeoutMs = intOption(values, 'timeout', 60, 1) * 1000;
  const opened = await openEvaluator(stringOption(values, 'target') ?? stored.target ?? 'sim', stringOption(values, 'reference'), timeoutMs, signal);
  const { ev, target } = opened;
  try {
    const context = await contextFor(ev, stored.case, REQUIREMENT_IDS);
    const verdicts = judgeAll(context);
    process.stdout.write(`target: ${target.info.id} (${target.info.version})\n${formatCaseExcerpt(stored.case)}\n\n`);
    for (const v of verdicts) {
      const mark = v.requirement === stored.requirement ? ' <- stored failure' : '';
      process.stdout.write(`${v.requirement.padEnd(25)} ${v.status.padEnd(15)} ${v.detail}${mark}\n`);
    }
    if (verdicts.some((v) => v.status === 'failed')) return 1;
    return verdicts.some((v) => v.status === 'indeterminate') ? 3 : 0;
  } finally {
    await opened.close();
  }
}
