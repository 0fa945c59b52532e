#!/usr/bin/env node
/** The `directfs-conformance` command: dispatch, signal handling and the mapping of errors to exit codes. */
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

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  if (!(name in COMMANDS)) throw new UsageError(`unknown command ${JSON.stringify(name)} (commands: ${Object.keys(COMMANDS).join(', ')})`);
  installSignalHandlers({ exitOnSignal: false });
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    interrupts += 1;
    if (interrupts === 1) {
      process.stderr.write(`\ndirectfs-conformance: ${sig}: stopping, cleaning up sandboxes and temporary directories…\n`);
      controller.abort();
    } else {
      process.stderr.write(`directfs-conformance: ${sig} again: exiting now\n`);
      runCleanupsSync();
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const code = await COMMANDS[name as CommandName].run(rest, controller.signal);
    return controller.signal.aborted && code === 0 ? 3 : code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError || e instanceof HarnessError) {
      process.stderr.write(`directfs-conformance: ${e.message.split('\n')[0]}\n`);
    } else {
      process.stderr.write(`directfs-conformance: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    }
    process.exitCode = 2;
  },
);
