/**
 * Reading stored cases (reproducers or bare cases): a regular file within the
 * size limit, JSON, of a known schema version, valid against the case schema,
 * with a one-line UsageError naming the field for anything else.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { ZodIssue } from 'zod';
import { UsageError, HarnessError } from '../model/errors.js';
import type { Case } from '../model/case.js';
import type { RequirementId } from '../model/requirements.js';
import { CASE_LIMITS, CASE_SCHEMA_VERSION } from '../model/case-rules.js';
import { caseSchema, reproducerSchema } from '../model/case-schema.js';
import { fixtureRelPath } from '../harness/materialize.js';

/** A stored case plus, for reproducers, the requirement it failed and the target it was recorded on (for display). */
export interface StoredCase {
  case: Case;
  requirement: RequirementId | null;
  /** A label only (`sim…` or `runsc:<alias>`); never used as the target. */
  recordedTarget: string | null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(file: string, what: string): never {
  throw new UsageError(`${file}: not a stored case: ${what}`);
}

/** `spec.mounts[0].source` from a zod issue path. */
function fieldName(path: (string | number)[]): string {
  const part = (p: string | number, i: number): string => {
    if (typeof p === 'number') return `[${p}]`;
    return /^[A-Za-z_]\w*$/.test(p) ? `${i === 0 ? '' : '.'}${p}` : `[${JSON.stringify(p)}]`;
  };
  return path.map(part).join('');
}

function describeIssue(issue: ZodIssue): string {
  const field = fieldName(issue.path);
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown field(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`
      : issue.message;
  return field === '' ? message : `field ${field}: ${message}`;
}

/** Reads at most the size limit from a regular file; FIFOs, devices and oversized files are refused unread. */
function readCaseText(file: string): string {
  const limit = CASE_LIMITS.fileBytes;
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!st.isFile()) throw new UsageError(`${file}: not a regular file; a stored case is a JSON file`);
  if (st.size > limit) {
    throw new UsageError(`${file}: ${st.size} bytes, more than the ${limit}-byte limit of a case file`);
  }
  let fd: number;
  try {
    // O_NONBLOCK: should the path have become a FIFO since the stat, opening it does not wait for a writer.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw new UsageError(`${file}: not a regular file; a stored case is a JSON file`);
    const buffer = Buffer.alloc(limit + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length <= limit; length += n) {
      n = readSync(fd, buffer, length, buffer.length - length, null);
    }
    if (length > limit) throw new UsageError(`${file}: more than the ${limit}-byte limit of a case file`);
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Refuses a `schema` other than the one this build reads, before any other field is looked at. */
function checkVersion(raw: Record<string, unknown>, file: string): void {
  if (!('schema' in raw) || raw.schema === CASE_SCHEMA_VERSION) return;
  const shown = JSON.stringify(raw.schema)?.slice(0, 40) ?? String(raw.schema);
  fail(file, `field schema: unknown version ${shown} (this build reads version ${CASE_SCHEMA_VERSION})`);
}

/** Validates `raw` (a bare case or a reproducer) and returns the stored case; `file` names it in errors. */
export function parseStoredCase(raw: unknown, file: string): StoredCase {
  if (!isObject(raw)) fail(file, 'expected a JSON object');
  checkVersion(raw, file);
  const reproducer = 'case' in raw;
  if (reproducer && isObject(raw.case)) checkVersion(raw.case, file);
  const parsed = reproducer ? reproducerSchema.safeParse(raw) : caseSchema.safeParse(raw);
  if (!parsed.success) fail(file, describeIssue(parsed.error.issues[0] as ZodIssue));
  const data = parsed.data;
  const { schema: _version, ...c } = 'case' in data ? data.case : data;
  c.fixtures.forEach((f, i) => {
    try {
      fixtureRelPath(f.path);
    } catch (e) {
      if (e instanceof HarnessError) fail(file, `field fixtures[${i}].path: ${e.message}`);
      throw e;
    }
  });
  return {
    case: c as Case,
    requirement: 'case' in data ? (data.requirement ?? null) : null,
    recordedTarget: 'case' in data ? (data.target ?? null) : null,
  };
}

/** Reads a reproducer (`{schema, requirement, target, case}`) or a bare case from `file`. */
export function readStoredCase(file: string): StoredCase {
  const text = readCaseText(file);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UsageError(`${file}: not valid JSON`);
  }
  return parseStoredCase(raw, file);
}
