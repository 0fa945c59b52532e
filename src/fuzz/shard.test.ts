import { describe, expect, it } from 'vitest';
import { UsageError } from '../model/errors.js';
import { freshCases } from './fresh.js';
import { parseShard, shardBatch, shardSeed } from './shard.js';

describe('shards', () => {
  it('parses i/n and refuses anything else with a one-line usage error', () => {
    expect(parseShard(' 2/4 ')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/2', '3/2', '2', '1/0', 'a/b', '1/2/3', '1/1001', '-1/2']) {
      expect(() => parseShard(bad), bad).toThrow(UsageError);
      expect(() => parseShard(bad)).toThrow(/^--shard must be i\/n[^\n]*$/);
    }
  });

  it('gives n shards disjoint batch numbers that together cover every batch', () => {
    const n = 3;
    const seen = new Set<number>();
    for (let i = 1; i <= n; i++) for (let k = 0; k < 10; k++) seen.add(shardBatch({ index: i, count: n }, k));
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, j) => j));
    expect(shardSeed(7, { index: 1, count: 2 })).toBe(7);
    expect(shardSeed(7, { index: 2, count: 2 })).not.toBe(7);
  });

  it('draws different fresh cases on two shards of one seed, the same on the same shard', () => {
    const draw = (index: number): string[] => {
      const next = freshCases(5, { index, count: 2 });
      return Array.from({ length: 40 }, () => JSON.stringify(next()));
    };
    const one = draw(1);
    expect(draw(1)).toEqual(one);
    const two = new Set(draw(2));
    expect(one.filter((c) => two.has(c)).length).toBeLessThan(4);
    expect(JSON.stringify(freshCases(5)())).toBe(one[0]);
  });
});
