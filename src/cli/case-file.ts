/** Reading stored cases (reproducers or bare cases) with a one-line error for anything malformed. */
import { readFileSync } from 'node:fs';
import { UsageError } from '../model/errors.js';
import { OVERLAY2_VALUES, FILE_ACCESS_VALUES, type Case } from '../model/case.js';
import { REQUIREMENT_IDS, type RequirementId } from '../model/requirements.js';

/** A stored case plus, for reproducers, the requirement it failed. */
export interface StoredCase {
  case: Case;
  requirement: RequirementId | null;
  target: string | null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(file: string, what: string): never {
  throw new UsageError(`${file}: not a stored case: ${what}`);
}

/** Validates `raw` as a Case; `file` names it in errors. */
export function parseCase(raw: unknown, file: string): Case {
  if (!isObject(raw)) fail(file, 'expected a JSON object');
  const { flags, spec, fixtures } = raw;
  if (!isObject(flags)) fail(file, 'missing "flags"');
  if (!(flags.directfs === null || typeof flags.directfs === 'boolean')) fail(file, 'flags.directfs must be true, false or null');
  if (!(flags.overlay2 === null || (OVERLAY2_VALUES as readonly unknown[]).includes(flags.overlay2))) fail(file, `flags.overlay2 must be one of ${OVERLAY2_VALUES.join(', ')} or null`);
  for (const k of ['fileAccess', 'fileAccessMounts'] as const) {
    if (!(flags[k] === null || (FILE_ACCESS_VALUES as readonly unknown[]).includes(flags[k]))) fail(file, `flags.${k} must be exclusive, shared or null`);
  }
  if (!isObject(spec) || !isObject(spec.root) || !Array.isArray(spec.mounts) || !isObject(spec.annotations)) fail(file, 'spec needs root, mounts[] and annotations{}');
  if (typeof spec.root.path !== 'string' || typeof spec.root.readonly !== 'boolean') fail(file, 'spec.root needs path and readonly');
  for (const m of spec.mounts) {
    if (!isObject(m) || typeof m.destination !== 'string') fail(file, 'every mount needs a destination');
    if (m.options !== undefined && !(Array.isArray(m.options) && m.options.every((o) => typeof o === 'string'))) fail(file, 'mount options must be strings');
  }
  if (!Object.values(spec.annotations).every((v) => typeof v === 'string')) fail(file, 'annotation values must be strings');
  if (!Array.isArray(fixtures) || !fixtures.every((f) => isObject(f) && typeof f.path === 'string' && (f.kind === 'dir' || f.kind === 'file'))) fail(file, 'fixtures must be {path, kind: dir|file}');
  for (const f of fixtures as { path: string }[]) if (f.path.startsWith('/') || f.path.split('/').includes('..')) fail(file, `fixture ${f.path} leaves the case root`);
  return raw as unknown as Case;
}

/** Reads a reproducer (`{requirement, target, case}`) or a bare case from `file`. */
export function readStoredCase(file: string): StoredCase {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UsageError(`${file}: not valid JSON`);
  }
  if (isObject(raw) && 'case' in raw) {
    const req = raw.requirement;
    if (req !== undefined && req !== null && !(REQUIREMENT_IDS as readonly unknown[]).includes(req)) fail(file, `unknown requirement ${JSON.stringify(req)}`);
    return { case: parseCase(raw.case, file), requirement: (req as RequirementId | undefined) ?? null, target: typeof raw.target === 'string' ? raw.target : null };
  }
  return { case: parseCase(raw, file), requirement: null, target: null };
}
