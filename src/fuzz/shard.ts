/**
 * Shards: `--shard i/n` splits one search over n jobs. Fresh cases come in
 * numbered batches; shard i draws only the batches whose number is i modulo n,
 * and its mutation random source starts from its own seed, so n shards with
 * one `--seed` draw disjoint fresh cases and different mutants.
 */
import { UsageError } from '../model/errors.js';

/** One shard of a search: `index` from 1 to `count`, as written on the command line. */
export interface Shard {
  index: number;
  count: number;
}

/** The whole search as one shard. */
export const WHOLE: Shard = { index: 1, count: 1 };

/** Most shards one search may be split into. */
export const MAX_SHARDS = 1000;

/** The shard `i/n` names (1 ≤ i ≤ n ≤ 1000); a one-line UsageError for anything else. */
export function parseShard(raw: string): Shard {
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(raw.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || index < 1 || count < 1 || index > count || count > MAX_SHARDS) {
    const got = JSON.stringify(raw.slice(0, 40));
    throw new UsageError(`--shard must be i/n with 1 <= i <= n <= ${MAX_SHARDS} (for example 2/4), got ${got}`);
  }
  return { index, count };
}

/** The number of the k-th fresh batch shard `s` draws (k from 0): batches i-1, i-1+n, i-1+2n, … */
export function shardBatch(s: Shard, k: number): number {
  return k * s.count + (s.index - 1);
}

/** The seed of shard `s`'s mutation random source: `seed` itself for the first (and the only) shard. */
export function shardSeed(seed: number, s: Shard): number {
  return (seed + (s.index - 1) * 1_000_003) | 0;
}

/** `2/4`. */
export function formatShard(s: Shard): string {
  return `${s.index}/${s.count}`;
}
