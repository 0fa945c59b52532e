/** `directfs-conformance targets`: every simulator profile, mutant and installed runsc build. */
import { execa } from 'execa';
import { parseCommandOrHelp, type CommandDeclaration, type OptionTable, HELP_OPTION } from '../args.js';
import { PROFILES, PROFILE_NAMES } from '../../simulator/profiles.js';
import { describeIntended, FAULTS, MUTANTS, MUTANT_NAMES } from '../../simulator/mutants.js';
import { readInstalledBuilds } from '../../harness/installed.js';

/** Options of `targets`. */
export const TARGETS_OPTIONS = {
  json: { type: 'boolean', help: 'print the list as JSON' },
  help: HELP_OPTION,
} as const satisfies OptionTable;

async function versionOf(path: string): Promise<string> {
  const r = await execa(path, ['--version'], { reject: false, timeout: 10_000 });
  return r.exitCode === 0 ? (r.stdout.split('\n')[0] ?? '').trim() : `(--version failed: exit ${r.exitCode})`;
}

const TARGETS_COMMAND: CommandDeclaration = {
  name: 'targets',
  usage: 'directfs-conformance targets [--json]',
  description:
    'Lists the simulator profiles, the simulator mutants (fault, symptom, and the requirement and kind of failure\n' +
    'that must kill each) and the installed runsc builds (path and `runsc --version`).\n' +
    'Install the real builds with: npm run setup:runsc',
  options: TARGETS_OPTIONS,
  positionals: { min: 0, max: 0, what: 'no argument' },
};

/** Runs the command; returns the exit code. */
export async function targetsCommand(argv: string[]): Promise<number> {
  const parsed = parseCommandOrHelp(TARGETS_COMMAND, argv);
  if (parsed === null) return 0;
  const { values } = parsed;
  const builds = await Promise.all(
    readInstalledBuilds().map(async (b) => {
      const version = b.present && b.path !== null ? await versionOf(b.path) : null;
      return { id: `runsc:${b.alias}`, path: b.path, present: b.present, version, note: b.note };
    }),
  );
  const profiles = PROFILE_NAMES.map((p) => ({
    id: p === 'modern' ? 'sim' : `sim:${p}`,
    description: PROFILES[p].description,
  }));
  const mutants = MUTANT_NAMES.map((m) => {
    const { fault, symptom, intended } = MUTANTS[m];
    return { id: `sim+mutant:${m}`, fault: FAULTS[fault], symptom, intended };
  });
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify({ schema: 1, profiles, builds, mutants }, null, 2)}\n`);
    return 0;
  }
  const out = ['Simulator profiles:'];
  for (const p of profiles) out.push(`  ${p.id.padEnd(16)} ${p.description}`);
  out.push('', 'Installed runsc builds:');
  for (const b of builds) {
    const id = b.id.padEnd(16);
    if (b.present) out.push(`  ${id} ${b.path}`, `  ${''.padEnd(16)} ${b.version}${b.note ? `  (${b.note})` : ''}`);
    else out.push(`  ${id} NOT INSTALLED${b.note ? `: ${b.note}` : ''} (run npm run setup:runsc)`);
  }
  out.push('', `Simulator mutants (${mutants.length}; --target sim+mutant:<name>):`);
  for (const m of mutants) {
    out.push(`  ${m.id}`, `      fault:     ${m.fault}`, `      symptom:   ${m.symptom}`);
    out.push(`      killed by: ${describeIntended(m.intended)}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
