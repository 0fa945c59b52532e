/** The typed registry of CLI commands. */
import { runCommand } from './run.js';
import { targetsCommand } from './targets.js';
import { replayCommand } from './replay.js';
import { diffCommand } from './diff.js';
import { mutantsCommand } from './mutants.js';
import { benchCommand } from './bench.js';
import { fuzzCommand } from './fuzz.js';
import { reportCommand } from './report.js';
import { mergeCommand } from './merge.js';

/** One command: a one-line summary and its entry point (returns the exit code). */
export interface Command {
  summary: string;
  run(argv: string[], signal: AbortSignal): Promise<number>;
}

/** Every command of the CLI. */
export const COMMANDS = {
  run: {
    summary: 'run the example table and N generated cases, each judged by every requirement, against a target',
    run: runCommand,
  },
  replay: { summary: 're-run a stored case (a reproducer JSON or a bare case) and judge it', run: replayCommand },
  diff: { summary: 'run the same cases on two targets and print normalised divergences', run: diffCommand },
  mutants: {
    summary: 'run the suite against every simulator mutant and report the mutation score',
    run: mutantsCommand,
  },
  bench: { summary: 'measure the harness against a bare runsc run of the same bundle', run: benchCommand },
  fuzz: {
    summary: 'search for failures, crashes and hangs for a set time; store each as a reproducer',
    run: fuzzCommand,
  },
  merge: { summary: 'merge the results JSON, JUnit and findings of fuzz shards into one report', run: mergeCommand },
  report: {
    summary: 'probe targets, judge each, and write the compatibility matrix (HTML, Markdown, JSON)',
    run: reportCommand,
  },
  targets: { summary: 'list simulator profiles, mutants and installed runsc builds', run: targetsCommand },
} as const satisfies Record<string, Command>;

/** A command name. */
export type CommandName = keyof typeof COMMANDS;
