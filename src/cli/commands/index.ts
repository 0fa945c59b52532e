/**
 * The typed registry of CLI commands. Each entry loads its module on demand:
 * `--help` loads none, and a command loads only what it uses (runsc's process
 * plumbing, JUnit and fuzzing modules cost a third of a second of startup).
 */

/** A command's entry point: parses `argv`, runs, and returns the exit code. */
export type CommandRun = (argv: string[], signal: AbortSignal) => Promise<number>;

/** One command: a one-line summary and a loader of its entry point. */
export interface Command {
  summary: string;
  load(): Promise<CommandRun>;
}

/** Every command's entry point, loaded on first use. */
const LOADERS = {
  run: async () => (await import('./run.js')).runCommand,
  replay: async () => (await import('./replay.js')).replayCommand,
  diff: async () => (await import('./diff.js')).diffCommand,
  mutants: async () => (await import('./mutants.js')).mutantsCommand,
  bench: async () => (await import('./bench.js')).benchCommand,
  fuzz: async () => (await import('./fuzz.js')).fuzzCommand,
  merge: async () => (await import('./merge.js')).mergeCommand,
  report: async () => (await import('./report.js')).reportCommand,
  targets: async () => (await import('./targets.js')).targetsCommand,
} as const satisfies Record<string, () => Promise<CommandRun>>;

/** Every command of the CLI. */
export const COMMANDS = {
  run: {
    summary: 'run the example table and N generated cases, each judged by every requirement, against a target',
    load: LOADERS.run,
  },
  replay: { summary: 're-run a stored case (a reproducer JSON or a bare case) and judge it', load: LOADERS.replay },
  diff: { summary: 'run the same cases on two targets and print normalised divergences', load: LOADERS.diff },
  mutants: {
    summary: 'run the suite against every simulator mutant and report the mutation score',
    load: LOADERS.mutants,
  },
  bench: { summary: 'measure the harness against a bare runsc run of the same bundle', load: LOADERS.bench },
  fuzz: {
    summary: 'search for failures, crashes and hangs for a set time; store each as a reproducer',
    load: LOADERS.fuzz,
  },
  merge: { summary: 'merge the results JSON, JUnit and findings of fuzz shards into one report', load: LOADERS.merge },
  report: {
    summary: 'probe targets, judge each, and write the compatibility matrix (HTML, Markdown, JSON)',
    load: LOADERS.report,
  },
  targets: { summary: 'list simulator profiles, mutants and installed runsc builds', load: LOADERS.targets },
} as const satisfies Record<keyof typeof LOADERS, Command>;

/** A command name. */
export type CommandName = keyof typeof COMMANDS;
