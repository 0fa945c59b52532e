import { describe, expect, it } from 'vitest';
import { ORACLES } from './index.js';
import { destinationsIndependent, relationProblems, variantCases } from './metamorphic.js';
import {
  caseOf,
  editLine,
  hint,
  recordedCase,
  recordedContext,
  recordedObs,
  set9pDirectfs,
  startFailed,
  timedOut,
} from './__fixtures__/kit.js';

const bind = (destination: string, source: string) => ({ destination, type: 'bind', source, options: ['rbind'] });

describe('variantCases', () => {
  it('gives DFS-KEEP the default-for-absent variant and DFS-OPT-OUT the rename and permutations', () => {
    const c = caseOf([bind('/a', '$ROOT/vol1'), bind('/b', '$ROOT/vol2')], {
      ...hint('h1', '$ROOT/vol1', 'off'),
      ...hint('h2', '$ROOT/vol2'),
    });
    expect(variantCases(c, 'DFS-KEEP').map((v) => v.relation)).toEqual(['default-for-absent']);
    expect(variantCases(c, 'DFS-OPT-OUT').map((v) => v.relation)).toEqual([
      'renamed-hints',
      'permuted-annotations',
      'permuted-mounts',
    ]);
    expect(variantCases(c, 'DFS-WORKLOAD')).toEqual([]);
    const keep = variantCases(c, 'DFS-KEEP')[0];
    expect(keep?.case.spec.annotations['dev.gvisor.spec.mount.h2.directfs']).toBe('default');
  });

  it('does not permute mounts whose destinations nest or collide', () => {
    expect(destinationsIndependent(caseOf([bind('/a', '$ROOT/vol1'), bind('/a/b', '$ROOT/vol2')]))).toBe(false);
    expect(destinationsIndependent(caseOf([bind('/a', '$ROOT/vol1'), bind('/a/', '$ROOT/vol2')]))).toBe(false);
    expect(destinationsIndependent(caseOf([bind('/a', '$ROOT/vol1'), bind('/ab', '$ROOT/vol2')]))).toBe(true);
    const pts = { destination: '/dev/pts', type: 'bind', source: '$ROOT/vol1', options: [] };
    expect(destinationsIndependent(caseOf([pts, bind('/x', '$ROOT/vol2')]))).toBe(false);
    expect(destinationsIndependent(caseOf([bind('/device', '$ROOT/vol1'), bind('/x', '$ROOT/vol2')]))).toBe(true);
    const nested = caseOf([bind('/a', '$ROOT/vol1'), bind('/a/b', '$ROOT/vol2')], hint('h1', '$ROOT/vol1', 'off'));
    expect(variantCases(nested, 'DFS-OPT-OUT').map((v) => v.relation)).not.toContain('permuted-mounts');
  });
});

describe('relationProblems', () => {
  it('finds nothing between an observation and itself, and names a changed mount', () => {
    const obs = recordedObs('modern-optout-none');
    expect(relationProblems(obs, obs)).toEqual([]);
    const point = obs.mounts.find((m) => m.fsType === '9p' && m.mountPoint !== '/')?.mountPoint as string;
    const changed = editLine(obs, point, (l) => set9pDirectfs(l, l.directfs !== 'on'));
    expect(relationProblems(obs, changed).join('\n')).toContain(`mount ${point}`);
  });
});

describe('relationProblems on failed starts (shapes real runsc:modern shows order-dependent)', () => {
  const base = recordedObs('modern-optout-none');
  const hints = 'running container: creating container: error creating pod mount hints';

  it('compares only the stage before the fatal cause when runsc may report one of several', () => {
    const fragments = ['invalid mount annotation: dev.gvisor.spec.mount.a.b.source=$ROOT/vol1', 'invalid mount name:'];
    const a = startFailed(base, `${hints}: ${fragments[0]}`);
    const b = startFailed(base, `${hints}: invalid mount name: `);
    expect(relationProblems(a, b)).toEqual([expect.stringContaining('error stage')]);
    expect(relationProblems(a, b, fragments)).toEqual([]);
    const other = startFailed(base, 'running container: creating container: cannot create gofer process: x: "y"');
    expect(relationProblems(a, other, fragments)).toEqual([expect.stringContaining('error stage')]);
  });

  it('masks the index of the Destroy panic, which counts the gofer confs made before the failure', () => {
    const panic = (n: number) => startFailed(base, `panic: runtime error: index out of range [${n}] with length ${n}`);
    expect(relationProblems(panic(1), panic(2))).toEqual([]);
    expect(relationProblems(panic(1), startFailed(base, 'panic: runtime error: nil map'))).not.toEqual([]);
  });

  it('counts host-FD warnings only of started sandboxes (a failed start warns for the mounts made before it)', () => {
    const error =
      'mount submount "/m2": failed to create whiteout to hide self overlay filestore: read-only file system';
    const warned = { ...startFailed(base, error), hostFdWithoutDirectfs: 1 };
    expect(relationProblems(warned, startFailed(base, error))).toEqual([]);
    expect(relationProblems(base, { ...base, hostFdWithoutDirectfs: base.hostFdWithoutDirectfs + 1 })).toEqual([
      expect.stringContaining('host-FD warnings'),
    ]);
  });
});

describe('metamorphic relations inside the oracles', () => {
  it('fail DFS-OPT-OUT when a variant observes a different directfs state, and leave it alone otherwise', () => {
    const ctx = recordedContext('modern-optout-none', 'modern-optout-none-paired');
    const base = ORACLES['DFS-OPT-OUT'](ctx);
    expect(base.status).toBe('passed');
    expect(ORACLES['DFS-OPT-OUT']({ ...ctx, variants: [{ relation: 'renamed-hints', obs: ctx.obs }] }).status).toBe(
      'passed',
    );
    const off = ctx.obs.mounts.find((m) => m.fsType === '9p' && m.directfs === 'off' && m.mountPoint !== '/')
      ?.mountPoint as string;
    const broken = editLine(ctx.obs, off, (l) => set9pDirectfs(l, true));
    const v = ORACLES['DFS-OPT-OUT']({ ...ctx, variants: [{ relation: 'renamed-hints', obs: broken }] });
    expect(v.status).toBe('failed');
    expect(v.detail).toContain('renamed-hints');
  });

  it('ignore a timed-out variant and relations owned by another requirement', () => {
    const ctx = recordedContext('modern-optout-none', 'modern-optout-none-paired');
    const broken = editLine(ctx.obs, '/', (l) => ({ ...l, fsType: 'overlay' }));
    expect(
      ORACLES['DFS-OPT-OUT']({ ...ctx, variants: [{ relation: 'permuted-mounts', obs: timedOut(broken) }] }).status,
    ).toBe('passed');
    expect(ORACLES['DFS-OPT-OUT']({ ...ctx, variants: [{ relation: 'default-for-absent', obs: broken }] }).status).toBe(
      'passed',
    );
    expect(
      ORACLES['DFS-KEEP']({
        ...ctx,
        case: recordedCase('modern-optout-none'),
        variants: [{ relation: 'default-for-absent', obs: broken }],
      }).status,
    ).toBe('failed');
  });
});
