/**
 * Expected divergences: a vendor's list of known failures, each with a
 * requirement, a target pattern (a glob on the target id), a reason and an
 * expiry date. Parsing is pure and strict: anything wrong is one UsageError
 * line naming the entry and the field.
 */
import { UsageError } from '../model/errors.js';
import { isRequirementId, REQUIREMENT_IDS, type RequirementId } from '../model/requirements.js';

/** One known divergence, as the file states it. */
export interface ExpectedDivergence {
  requirement: RequirementId;
  /** Glob on the target id: `*` any run of characters, `?` one character, `{a,b}` either, the rest literal. */
  target: string;
  reason: string;
  /** Last day (UTC, inclusive) the entry holds, `YYYY-MM-DD`. */
  expires: string;
}

const FIELDS = ['requirement', 'target', 'reason', 'expires'] as const;
const MAX_ENTRIES = 1000;
const MAX_TEXT = 500;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function textField(entry: Record<string, unknown>, field: string, where: string): string {
  const v = entry[field];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`${where}: "${field}" must be a non-empty string`);
  if (v.length > MAX_TEXT || /[\0\n\r]/.test(v)) {
    throw new UsageError(`${where}: "${field}" must be one line of at most ${MAX_TEXT} characters`);
  }
  return v;
}

function parseEntry(raw: unknown, where: string): ExpectedDivergence {
  if (!isObject(raw)) throw new UsageError(`${where}: must be an object with ${FIELDS.join(', ')}`);
  const unknown = Object.keys(raw).find((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown !== undefined)
    throw new UsageError(`${where}: unknown field "${unknown}" (fields: ${FIELDS.join(', ')})`);
  const requirement = textField(raw, 'requirement', where);
  if (!isRequirementId(requirement)) {
    throw new UsageError(`${where}: unknown requirement "${requirement}" (known: ${REQUIREMENT_IDS.join(', ')})`);
  }
  const expires = textField(raw, 'expires', where);
  if (!isIsoDate(expires)) throw new UsageError(`${where}: "expires" must be a date YYYY-MM-DD, got "${expires}"`);
  return { requirement, target: textField(raw, 'target', where), reason: textField(raw, 'reason', where), expires };
}

/**
 * Parses the file's text: `{ "schema": 1, "divergences": [ … ] }`. `file`
 * names it in errors. Two entries for the same requirement and pattern are refused.
 */
export function parseExpectedFile(text: string, file: string): ExpectedDivergence[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--expected ${file}: not JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (!isObject(doc) || doc['schema'] !== 1 || !Array.isArray(doc['divergences'])) {
    throw new UsageError(`--expected ${file}: must be {"schema": 1, "divergences": [...]}`);
  }
  const list = doc['divergences'] as unknown[];
  if (list.length > MAX_ENTRIES) throw new UsageError(`--expected ${file}: more than ${MAX_ENTRIES} entries`);
  const extra = Object.keys(doc).find((k) => k !== 'schema' && k !== 'divergences');
  if (extra !== undefined) throw new UsageError(`--expected ${file}: unknown top-level field "${extra}"`);
  const seen = new Set<string>();
  return list.map((raw, i) => {
    const entry = parseEntry(raw, `--expected ${file}: divergences[${i}]`);
    const key = `${entry.requirement} ${entry.target}`;
    if (seen.has(key)) {
      throw new UsageError(
        `--expected ${file}: divergences[${i}]: a second entry for ${entry.requirement} on "${entry.target}"`,
      );
    }
    seen.add(key);
    return entry;
  });
}

function globToRegExp(pattern: string): string {
  let out = '';
  let inBraces = false;
  for (const ch of pattern) {
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else if (ch === '{' && !inBraces) [out, inBraces] = [`${out}(?:`, true];
    else if (ch === '}' && inBraces) [out, inBraces] = [`${out})`, false];
    else if (ch === ',' && inBraces) out += '|';
    else out += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return inBraces ? pattern.replace(/[\\^$.|+()[\]{}*?]/g, '\\$&') : out;
}

/** True when glob `pattern` matches the whole target id: `*` any run, `?` one character, `{a,b}` either. */
export function matchesTarget(pattern: string, targetId: string): boolean {
  return new RegExp(`^${globToRegExp(pattern)}$`, 's').test(targetId);
}

/** True when the entry no longer holds on `today` (`YYYY-MM-DD`, UTC): it held through its expiry day. */
export function isExpired(entry: ExpectedDivergence, today: string): boolean {
  return entry.expires < today;
}

/** The entry covering `requirement` on `targetId` (one still in force before an expired one), if any. */
export function findExpected(
  entries: readonly ExpectedDivergence[],
  requirement: RequirementId,
  targetId: string,
  today: string,
): ExpectedDivergence | undefined {
  const matching = entries.filter((e) => e.requirement === requirement && matchesTarget(e.target, targetId));
  return matching.find((e) => !isExpired(e, today)) ?? matching[0];
}
