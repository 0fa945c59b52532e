#!/usr/bin/env node
/** The `directfs-conformance` command: dispatch, signal handling and the mapping of errors to exit codes. */
import './v8-flags.js';
import { HarnessError, UsageError } from '../model/errors.js';
import { COMMANDS, type CommandName } from './commands/index.js';
import { installSignalHandlers, runCleanupsSync } from '../harness/cleanup.js';

const HELP = `Usage: directfs-conformance <command> [options]

Conformance suite for runsc's per-mount directfs opt-out
(dev.gvisor.spec.mount.<NAME>.directfs / dev.gvisor.spec.rootfs.directfs).

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`)
  .join('\n')}

Run 'directfs-conformance <command> --help' for a command's options.
Exit codes: 0 all passed, 1 a requirement failed, 2 usage or environment error, 3 incomplete.
`;

/** After the first SIGINT/SIGTERM the command has this long to wind down before cleanup is forced. */
const WIND_DOWN_MS = 4_000;
/** Exit code of an interrupted run (DESIGN.md: incomplete). */
const INTERRUPTED = 3;

/** Turns SIGINT/SIGTERM into an abort of `controller`, with a hard deadline; returns the uninstaller. */
function handleSignals(controller: AbortController): () => void {
  let deadline: NodeJS.Timeout | undefined;
  const forceExit = (): never => {
    runCleanupsSync();
    process.exit(INTERRUPTED);
  };
  const onSignal = (sig: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      process.stderr.write(`directfs-conformance: ${sig} again: cleaning up and exiting now\n`);
      forceExit();
    }
    process.stderr.write(`\ndirectfs-conformance: ${sig}: stopping, removing sandboxes and temporary dirs…\n`);
    controller.abort();
    deadline = setTimeout(() => {
      process.stderr.write(`directfs-conformance: still running ${WIND_DOWN_MS / 1000} s after ${sig}: forcing exit\n`);
      forceExit();
    }, WIND_DOWN_MS);
    deadline.unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    clearTimeout(deadline);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

async function main(argv: string[], controller: AbortController): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (name === undefined) {
    process.stderr.write(HELP);
    return 2;
  }
  if (!(name in COMMANDS))
    throw new UsageError(`unknown command ${JSON.stringify(name)} (commands: ${Object.keys(COMMANDS).join(', ')})`);
  installSignalHandlers({ exitOnSignal: false });
  const uninstall = handleSignals(controller);
  try {
    const run = await COMMANDS[name as CommandName].load();
    const code = await run(rest, controller.signal);
    return controller.signal.aborted && code !== 1 ? INTERRUPTED : code;
  } finally {
    uninstall();
  }
}

/** One line for an error the user can act on (usage, harness, environment); null for a bug. */
function describeError(e: unknown): string | null {
  if (e instanceof UsageError || e instanceof HarnessError) return e.message.split('\n')[0] ?? e.name;
  const errno = e as NodeJS.ErrnoException;
  if (e instanceof Error && typeof errno.code === 'string' && typeof errno.syscall === 'string') {
    const where = `${errno.syscall}${errno.path === undefined ? '' : ` ${errno.path}`}`;
    return `${where}: ${errno.code} (an environment problem: check TMPDIR, HOME, permissions and free space)`;
  }
  return null;
}

const controller = new AbortController();
main(process.argv.slice(2), controller).then(
  (code) => {
    if (!controller.signal.aborted) {
      process.exitCode = code;
      return;
    }
    // Interrupted: nothing may linger (a hostile child's pipe, a timer); clean up and go.
    runCleanupsSync();
    process.exit(code);
  },
  (e: unknown) => {
    const line = describeError(e);
    if (line !== null) process.stderr.write(`directfs-conformance: ${line}\n`);
    else process.stderr.write(`directfs-conformance: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    if (controller.signal.aborted) {
      runCleanupsSync();
      process.exit(INTERRUPTED);
    }
    process.exitCode = 2;
  },
);
