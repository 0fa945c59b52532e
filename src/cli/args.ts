/**
 * Command-line option tables and their parsing. Each command declares its
 * options once, as a typed table; help text and parsing both come from it.
 */
import { parseArgs } from 'node:util';
import { randomInt } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../model/errors.js';

/** One option of a command. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** Placeholder shown in help, e.g. `N`. */
  value?: string;
  help: string;
}

/** A command's option table. */
export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** Parsed values, keyed like the table. */
export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

/** Parses `argv` against `table`, turning every parse problem into a one-line UsageError. */
export function parseCommandArgs(command: string, argv: string[], table: OptionTable): { values: ParsedValues; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [name, spec] of Object.entries(table)) {
    options[name] = { type: spec.type, ...(spec.multiple === true ? { multiple: true } : {}), ...(spec.short === undefined ? {} : { short: spec.short }) };
  }
  try {
    const parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
    return { values: parsed.values as ParsedValues, positionals: parsed.positionals };
  } catch (e) {
    const message = (e as Error).message.split('\n')[0] ?? String(e);
    throw new UsageError(`${command}: ${message.replace(/\. To specify a positional argument.*$/, '')} (see 'directfs-conformance ${command} --help')`);
  }
}

/** Help text of a command from its table. */
export function formatHelp(usage: string, description: string, table: OptionTable): string {
  const rows = Object.entries(table).map(([name, spec]) => {
    const flag = `--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}${spec.short === undefined ? '' : `, -${spec.short}`}`;
    return `  ${flag.padEnd(28)} ${spec.help}`;
  });
  return `Usage: ${usage}\n\n${description}\n\nOptions:\n${rows.join('\n')}\n`;
}

/** A whole number ≥ `min` from option `name`, or `fallback` when absent. */
export function intOption(values: ParsedValues, name: string, fallback: number, min: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw.trim())) {
    throw new UsageError(`--${name} must be a whole number, got ${JSON.stringify(raw)}`);
  }
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, got ${raw}`);
  return n;
}

/** A string option or `fallback`. */
export function stringOption(values: ParsedValues, name: string): string | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw === '') throw new UsageError(`--${name} needs a value`);
  return raw;
}

/**
 * Checks up front that an output file can be written: its directory exists
 * and it is not itself a directory. Returns the absolute path.
 */
export function outputPathOption(values: ParsedValues, name: string): string | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  const abs = resolve(raw);
  const dir = dirname(abs);
  let dirStat;
  try {
    dirStat = statSync(dir);
  } catch {
    throw new UsageError(`--${name} ${raw}: directory ${dir} does not exist`);
  }
  if (!dirStat.isDirectory()) throw new UsageError(`--${name} ${raw}: ${dir} is not a directory`);
  try {
    if (statSync(abs).isDirectory()) throw new UsageError(`--${name} ${raw}: is a directory`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
  }
  return abs;
}

/** Options several commands share, declared once. */
export const SEED_OPTION = { type: 'string', value: 'S', help: 'fast-check seed (default: random, printed)' } as const satisfies OptionSpec;
export const JOBS_OPTION = { type: 'string', value: 'J', help: 'cases run in parallel (default 1)' } as const satisfies OptionSpec;
export const TIMEOUT_OPTION = { type: 'string', value: 'SEC', help: 'per-case timeout in seconds (default 60)' } as const satisfies OptionSpec;
export const HELP_OPTION = { type: 'boolean', short: 'h', help: 'show this help' } as const satisfies OptionSpec;

/** `--seed`, or a fresh random seed (printed by the caller so the run can be replayed). */
export function seedOption(values: ParsedValues): number {
  return intOption(values, 'seed', randomInt(1, 2 ** 31 - 1), -(2 ** 31));
}
