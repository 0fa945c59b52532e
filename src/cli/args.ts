/**
 * Command-line option tables and their parsing. Each command declares its
 * options once, as a typed table; help text and parsing both come from it.
 */
import { parseArgs } from 'node:util';
import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import { UsageError } from '../model/errors.js';
import { checkOutputDir, checkOutputFile } from './output.js';

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
export function parseCommandArgs(
  command: string,
  argv: string[],
  table: OptionTable,
): { values: ParsedValues; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [name, spec] of Object.entries(table)) {
    options[name] = {
      type: spec.type,
      ...(spec.multiple === true ? { multiple: true } : {}),
      ...(spec.short === undefined ? {} : { short: spec.short }),
    };
  }
  try {
    const parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
    return { values: parsed.values as ParsedValues, positionals: parsed.positionals };
  } catch (e) {
    const message = (e as Error).message.split('\n')[0] ?? String(e);
    throw new UsageError(
      `${command}: ${message.replace(/\. To specify a positional argument.*$/, '')} (see 'directfs-conformance ${command} --help')`,
    );
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

/**
 * Upper bounds of the numeric options, by option name: past them a run is
 * either absurd or unsafe (a timeout over ~24.8 days overflows Node's timers).
 */
export const INT_OPTION_MAX = {
  cases: 100_000,
  jobs: 64,
  timeout: 86_400,
  repeat: 1_000,
  show: 10_000,
  seed: 2 ** 31 - 1,
} as const satisfies Record<string, number>;

/** Bound of an option not in {@link INT_OPTION_MAX}. */
export const DEFAULT_INT_MAX = 1_000_000;

function maxOf(name: string): number {
  return (INT_OPTION_MAX as Record<string, number>)[name] ?? DEFAULT_INT_MAX;
}

/** A whole number in [`min`, `max`] from option `name` (max from {@link INT_OPTION_MAX}), or `fallback` when absent. */
export function intOption(
  values: ParsedValues,
  name: string,
  fallback: number,
  min: number,
  max: number = maxOf(name),
): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw.trim())) {
    throw new UsageError(`--${name} must be a whole number, got ${JSON.stringify(raw)}`);
  }
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got ${raw.trim().slice(0, 40)}`);
  }
  return n;
}

/** A non-empty string option, or undefined when absent. */
export function stringOption(values: ParsedValues, name: string): string | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw === '') throw new UsageError(`--${name} needs a value`);
  if (raw.includes('\0')) throw new UsageError(`--${name} must not contain a NUL byte`);
  return raw;
}

/**
 * An output file option, checked before anything runs (output.ts
 * checkOutputFile: absent or a regular file, in a writable directory).
 * Returns the absolute path.
 */
export function outputPathOption(values: ParsedValues, name: string): string | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  const abs = resolve(raw);
  checkOutputFile(name, abs);
  return abs;
}

/** An output directory option (or `fallback`), checked before anything runs; the absolute path. */
export function outputDirOption(values: ParsedValues, name: string, fallback: string): string {
  const abs = resolve(stringOption(values, name) ?? fallback);
  checkOutputDir(name, abs);
  return abs;
}

/** What a command declares about itself for {@link parseCommandOrHelp}. */
export interface CommandDeclaration {
  name: string;
  usage: string;
  description: string;
  options: OptionTable;
  /** How many positional arguments it takes, and what they are called in the error. */
  positionals: { min: number; max: number; what: string };
}

/** Parsed options and positionals of a command. */
export interface ParsedCommand {
  values: ParsedValues;
  positionals: string[];
}

/**
 * The preamble every command shares: parse `argv` against the table, print
 * help for `--help` (then null: the command returns 0), refuse wrong positionals.
 */
export function parseCommandOrHelp(decl: CommandDeclaration, argv: string[]): ParsedCommand | null {
  const parsed = parseCommandArgs(decl.name, argv, decl.options);
  if (parsed.values.help === true) {
    process.stdout.write(formatHelp(decl.usage, decl.description, decl.options));
    return null;
  }
  const { min, max, what } = decl.positionals;
  const n = parsed.positionals.length;
  if (n > max) {
    const extra = JSON.stringify(parsed.positionals[max]);
    throw new UsageError(`${decl.name}: unexpected argument ${extra}${max === 0 ? '' : ` (takes ${what})`}`);
  }
  if (n < min) throw new UsageError(`${decl.name} needs ${what}`);
  return parsed;
}

/** Options several commands share, declared once. */
export const SEED_OPTION = {
  type: 'string',
  value: 'S',
  help: 'fast-check seed (default: random, printed)',
} as const satisfies OptionSpec;
export const JOBS_OPTION = {
  type: 'string',
  value: 'J',
  help: 'cases run in parallel (default 1)',
} as const satisfies OptionSpec;
export const TIMEOUT_OPTION = {
  type: 'string',
  value: 'SEC',
  help: 'per-case timeout in seconds (default 60)',
} as const satisfies OptionSpec;
export const HELP_OPTION = { type: 'boolean', short: 'h', help: 'show this help' } as const satisfies OptionSpec;

/** `--seed`, or a fresh random seed (printed by the caller so the run can be replayed). */
export function seedOption(values: ParsedValues): number {
  return intOption(values, 'seed', randomInt(1, 2 ** 31 - 1), -(2 ** 31), INT_OPTION_MAX.seed);
}
