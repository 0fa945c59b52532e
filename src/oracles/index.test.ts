import { describe, expect, it } from 'vitest';
import { REQUIREMENT_IDS } from '../model/requirements.js';
import { recordedContext } from './__fixtures__/kit.js';
import { ORACLES, judgeAll } from './index.js';

describe('oracle registry', () => {
  it('has one oracle per requirement and judgeAll answers in contract order', () => {
    expect(Object.keys(ORACLES).sort()).toEqual([...REQUIREMENT_IDS].sort());
    const verdicts = judgeAll(recordedContext('modern-optout-none', 'modern-optout-none-paired'));
    expect(verdicts.map((v) => v.requirement)).toEqual(REQUIREMENT_IDS);
    expect(verdicts.find((v) => v.requirement === 'DFS-OPT-OUT')?.status).toBe('passed');
  });

  it('never passes anything on a timed-out run', () => {
    const ctx = recordedContext('modern-optout-none', 'modern-optout-none-paired');
    const verdicts = judgeAll({ ...ctx, obs: { ...ctx.obs, outcome: 'timed-out' } });
    expect(verdicts.some((v) => v.status === 'passed')).toBe(false);
    expect(verdicts.filter((v) => v.status === 'indeterminate').length).toBeGreaterThan(3);
  });
});
