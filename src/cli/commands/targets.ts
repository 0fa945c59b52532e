/** `directfs-conformance targets`: every simulator profile, mutant and installed runsc build. */
import { execa } from 'execa';
import { formatHelp, parseCommandArgs, type OptionTable, HELP_OPTION } from '../args.js';
import { UsageError } from '../../model/errors.js';
import { PROFILES, PROFILE_NAMES } from '../../simulator/profiles.js';
import { FAULTS, MUTANTS, MUTANT_NAMES } from '../../simulator/mutants.js';
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

/** Runs the command; returns the exit code. */
export async function targetsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('targets', argv, TARGETS_OPTIONS);
  if (values.help === true) {
    process.stdout.write(formatHelp('directfs-conformance targets [--json]', 'Lists the simulator profiles, the simulator mutants and the installed runsc builds (path and `runsc --version`).\nInstall the real builds with: npm run setup:runsc', TARGETS_OPTIONS));
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`targets: unexpected argument ${JSON.stringify(positionals[0])}`);
  const builds = await Promise.all(
    readInstalledBuilds().map(async (b) => ({ id: `runsc:${b.alias}`, path: b.path, present: b.present, version: b.present && b.path !== null ? await versionOf(b.path) : null, note: b.note })),
  );
  const profiles = PROFILE_NAMES.map((p) => ({ id: p === 'modern' ? 'sim' : `sim:${p}`, description: PROFILES[p].description }));
  const mutants = MUTANT_NAMES.map((m) => ({ id: `sim+mutant:${m}`, fault: FAULTS[MUTANTS[m].fault], symptom: MUTANTS[m].symptom }));
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify({ schema: 1, profiles, builds, mutants }, null, 2)}\n`);
    return 0;
  }
  const out = ['Simulator profiles:'];
  for (const p of profiles) out.push(`  ${p.id.padEnd(16)} ${p.description}`);
  out.push('', 'Installed runsc builds:');
  for (const b of builds) {
    out.push(b.present ? `  ${b.id.padEnd(16)} ${b.path}\n  ${''.padEnd(16)} ${b.version}${b.note ? `  (${b.note})` : ''}` : `  ${b.id.padEnd(16)} NOT INSTALLED${b.note ? `: ${b.note}` : ''} (run npm run setup:runsc)`);
  }
  out.push('', `Simulator mutants (${mutants.length}; --target sim+mutant:<name>):`);
  for (const m of mutants) out.push(`  ${m.id}\n      fault:   ${m.fault}\n      symptom: ${m.symptom}`);
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
