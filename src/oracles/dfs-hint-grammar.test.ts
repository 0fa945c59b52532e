import { describe, expect, it } from 'vitest';
import { caseOf, recordedContext, recordedObs, startFailed, timedOut } from './__fixtures__/kit.js';
import { dfsHintGrammar } from './dfs-hint-grammar.js';

describe('DFS-HINT-GRAMMAR', () => {
  it('passes on real runsc: duplicate sources are fatal, invalid values are not', () => {
    expect(dfsHintGrammar(recordedContext('modern-duplicate-sources')).status).toBe('passed');
    expect(dfsHintGrammar(recordedContext('modern-invalid-values')).status).toBe('passed');
    expect(
      dfsHintGrammar(recordedContext('modern-optout-none-paired', undefined, 'prefeature-optout-none-paired')).status,
    ).toBe('passed');
  });

  it('fails when a fatal hint set starts anyway', () => {
    const ctx = recordedContext('modern-duplicate-sources');
    const v = dfsHintGrammar({ ...ctx, obs: recordedObs('modern-optout-none') });
    expect(v).toMatchObject({ status: 'failed', observed: 'started' });
  });

  it('fails when a warning-only hint set becomes fatal', () => {
    const ctx = recordedContext('modern-invalid-values');
    const v = dfsHintGrammar({ ...ctx, obs: recordedObs('modern-duplicate-sources') });
    expect(v.status).toBe('failed');
    expect(v.detail).toContain('expected no hint error');
  });

  it('fails when the pre-feature build classifies the set differently', () => {
    const ctx = recordedContext('modern-optout-none-paired');
    const v = dfsHintGrammar({ ...ctx, reference: recordedObs('modern-duplicate-sources') });
    expect(v.status).toBe('failed');
    expect(v.detail).toContain('pre-feature build: fatal hint error');
  });

  it('is not applicable when flag or spec validation fails before the hints are parsed (real runsc:modern)', () => {
    const ctx = recordedContext('modern-duplicate-sources');
    const flags = {
      ...ctx,
      case: { ...ctx.case, flags: { ...ctx.case.flags, fileAccess: 'shared' as const, overlay2: null } },
    };
    const v = dfsHintGrammar({
      ...flags,
      obs: startFailed(ctx.obs, 'overlay flag is incompatible with shared file access for rootfs'),
    });
    expect(v.status).toBe('not-applicable');
    expect(v.detail).toContain('rejects the flags');
    const shared = { destination: '/s', type: 'bind', source: '$ROOT/vol2', options: ['rbind', 'shared'] };
    const spec = caseOf([shared], { 'dev.gvisor.spec.mount.a.b.c': 'x' });
    const error = 'FetchSpec failed: reading spec: mount option "shared" is not supported';
    expect(dfsHintGrammar({ ...ctx, case: spec, obs: startFailed(ctx.obs, error) }).status).toBe('not-applicable');
  });

  it('is not applicable without mount hints or for a flaky set, indeterminate on timeout', () => {
    expect(dfsHintGrammar(recordedContext('modern-rootfs-optout')).status).toBe('not-applicable');
    expect(dfsHintGrammar(recordedContext('modern-flaky-gofer-fatal')).status).toBe('not-applicable');
    const ctx = recordedContext('modern-invalid-values');
    expect(dfsHintGrammar({ ...ctx, obs: timedOut(ctx.obs) }).status).toBe('indeterminate');
  });
});
