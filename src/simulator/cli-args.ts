/**
 * The runsc command-line subset `sim-runsc` speaks, parsed the way Go's flag
 * package parses runsc's: `-flag`/`--flag`, `=value` or a separate value for
 * non-boolean flags, parse errors with runsc's texts and usage (exit 2).
 */
import { FILE_ACCESS_VALUES, OVERLAY2_VALUES, type FileAccess, type Overlay2, type RunscFlags } from '../model/case.js';
import { parseOverlay2 } from './config.js';
import { goQuote } from './log.js';
import type { ProfileSpec } from './profiles.js';

/** Global flags sim-runsc accepts (the harness's runsc invocation plus the case flags). */
export const GLOBAL_FLAGS = {
  root: 'string',
  network: 'string',
  'ignore-cgroups': 'bool',
  debug: 'bool',
  'debug-log': 'string',
  directfs: 'bool',
  overlay2: 'string',
  'file-access': 'string',
  'file-access-mounts': 'string',
  platform: 'string',
  version: 'bool',
} as const;

/** Global flag values after parsing. */
export interface GlobalArgs {
  root: string | null;
  debugLog: string | null;
  debug: boolean;
  flags: RunscFlags;
}

/** What an argv asks for. */
export type ParsedArgv =
  | { kind: 'version' }
  | { kind: 'run'; globals: GlobalArgs; bundle: string; id: string }
  | { kind: 'delete'; globals: GlobalArgs; force: boolean; id: string }
  | { kind: 'error'; exitCode: number; stderr: string };

interface RawFlag {
  name: string;
  value: string | null;
}

/** Splits one `-name[=value]` argument; null when it is not a flag. */
function splitFlag(arg: string): RawFlag | null {
  if (!arg.startsWith('-') || arg === '-' || arg === '--') return null;
  const body = arg.replace(/^--?/, '');
  const eq = body.indexOf('=');
  return eq < 0 ? { name: body, value: null } : { name: body.slice(0, eq), value: body.slice(eq + 1) };
}

function parseBool(v: string): boolean | null {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
  return null;
}

function usageError(first: string, profile: ProfileSpec): ParsedArgv {
  return { kind: 'error', exitCode: 2, stderr: `${first}\n${profile.usage}` };
}

/** Parses a sim-runsc argv (without node and script) under a profile. */
export function parseArgv(argv: readonly string[], profile: ProfileSpec): ParsedArgv {
  const globals: GlobalArgs = {
    root: null,
    debugLog: null,
    debug: false,
    flags: { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null },
  };
  let i = 0;
  let version = false;
  for (; i < argv.length; i++) {
    const f = splitFlag(argv[i] ?? '');
    if (f === null) break;
    const kind = (GLOBAL_FLAGS as Record<string, string>)[f.name];
    if (kind === undefined || (f.name === 'directfs' && !profile.directfsFlag))
      return usageError(`flag provided but not defined: -${f.name}`, profile);
    let value = f.value;
    if (kind === 'bool') {
      const b = parseBool(value ?? 'true');
      if (b === null)
        return usageError(`invalid boolean value ${goQuote(value ?? '')} for -${f.name}: parse error`, profile);
      if (f.name === 'debug') globals.debug = b;
      if (f.name === 'directfs') globals.flags.directfs = b;
      if (f.name === 'version') version = b;
      continue;
    }
    if (value === null) {
      i += 1;
      value = argv[i] ?? null;
      if (value === null) return usageError(`flag needs an argument: -${f.name}`, profile);
    }
    const err = applyValue(globals, f.name, value, profile);
    if (err !== null) return usageError(`invalid value ${goQuote(value)} for flag -${f.name}: ${err}`, profile);
  }
  if (version) return { kind: 'version' };
  const cmd = argv[i];
  const rest = argv.slice(i + 1);
  if (cmd === 'run') return parseRun(rest, globals);
  if (cmd === 'delete') return parseDelete(rest, globals);
  return usageError(
    cmd === undefined
      ? 'no subcommand given'
      : `sim-runsc supports only "run", "delete" and --version, got ${goQuote(cmd)}`,
    profile,
  );
}

function applyValue(g: GlobalArgs, name: string, value: string, profile: ProfileSpec): string | null {
  switch (name) {
    case 'root':
      g.root = value;
      return null;
    case 'debug-log':
      g.debugLog = value;
      return null;
    case 'overlay2': {
      const parsed = parseOverlay2(value, profile);
      if ('error' in parsed) return parsed.error;
      if (!(OVERLAY2_VALUES as readonly string[]).includes(value))
        return `sim-runsc models only ${OVERLAY2_VALUES.join(', ')}`;
      g.flags.overlay2 = value as Overlay2;
      return null;
    }
    case 'file-access':
    case 'file-access-mounts': {
      if (!(FILE_ACCESS_VALUES as readonly string[]).includes(value))
        return `invalid file access type ${goQuote(value)}`;
      if (name === 'file-access') g.flags.fileAccess = value as FileAccess;
      else g.flags.fileAccessMounts = value as FileAccess;
      return null;
    }
    default:
      return null;
  }
}

function parseRun(args: readonly string[], globals: GlobalArgs): ParsedArgv {
  let bundle = '.';
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const f = splitFlag(args[i] ?? '');
    if (f === null) {
      positional.push(args[i] ?? '');
      continue;
    }
    if (f.name !== 'bundle')
      return { kind: 'error', exitCode: 2, stderr: `flag provided but not defined: -${f.name}\n` };
    const value = f.value ?? args[++i];
    if (value === undefined) return { kind: 'error', exitCode: 2, stderr: 'flag needs an argument: -bundle\n' };
    bundle = value;
  }
  const id = positional[0];
  if (id === undefined || positional.length !== 1)
    return { kind: 'error', exitCode: 2, stderr: 'run [flags] <container id> - create and run a secure container.\n' };
  return { kind: 'run', globals, bundle, id };
}

function parseDelete(args: readonly string[], globals: GlobalArgs): ParsedArgv {
  let force = false;
  const positional: string[] = [];
  for (const a of args) {
    const f = splitFlag(a);
    if (f === null) positional.push(a);
    else if (f.name === 'force' && parseBool(f.value ?? 'true') !== null) force = parseBool(f.value ?? 'true') === true;
    else return { kind: 'error', exitCode: 2, stderr: `flag provided but not defined: -${f.name}\n` };
  }
  const id = positional[0];
  if (id === undefined)
    return {
      kind: 'error',
      exitCode: 2,
      stderr: 'delete [flags] <container ids> - delete resources held by a container.\n',
    };
  return { kind: 'delete', globals, force, id };
}
