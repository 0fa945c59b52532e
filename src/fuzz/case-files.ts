/**
 * The stored cases a `replay DIR` re-runs: every `case.json` under DIR (a
 * findings tree) plus the `*.json` cases directly in it (a queue or a folder
 * of reproducers). Regular files only; symbolic links are not followed.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../model/errors.js';

/** Most case files one directory replay takes. */
export const MAX_CASE_FILES = 10_000;

/** Files the fuzzer writes beside a case that are not cases. */
const NOT_CASES = new Set(['observation.json']);

/** Case files under `dir`, sorted; a one-line UsageError when there are none or too many. */
export function listCaseFiles(dir: string): string[] {
  const found = new Set<string>();
  const walk = (at: string, depth: number): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path, depth + 1);
      else if (entry.isFile() && (entry.name === 'case.json' || (depth === 0 && entry.name.endsWith('.json')))) {
        if (depth === 0 && NOT_CASES.has(entry.name)) continue;
        found.add(path);
        if (found.size > MAX_CASE_FILES) throw new UsageError(`${dir}: more than ${MAX_CASE_FILES} case files`);
      }
    }
  };
  if (!lstatSync(dir).isDirectory()) throw new UsageError(`${dir}: not a directory`);
  walk(dir, 0);
  if (found.size === 0) throw new UsageError(`${dir}: no case.json under it and no *.json case in it`);
  return [...found].sort();
}
