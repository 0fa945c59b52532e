/**
 * Fresh cases for the search: batches drawn from every requirement's focused
 * arbitrary in turn, each batch with its own seed derived from `--seed` and
 * the batch's number, so a run's stream of fresh cases is the same for the same
 * seed and shard, and shards of one seed draw batches of different numbers.
 */
import fc from 'fast-check';
import type { Case } from '../model/case.js';
import { REQUIREMENT_IDS } from '../model/requirements.js';
import { arbitraryFor, caseArbitrary } from '../generators/index.js';
import { shardBatch, WHOLE, type Shard } from './shard.js';

/** Cases drawn per batch. */
const BATCH = 16;

/** The arbitraries fresh cases come from: each requirement's focused one, plus the general one. */
const SOURCES = [...REQUIREMENT_IDS.map((id) => () => arbitraryFor(id)), () => caseArbitrary()] as const;

/** An endless deterministic stream of generated cases for `seed` and `shard` (every source in turn). */
export function freshCases(seed: number, shard: Shard = WHOLE): () => Case {
  const arbs = SOURCES.map((make) => make());
  let k = 0;
  let queue: Case[] = [];
  return () => {
    while (queue.length === 0) {
      const arb = arbs[k % arbs.length] as fc.Arbitrary<Case>;
      queue = fc.sample(arb, { seed: (seed + shardBatch(shard, k) * 7919) | 0, numRuns: BATCH });
      k++;
    }
    return queue.shift() as Case;
  };
}
