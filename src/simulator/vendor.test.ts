/** The vendor profile reproduces what runsc:vendor did in vendor-gofer/MEASURED.md. */
import { describe, expect, it } from 'vitest';
import type { Case } from '../model/case.js';
import { CLAIM_ANNOTATION } from '../model/vendor-claim.js';
import { simulate } from './index.js';
import type { ProfileName } from './profiles.js';

const ROOT = '/b';
const HINT_C = {
  'dev.gvisor.spec.mount.c.source': '$ROOT/claimed',
  'dev.gvisor.spec.mount.c.type': 'bind',
  'dev.gvisor.spec.mount.c.share': 'shared',
  'dev.gvisor.spec.mount.c.directfs': 'off',
};
const ROOTFS_OFF = {
  'dev.gvisor.spec.rootfs.source': '$ROOT/rootfs',
  'dev.gvisor.spec.rootfs.type': 'bind',
  'dev.gvisor.spec.rootfs.directfs': 'off',
};

/** The measured bundle: /c from claimed, /u from plain, the glob `$ROOT/claim*` unless given. */
function measured(opts: { annotations?: Record<string, string>; flags?: Partial<Case['flags']>; glob?: string }): Case {
  return {
    flags: { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null, ...opts.flags },
    spec: {
      root: { path: 'rootfs', readonly: false },
      mounts: [
        { destination: '/c', type: 'bind', source: '$ROOT/claimed', options: ['rbind'] },
        { destination: '/u', type: 'bind', source: '$ROOT/plain', options: ['rbind'] },
      ],
      annotations: { [CLAIM_ANNOTATION]: opts.glob ?? '$ROOT/claim*', ...opts.annotations },
    },
    fixtures: [
      { path: 'claimed', kind: 'dir' },
      { path: 'plain', kind: 'dir' },
    ],
  };
}

const run = (c: Case, profile: ProfileName = 'vendor') => simulate(c, { profile, caseRoot: ROOT, containerId: 'cid' });
const line = (stdout: string, point: string) => stdout.split('\n').find((l) => l.split(' ')[4] === point) ?? '';
const SETUP = 'running container: starting container: starting root container: starting sandbox: failed to setupFS: ';

describe('sim:vendor against vendor-gofer/MEASURED.md', () => {
  it('fails a claimed mount without the opt-out at the sentry, and the claimed root, as measured', () => {
    const none = run(measured({}));
    expect(none.exitCode).toBe(128);
    expect(none.stderr).toContain(
      `${SETUP}mounting submounts: mount submount "/c": ` +
        'mounting "/b/claimed" (type:bind, dest: "/c"): invalid argument, opts: ',
    );
    expect(none.logs.boot).toContain('Mount RPC did not return host FD to mount point with directfs enabled');
    const memory = run(measured({ flags: { overlay2: 'all:memory' } }));
    expect(memory.stderr).toContain('mount submount "/c": mounting volume with overlay at "/c": invalid argument');
    const root = run(measured({ glob: '$ROOT/rootf*' }));
    expect(root.stderr).toBe(`${SETUP}creating mount namespace: mounting root with overlay: invalid argument\n`);
    const bare = run(measured({ glob: '$ROOT/rootf*', flags: { overlay2: 'none' } }));
    expect(bare.stderr).toBe(`${SETUP}creating mount namespace: creating root file system: invalid argument\n`);
  });

  it('starts an opted-out claimed mount without directfs and without the host-FD warning; /u keeps directfs', () => {
    const r = run(measured({ annotations: HINT_C }));
    expect(r.exitCode).toBe(0);
    expect(line(r.stdout, '/c')).not.toMatch(/directfs/);
    expect(line(r.stdout, '/u')).toMatch(/,directfs$/);
    expect(r.logs.boot).not.toContain('Mount RPC returned a host FD');
    // The stock build logs the warning for the same bundle.
    expect(run(measured({ annotations: HINT_C }), 'modern').logs.boot).toContain('Mount RPC returned a host FD');
  });

  it('starts with --directfs=false, with the rootfs opt-out on a claimed root, and with an unmatched glob', () => {
    expect(run(measured({ flags: { directfs: false } })).exitCode).toBe(0);
    const root = run(measured({ glob: '$ROOT/rootf*', annotations: ROOTFS_OFF }));
    expect(root.exitCode).toBe(0);
    expect(line(root.stdout, '/c')).toMatch(/,directfs$/);
    const unmatched = run(measured({ glob: '$ROOT/nothing*' }));
    expect(unmatched).toEqual(run(measured({ glob: '$ROOT/nothing*' }), 'modern'));
  });

  it('vendorbug (the planted fault) also claims the unmatched mount', () => {
    const r = run(measured({ annotations: HINT_C }), 'vendorbug');
    expect(r.exitCode).toBe(128);
    expect(r.stderr).toContain('mount submount "/u"');
  });
});
