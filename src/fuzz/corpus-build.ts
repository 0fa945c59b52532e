/**
 * Adds the missing entries of the checked-in corpus: one edge case per
 * requirement (its first example row) and one minimal killing case per
 * simulator mutant, each with what the simulator and the mutant give. Never
 * rewrites an entry that is there. Run after adding a mutant:
 * `node dist/fuzz/corpus-build.js [DIR]` (default the package corpus/).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Case } from '../model/case.js';
import type { RequirementId } from '../model/requirements.js';
import { REQUIREMENT_IDS } from '../model/requirements.js';
import { EXAMPLES } from '../generators/examples.js';
import { resolveTarget } from '../harness/targets.js';
import { ObservationCache, type Evaluator } from '../runner/evaluate.js';
import { MUTANTS, MUTANT_NAMES, type MutantName } from '../simulator/mutants.js';
import { outcomeOf } from './corpus-replay.js';
import { freshCases } from './fresh.js';
import { PACKAGE_CORPUS, type Expected } from './known.js';
import { shrinkCase } from './shrink.js';

/** Fresh cases searched for a mutant no example kills. */
const SEARCH = 4_000;

async function evaluatorOn(id: string): Promise<Evaluator> {
  return {
    subject: new ObservationCache(await resolveTarget(id), 60_000),
    reference: new ObservationCache(await resolveTarget('sim:prefeature'), 60_000),
  };
}

function writeEntry(dir: string, name: string, requirement: RequirementId, c: Case, expected: Expected): void {
  const at = join(dir, name);
  mkdirSync(at, { recursive: true });
  const stored = { schema: 1, requirement, target: null, case: c };
  writeFileSync(join(at, 'case.json'), `${JSON.stringify(stored, null, 2)}\n`);
  writeFileSync(join(at, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
}

/** True when `c` fails one of the mutant's intended requirements on `ev`. */
async function kills(ev: Evaluator, name: MutantName, c: Case): Promise<boolean> {
  const reqs = MUTANTS[name].intended.map((i) => i.requirement);
  const got = await outcomeOf(ev, c, reqs, false);
  return Object.values(got.verdicts).includes('failed');
}

/** Adds the missing edge and mutant entries under `dir`; returns the names added. */
export async function buildCorpus(dir: string): Promise<string[]> {
  const added: string[] = [];
  const sim = await evaluatorOn('sim');
  for (const id of REQUIREMENT_IDS) {
    const example = EXAMPLES.find((e) => e.requirement === id);
    const name = `edge-${example?.name ?? ''}`;
    if (example === undefined || existsSync(join(dir, name))) continue;
    const about = `${id} edge: the example row ${example.name}`;
    const expected = { sim: await outcomeOf(sim, example.case, [id], true) };
    writeEntry(dir, name, id, example.case, { schema: 1, about, expected, findings: [] });
    added.push(name);
  }
  for (const name of MUTANT_NAMES) {
    const entry = `mutant-${name}`;
    if (existsSync(join(dir, entry))) continue;
    const ev = await evaluatorOn(`sim+mutant:${name}`);
    let found: Case | null = null;
    for (const e of EXAMPLES) if (found === null && (await kills(ev, name, e.case))) found = e.case;
    const fresh = freshCases(1);
    for (let i = 0; i < SEARCH && found === null; i++) {
      const c = fresh();
      if (await kills(ev, name, c)) found = c;
    }
    if (found === null) continue;
    const minimal = (await shrinkCase(found, (c) => kills(ev, name, c), 300)).case;
    const reqs = [...new Set(MUTANTS[name].intended.map((i) => i.requirement))];
    const expected = {
      sim: await outcomeOf(sim, minimal, reqs, true),
      [`sim+mutant:${name}`]: await outcomeOf(ev, minimal, reqs, true),
    };
    const about = `kills the mutant ${name}: ${MUTANTS[name].symptom}`;
    writeEntry(dir, entry, reqs[0] as RequirementId, minimal, { schema: 1, about, expected, findings: [] });
    added.push(entry);
  }
  return added;
}

if (process.argv[1]?.endsWith('corpus-build.js')) {
  const dir = process.argv[2] ?? PACKAGE_CORPUS;
  const added = await buildCorpus(dir);
  process.stdout.write(`corpus ${dir}: ${added.length} entr${added.length === 1 ? 'y' : 'ies'} added\n`);
  for (const a of added) process.stdout.write(`  ${a}\n`);
}
