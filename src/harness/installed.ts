/**
 * The runsc builds `npm run setup:runsc` installed: read from the cache's
 * aliases.json (written by scripts/setup-runsc.sh), plus /usr/bin/runsc as the
 * legacy build when the file does not name one.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../model/errors.js';

/** Aliases `runsc:<alias>` resolves; each is also the behaviour profile of its build. */
export const RUNSC_ALIASES = ['modern', 'prefeature', 'legacy', 'vendor', 'vendorbug'] as const;
export type RunscAlias = (typeof RUNSC_ALIASES)[number];

/** Path of the Debian package's binary, the legacy build's fallback. */
export const DEBIAN_RUNSC = '/usr/bin/runsc';

/** One alias as installed (or not) on this machine. */
export interface InstalledBuild {
  alias: RunscAlias;
  /** Version the build was made from, null when unknown. */
  version: string | null;
  /** Executable path, null when setup did not produce one. */
  path: string | null;
  /** True when `path` is an executable file. */
  present: boolean;
  /** Human note: substitution, setup error, or how to install. */
  note: string;
}

interface AliasEntry {
  version?: string | null;
  path?: string | null;
  pinned?: string | null;
  substituted?: boolean;
  error?: string;
}

/** The suite's cache directory, `${XDG_CACHE_HOME:-$HOME/.cache}/directfs-conformance`. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env['XDG_CACHE_HOME'];
  const base = xdg !== undefined && xdg !== '' ? xdg : join(env['HOME'] ?? homedir(), '.cache');
  return join(base, 'directfs-conformance');
}

/** Path of the aliases.json setup writes. */
export function aliasesFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'runsc', 'aliases.json');
}

/** True for a known alias name. */
export function isRunscAlias(name: string): name is RunscAlias {
  return (RUNSC_ALIASES as readonly string[]).includes(name);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function readAliasEntries(file: string): Partial<Record<RunscAlias, AliasEntry>> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as Partial<Record<RunscAlias, AliasEntry>>) : {};
  } catch {
    return {};
  }
}

function describeEntry(alias: RunscAlias, entry: AliasEntry | undefined, present: boolean): string {
  const notes: string[] = [];
  if (entry?.substituted === true && entry.pinned) notes.push(`substitute for pinned ${entry.pinned}`);
  if (entry?.error) notes.push(entry.error);
  if (!present) notes.push(`runsc:${alias} not installed — run npm run setup:runsc`);
  return notes.join('; ');
}

/** Every alias with what setup installed for it; never throws. */
export function readInstalledBuilds(env: NodeJS.ProcessEnv = process.env): InstalledBuild[] {
  const entries = readAliasEntries(aliasesFile(env));
  return RUNSC_ALIASES.map((alias) => {
    const entry = entries[alias];
    let path = typeof entry?.path === 'string' && entry.path !== '' ? entry.path : null;
    let version = typeof entry?.version === 'string' && entry.version !== '' ? entry.version : null;
    if (alias === 'legacy' && path === null && isExecutable(DEBIAN_RUNSC)) {
      path = DEBIAN_RUNSC;
      version = null;
    }
    const present = path !== null && isExecutable(path);
    return { alias, version, path, present, note: describeEntry(alias, entry, present) };
  });
}

/** The installed build of an alias, or undefined for an unknown alias. */
export function findInstalledBuild(alias: string, env: NodeJS.ProcessEnv = process.env): InstalledBuild | undefined {
  return readInstalledBuilds(env).find((b) => b.alias === alias);
}

/** The executable path of `runsc:<alias>`; UsageError when the alias is unknown or not installed. */
export function resolveRunscAlias(
  alias: string,
  env: NodeJS.ProcessEnv = process.env,
): InstalledBuild & { path: string } {
  if (!isRunscAlias(alias)) {
    throw new UsageError(
      `unknown runsc alias "runsc:${alias}" (known: ${RUNSC_ALIASES.map((a) => `runsc:${a}`).join(', ')})`,
    );
  }
  const build = findInstalledBuild(alias, env);
  if (build === undefined || !build.present || build.path === null) {
    throw new UsageError(`runsc:${alias} is not installed: run npm run setup:runsc`);
  }
  return { ...build, path: build.path };
}
