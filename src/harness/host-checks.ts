/**
 * Host-side checks of the probe workload's effects on each planned mount's
 * source, after the run (/tmp/dfc-probe-semantics.md). They are facts, not
 * verdicts: the oracles decide which outcome a mount should have produced.
 */
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Case, SEED_CONTENT, SEED_FILE } from '../model/case.js';
import type { HostCheck } from '../model/raw-run.js';
import {
  type HostCheckName,
  type PlannedMount,
  planWorkload,
  TRUNCATED_DATA,
  WORKLOAD_DATA,
  workloadNames,
} from '../probe/plan.js';

/** Content of a regular file, or null when it is missing or unreadable. */
async function contentOf(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** True when anything (even a dangling symlink) exists at `path`. */
async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

function describeContent(name: string, actual: string | null): string {
  return actual === null ? `${name} missing` : `${name} holds ${JSON.stringify(actual)}`;
}

/** First failing reason of a list of [failed?, reason] pairs, '' when none failed. */
function firstFailure(conditions: [boolean, string][]): string {
  return conditions.find(([failed]) => failed)?.[1] ?? '';
}

async function checksOf(m: PlannedMount, source: string): Promise<[HostCheckName, string][]> {
  const n = workloadNames(m.prefix);
  if (m.kind === 'file') {
    if (m.readonly) return [];
    const content = await contentOf(source);
    return [
      ['effects-present', content === `${WORKLOAD_DATA}\n` ? '' : describeContent('source', content)],
      ['effects-absent', content === SEED_CONTENT ? '' : describeContent('source', content)],
    ];
  }
  const seed = await contentOf(join(source, SEED_FILE));
  const seedIntact: [HostCheckName, string] = [
    'seed-intact',
    seed === SEED_CONTENT ? '' : describeContent(SEED_FILE, seed),
  ];
  if (m.readonly) {
    return [['effects-absent', (await exists(join(source, n.denied))) ? `${n.denied} exists` : ''], seedIntact];
  }
  const moved = await contentOf(join(source, n.moved));
  const fileLeft = await exists(join(source, n.file));
  const linkLeft = await exists(join(source, n.link));
  const dirMade = await exists(join(source, n.dir));
  return [
    [
      'effects-present',
      firstFailure([
        [moved !== TRUNCATED_DATA, describeContent(n.moved, moved)],
        [fileLeft, `${n.file} exists`],
        [linkLeft, `${n.link} exists`],
      ]),
    ],
    [
      'effects-absent',
      firstFailure([
        [fileLeft, `${n.file} exists`],
        [dirMade, `${n.dir} exists`],
      ]),
    ],
    seedIntact,
  ];
}

/** Checks every planned mount's source under `caseRoot`, in plan order. */
export async function checkHost(c: Case, caseRoot: string): Promise<HostCheck[]> {
  const out: HostCheck[] = [];
  for (const m of planWorkload(c)) {
    for (const [check, failure] of await checksOf(m, join(caseRoot, m.sourceRel))) {
      out.push({ index: m.index, destination: m.destination, check, ok: failure === '', detail: failure });
    }
  }
  return out;
}
