/** `directfs-conformance diff --target A --target B`: the same cases on two targets, normalised divergences. */
import {
  intOption,
  parseCommandOrHelp,
  type OptionTable,
  SEED_OPTION,
  JOBS_OPTION,
  TIMEOUT_OPTION,
  HELP_OPTION,
  seedOption,
} from '../args.js';
import type { CommandDeclaration } from '../args.js';
import { UsageError } from '../../model/errors.js';
import { setSandboxSlots } from '../../harness/sandbox-slots.js';
import { resolveTarget } from '../../harness/targets.js';
import { ObservationCache } from '../../runner/evaluate.js';
import { runDifferential } from '../../runner/differential.js';
import { formatCaseExcerpt } from '../../reports/text.js';
import type { Target } from '../../model/target.js';

/** Options of `diff`. */
export const DIFF_OPTIONS = {
  target: { type: 'string', multiple: true, value: 'T', help: 'a target; give exactly two' },
  cases: { type: 'string', value: 'N', help: 'generated cases (default 100)' },
  seed: SEED_OPTION,
  jobs: JOBS_OPTION,
  timeout: TIMEOUT_OPTION,
  show: { type: 'string', value: 'K', help: 'divergent cases printed in full (default 5)' },
  help: HELP_OPTION,
} as const satisfies OptionTable;

const DIFF_COMMAND: CommandDeclaration = {
  name: 'diff',
  usage: 'directfs-conformance diff --target A --target B [--cases N] [--seed S] [--jobs J]',
  description:
    'Runs the same generated cases on two targets and prints every divergence of their normalised observations\n' +
    '(fd numbers, device minors and mount IDs masked; timings and seccomp counts ignored).\n' +
    'Exit: 0 no divergence, 1 divergences, 2 usage error, 3 interrupted.',
  options: DIFF_OPTIONS,
  positionals: { min: 0, max: 0, what: 'no arguments' },
};

/** Runs the command; returns the exit code (0 no divergence, 1 divergences, 3 interrupted). */
export async function diffCommand(argv: string[], signal: AbortSignal): Promise<number> {
  const parsed = parseCommandOrHelp(DIFF_COMMAND, argv);
  if (parsed === null) return 0;
  const { values } = parsed;
  const ids = (values.target as string[] | undefined) ?? [];
  if (ids.length !== 2) throw new UsageError(`diff needs exactly two --target options, got ${ids.length}`);
  const cases = intOption(values, 'cases', 100, 1);
  const seed = seedOption(values);
  const jobs = intOption(values, 'jobs', 1, 1);
  setSandboxSlots(jobs);
  const show = intOption(values, 'show', 5, 0);
  const timeoutMs = intOption(values, 'timeout', 60, 1) * 1000;
  const targets: Target[] = [];
  try {
    for (const id of ids) targets.push(await resolveTarget(id));
    const [a, b] = targets.map((t) => new ObservationCache(t, timeoutMs, signal)) as [
      ObservationCache,
      ObservationCache,
    ];
    process.stderr.write(
      `directfs-conformance diff: ${a.target.info.id} vs ${b.target.info.id}, seed ${seed}, ${cases} cases\n`,
    );
    const r = await runDifferential(a, b, { cases, seed, jobs, signal });
    for (const d of r.divergences.slice(0, show)) {
      process.stdout.write(
        `\nDIVERGENCE\n${formatCaseExcerpt(d.case).replace(/^/gm, '  | ')}\n${d.differences.map((x) => `  ${x}`).join('\n')}\n`,
      );
    }
    if (r.shrunk !== null) {
      process.stdout.write(
        `\nSMALLEST DIVERGENCE (fast-check seed=${r.shrunk.seed} path=${JSON.stringify(r.shrunk.path)})\n${formatCaseExcerpt(r.shrunk.case).replace(/^/gm, '  | ')}\n${r.shrunk.differences.map((x) => `  ${x}`).join('\n')}\n`,
      );
    }
    process.stdout.write(
      `\n${a.target.info.id} vs ${b.target.info.id}: ${r.compared} compared, ${r.divergences.length} divergent, ${r.skippedFlaky} skipped (nondeterministic in runsc), ${r.indeterminate} indeterminate (timeout); seed ${seed}\n`,
    );
    if (r.divergences.length > 0) return 1;
    return signal.aborted || r.indeterminate > 0 ? 3 : 0;
  } finally {
    for (const t of targets) await t.close();
  }
}
