import { describe, expect, it } from 'vitest';
import type { RunscFlags } from '../../model/case.js';
import { assemble } from './assemble.js';
import type { CaseDraft, HintDraft, MountDraft } from './drafts.js';
import { LOOSE, STRICT } from './profile.js';

const FLAGS: RunscFlags = { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null };
const mount = (shape: MountDraft['shape'], slot: number, dest: number, variant = 0): MountDraft => ({
  shape,
  slot,
  dest,
  variant,
  relative: false,
});
const complete = (index: number, extra: Partial<HintDraft> = {}): HintDraft => ({
  source: { ref: 'mount', pool: 'gofer', index, spelling: 'exact' },
  type: 'bind',
  share: 'shared',
  options: null,
  directfs: 'off',
  unknownKey: false,
  ...extra,
});
const draft = (d: Partial<CaseDraft>): CaseDraft => ({
  flags: FLAGS,
  rootReadonly: false,
  mounts: [],
  hints: [],
  rootfsHint: null,
  extras: [],
  sanitize: STRICT,
  ...d,
});

describe('assemble', () => {
  it('writes a hint on the exact source of the referenced gofer mount and the fixtures it needs', () => {
    const c = assemble(draft({ mounts: [mount('tmpfs', 0, 0), mount('bind-dir', 1, 1)], hints: [complete(0)] }));
    expect(c.spec.mounts[1]).toEqual({ destination: '/m1', type: 'bind', source: '$ROOT/vol2', options: ['rbind'] });
    expect(c.spec.annotations).toEqual({
      'dev.gvisor.spec.mount.h1.source': '$ROOT/vol2',
      'dev.gvisor.spec.mount.h1.type': 'bind',
      'dev.gvisor.spec.mount.h1.share': 'shared',
      'dev.gvisor.spec.mount.h1.directfs': 'off',
    });
    expect(c.fixtures).toEqual([{ path: 'vol2', kind: 'dir' }]);
  });

  it('spells misspelled sources so they cannot match', () => {
    const spell = (spelling: 'slash' | 'double-slash' | 'relative') =>
      assemble(
        draft({
          mounts: [mount('bind-dir', 0, 0)],
          hints: [complete(0, { source: { ref: 'mount', pool: 'gofer', index: 0, spelling } })],
        }),
      ).spec.annotations['dev.gvisor.spec.mount.h1.source'];
    expect([spell('slash'), spell('double-slash'), spell('relative')]).toEqual(['$ROOT/vol1/', '$ROOT/vol1//', 'vol1']);
  });

  it('puts parents before nested mounts and drops exact repeats when strict, not when loose', () => {
    const mounts = [mount('bind-dir', 1, 3), mount('bind-dir', 0, 0), mount('bind-dir', 0, 0)];
    expect(assemble(draft({ mounts })).spec.mounts.map((m) => m.destination)).toEqual(['/data', '/data/sub']);
    expect(assemble(draft({ mounts, sanitize: LOOSE })).spec.mounts.map((m) => m.destination)).toEqual([
      '/data/sub',
      '/data',
      '/data',
    ]);
  });

  it('redirects a second surviving hint on one source to an unused source', () => {
    const c = assemble(
      draft({ mounts: [mount('bind-dir', 0, 0)], hints: [complete(0), complete(0, { directfs: null })] }),
    );
    expect(c.spec.annotations['dev.gvisor.spec.mount.h2.source']).toBe('$ROOT/unused2');
    const loose = assemble(
      draft({ mounts: [mount('bind-dir', 0, 0)], hints: [complete(0), complete(0)], sanitize: LOOSE }),
    );
    expect(loose.spec.annotations['dev.gvisor.spec.mount.h2.source']).toBe('$ROOT/vol1');
  });

  it('always removes the source of a dropped hint that shares a surviving hint source', () => {
    const c = assemble(
      draft({ mounts: [mount('bind-dir', 0, 0)], hints: [complete(0, { share: null }), complete(0)], sanitize: LOOSE }),
    );
    expect(c.spec.annotations['dev.gvisor.spec.mount.h1.source']).toBeUndefined();
    expect(c.spec.annotations['dev.gvisor.spec.mount.h2.source']).toBe('$ROOT/vol1');
  });

  it('avoids self overlays on read-only or repeated sources and all:self with a repeated source', () => {
    const ro = assemble(draft({ mounts: [mount('bind-dir-ro', 0, 0)], hints: [complete(0, { share: 'pod' })] }));
    expect(ro.spec.annotations['dev.gvisor.spec.mount.h1.share']).toBe('shared');
    const twice = assemble(
      draft({
        flags: { ...FLAGS, overlay2: 'all:self' },
        mounts: [mount('bind-dir', 0, 0), mount('bind-dir', 0, 1)],
        hints: [complete(0, { share: 'container' })],
      }),
    );
    expect(twice.spec.annotations['dev.gvisor.spec.mount.h1.share']).toBe('shared');
    expect(twice.flags.overlay2).toBe('all:memory');
    const single = assemble(
      draft({
        flags: { ...FLAGS, overlay2: 'all:self' },
        mounts: [mount('bind-dir', 0, 0)],
        hints: [complete(0, { share: 'container' })],
      }),
    );
    expect(single.spec.annotations['dev.gvisor.spec.mount.h1.share']).toBe('container');
    expect(single.flags.overlay2).toBe('all:self');
  });

  it('turns --file-access=shared into --overlay2=none when strict', () => {
    expect(assemble(draft({ flags: { ...FLAGS, fileAccess: 'shared' } })).flags.overlay2).toBe('none');
    expect(assemble(draft({ flags: { ...FLAGS, fileAccess: 'shared' }, sanitize: LOOSE })).flags.overlay2).toBeNull();
  });

  it('falls back to an unused source when the pool is empty', () => {
    const c = assemble(draft({ mounts: [mount('proc', 0, 0)], hints: [complete(3)] }));
    expect(c.spec.annotations['dev.gvisor.spec.mount.h1.source']).toBe('$ROOT/unused');
  });
});
