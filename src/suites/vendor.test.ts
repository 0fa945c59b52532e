/**
 * The real vendor build (vendor-gofer/, runsc:vendor): what vendor-gofer/MEASURED.md records still holds through
 * the suite's own harness, DFS-VENDOR-* pass on it with observed mounts, and the build with the planted fault
 * (runsc:vendorbug) is caught. Skipped with the reason when a build is missing or not root.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case } from '../model/case.js';
import type { Target } from '../model/target.js';
import type { Verdict } from '../model/verdict.js';
import { CLAIM_ANNOTATION } from '../model/vendor-claim.js';
import { readInstalledBuilds } from '../harness/installed.js';
import { observe } from '../harness/observe.js';
import { resolveTarget } from '../harness/targets.js';
import { arbitraryFor } from '../generators/arbitrary-for.js';
import { ObservationCache, judgeCase } from '../runner/evaluate.js';

function skipReason(alias: 'vendor' | 'vendorbug'): string | null {
  if (process.getuid?.() !== 0) return 'real runsc needs root';
  const build = readInstalledBuilds().find((b) => b.alias === alias);
  if (build === undefined || !build.present)
    return `runsc:${alias} is not installed (run npm run setup:runsc${build?.note ? `; ${build.note}` : ''})`;
  return null;
}
const VENDOR_SKIP = skipReason('vendor');
const BUG_SKIP = skipReason('vendorbug');

/** `/c` from claimed (claimed by the glob), `/u` from plain; `offC` opts `/c` out. */
function claimCase(opts: { offC?: boolean; glob?: string; flags?: Partial<Case['flags']> } = {}): Case {
  const hint = {
    'dev.gvisor.spec.mount.c.source': '$ROOT/claimed',
    'dev.gvisor.spec.mount.c.type': 'bind',
    'dev.gvisor.spec.mount.c.share': 'shared',
    'dev.gvisor.spec.mount.c.directfs': 'off',
  };
  return {
    flags: { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null, ...opts.flags },
    spec: {
      root: { path: 'rootfs', readonly: false },
      mounts: [
        { destination: '/c', type: 'bind', source: '$ROOT/claimed' },
        { destination: '/u', type: 'bind', source: '$ROOT/plain' },
      ],
      annotations: { ...(opts.offC === true ? hint : {}), [CLAIM_ANNOTATION]: opts.glob ?? '$ROOT/claim*' },
    },
    fixtures: [
      { path: 'claimed', kind: 'dir' },
      { path: 'plain', kind: 'dir' },
    ],
  };
}

async function withTarget<T>(id: string, f: (t: Target) => Promise<T>): Promise<T> {
  const target = await resolveTarget(id);
  try {
    return await f(target);
  } finally {
    await target.close();
  }
}

const superOf = (obs: ReturnType<typeof observe>, point: string) =>
  obs.mounts.filter((l) => l.mountPoint === point).at(-1);

describe('runsc:vendor', () => {
  it.skipIf(VENDOR_SKIP !== null)(
    `behaves as vendor-gofer/MEASURED.md records${VENDOR_SKIP === null ? '' : ` (skipped: ${VENDOR_SKIP})`}`,
    async () => {
      await withTarget('runsc:vendor', async (t) => {
        const run = async (c: Case) => observe(await t.run(c, { timeoutMs: 60_000 }));
        const none = await run(claimCase());
        expect(none.outcome).toBe('start-failed');
        expect(none.error).toMatch(/failed to setupFS: mounting submounts: mount submount "\/c": .*invalid argument/);
        expect(none.hostFdMissing).toBe(1);
        const off = await run(claimCase({ offC: true }));
        expect(off.outcome).toBe('started');
        expect(superOf(off, '/c')).toMatchObject({ fsType: '9p', directfs: 'off' });
        expect(superOf(off, '/u')).toMatchObject({ fsType: '9p', directfs: 'on' });
        expect(off.hostFdWithoutDirectfs).toBe(0);
        expect(off.workload.filter((w) => w.destination === '/c' && !w.ok)).toEqual([]);
        const global = await run(claimCase({ flags: { directfs: false } }));
        expect([global.outcome, superOf(global, '/c')?.directfs]).toEqual(['started', 'off']);
        const root = await run(claimCase({ glob: '$ROOT/rootf?', flags: { overlay2: 'none' } }));
        expect(root.error).toMatch(/creating mount namespace: creating root file system: invalid argument$/);
      });
    },
    90_000,
  );

  it.skipIf(VENDOR_SKIP !== null)(
    `passes DFS-VENDOR-* with observed mounts${VENDOR_SKIP === null ? '' : ` (skipped: ${VENDOR_SKIP})`}`,
    async () => {
      const drawn = fc.sample(arbitraryFor('DFS-VENDOR-OPT-OUT'), { numRuns: 4, seed: 11 });
      const cases = [claimCase(), claimCase({ offC: true }), claimCase({ flags: { directfs: false } }), ...drawn];
      const verdicts: Verdict[] = await withTarget('runsc:vendor', async (t) => {
        const ev = { subject: new ObservationCache(t, 60_000), reference: null };
        const out: Verdict[] = [];
        for (const c of cases)
          for (const id of ['DFS-VENDOR-OPT-OUT', 'DFS-VENDOR-KEEP'] as const)
            out.push((await judgeCase(ev, c, id)).verdict);
        return out;
      });
      expect(verdicts.filter((v) => v.status === 'failed' || v.status === 'indeterminate')).toEqual([]);
      for (const id of ['DFS-VENDOR-OPT-OUT', 'DFS-VENDOR-KEEP']) {
        const passed = verdicts.filter((v) => v.requirement === id && v.status === 'passed');
        expect(
          passed.reduce((n, v) => n + v.observedMounts, 0),
          id,
        ).toBeGreaterThan(0);
      }
    },
    90_000,
  );
});

describe('runsc:vendorbug (planted fault: unmatched mounts claimed too)', () => {
  it.skipIf(BUG_SKIP !== null)(
    `fails DFS-VENDOR-KEEP on the unclaimed mount${BUG_SKIP === null ? '' : ` (skipped: ${BUG_SKIP})`}`,
    async () => {
      const v = await withTarget('runsc:vendorbug', async (t) => {
        const ev = { subject: new ObservationCache(t, 60_000), reference: null };
        return (await judgeCase(ev, claimCase({ offC: true }), 'DFS-VENDOR-KEEP')).verdict;
      });
      expect(v).toMatchObject({ status: 'failed', failureKinds: ['start'] });
      expect(v.detail).toContain('mount submount "/u"');
    },
    60_000,
  );
});
