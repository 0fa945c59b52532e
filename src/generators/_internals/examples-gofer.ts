/**
 * Example rows about gofer and sentry mounts: opt-out, keep, global off,
 * non-gofer, workload (reference §8 hint sets, type/share × directfs, mount shapes).
 */
import type { RequirementId } from '../../model/requirements.js';
import { bind, bindHint, completeRootfs, hint, makeCase, pseudo, type Example } from './example-kit.js';
import { rootPath } from './vocabulary.js';

const row = (name: string, requirement: RequirementId, c: Example['case']): Example => ({ name, requirement, case: c });
const OFF = { directfs: 'off' };
const visible = { overlay2: 'none' as const };

/** Rows for DFS-OPT-OUT, DFS-KEEP, DFS-ONLY-TOKEN, DFS-GLOBAL-OFF, DFS-NON-GOFER, DFS-WORKLOAD, DFS-APP-EQUIV. */
export const GOFER_EXAMPLES: readonly Example[] = [
  row(
    'opt-out-shared',
    'DFS-OPT-OUT',
    makeCase({ flags: visible, mounts: [bind('/data', 'vol1')], annotations: [bindHint('h1', 'vol1', OFF)] }),
  ),
  row(
    'opt-out-directfs-true',
    'DFS-OPT-OUT',
    makeCase({
      flags: { ...visible, directfs: true },
      mounts: [bind('/data', 'vol1')],
      annotations: [bindHint('h1', 'vol1', OFF)],
    }),
  ),
  row(
    'opt-out-beside-kept',
    'DFS-OPT-OUT',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1'), bind('/m1', 'vol2')],
      annotations: [bindHint('h1', 'vol1', OFF)],
    }),
  ),
  row(
    'opt-out-relative-spec-source',
    'DFS-OPT-OUT',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1', ['rbind'], 'vol1')],
      annotations: [bindHint('h1', 'vol1', OFF)],
    }),
  ),
  row(
    'opt-out-rbind-without-type',
    'DFS-OPT-OUT',
    makeCase({
      flags: visible,
      mounts: [{ destination: '/data', source: rootPath('vol1'), options: ['rbind'] }],
      annotations: [bindHint('h1', 'vol1', OFF)],
    }),
  ),
  row(
    'opt-out-tmpfs-shared',
    'DFS-OPT-OUT',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1')],
      annotations: [hint('h1', { source: rootPath('vol1'), type: 'tmpfs', share: 'shared', directfs: 'off' })],
    }),
  ),
  row(
    'opt-out-bind-container-overlaid',
    'DFS-OPT-OUT',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1')],
      annotations: [hint('h1', { source: rootPath('vol1'), type: 'bind', share: 'container', directfs: 'off' })],
    }),
  ),
  row(
    'opt-out-bind-pod-overlaid',
    'DFS-OPT-OUT',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1')],
      annotations: [hint('h1', { source: rootPath('vol1'), type: 'bind', share: 'pod', directfs: 'off' })],
    }),
  ),
  row(
    'opt-out-file-bind',
    'DFS-OPT-OUT',
    makeCase({ flags: visible, mounts: [bind('/file', 'f1')], annotations: [bindHint('h1', 'f1', OFF)] }),
  ),
  row(
    'opt-out-one-source-two-dests',
    'DFS-OPT-OUT',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1'), bind('/m1', 'vol1')],
      annotations: [bindHint('h1', 'vol1', OFF)],
    }),
  ),
  row(
    'opt-out-ro-under-all-memory',
    'DFS-OPT-OUT',
    makeCase({
      flags: { overlay2: 'all:memory' },
      mounts: [bind('/data', 'vol1', ['rbind', 'ro']), bind('/m1', 'vol2')],
      annotations: [bindHint('h1', 'vol1', OFF)],
    }),
  ),
  row(
    'opt-out-nested',
    'DFS-OPT-OUT',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1'), bind('/data/sub', 'vol2')],
      annotations: [bindHint('h1', 'vol2', OFF)],
    }),
  ),

  row('keep-no-hint', 'DFS-KEEP', makeCase({ flags: visible, mounts: [bind('/data', 'vol1')] })),
  row(
    'keep-hint-without-key',
    'DFS-KEEP',
    makeCase({ flags: visible, mounts: [bind('/data', 'vol1')], annotations: [bindHint('h1', 'vol1')] }),
  ),
  row(
    'keep-default',
    'DFS-KEEP',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1')],
      annotations: [bindHint('h1', 'vol1', { directfs: 'default' })],
    }),
  ),
  row(
    'keep-dropped-hint',
    'DFS-KEEP',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1')],
      annotations: [hint('h1', { source: rootPath('vol1'), type: 'bind', directfs: 'off' })],
    }),
  ),
  row(
    'keep-unmatched-hint',
    'DFS-KEEP',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1')],
      annotations: [hint('h1', { source: rootPath('unused'), type: 'bind', share: 'shared', directfs: 'off' })],
    }),
  ),
  row(
    'keep-trailing-slash',
    'DFS-KEEP',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1')],
      annotations: [hint('h1', { source: `${rootPath('vol1')}/`, type: 'bind', share: 'shared', directfs: 'off' })],
    }),
  ),
  row(
    'keep-double-slash',
    'DFS-KEEP',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1')],
      annotations: [hint('h1', { source: `${rootPath('vol1')}//`, type: 'bind', share: 'shared', directfs: 'off' })],
    }),
  ),
  row(
    'keep-relative-hint-source',
    'DFS-KEEP',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1')],
      annotations: [hint('h1', { source: 'vol1', type: 'bind', share: 'shared', directfs: 'off' })],
    }),
  ),
  row(
    'keep-ignored-prefix',
    'DFS-KEEP',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1')],
      annotations: [
        {
          'Dev.gvisor.spec.mount.x.source': rootPath('vol1'),
          'Dev.gvisor.spec.mount.x.type': 'bind',
          'Dev.gvisor.spec.mount.x.share': 'shared',
          'Dev.gvisor.spec.mount.x.directfs': 'off',
        },
      ],
    }),
  ),
  row('keep-devpts-rbind', 'DFS-KEEP', makeCase({ flags: visible, mounts: [bind('/dev/pts', 'vol1', ['rbind'])] })),

  row(
    'only-token-mixture',
    'DFS-ONLY-TOKEN',
    makeCase({
      flags: visible,
      mounts: [
        bind('/data', 'vol1'),
        bind('/m1', 'vol2', ['rbind', 'ro']),
        bind('/file', 'f1'),
        pseudo('tmpfs', '/m2', ['size=1m']),
      ],
      annotations: [
        bindHint('h1', 'vol1', OFF),
        bindHint('h2', 'vol2', { directfs: 'default' }),
        bindHint('h3', 'f1', { directfs: 'on' }),
      ],
    }),
  ),
  row(
    'only-token-default-overlay',
    'DFS-ONLY-TOKEN',
    makeCase({ mounts: [bind('/data', 'vol1'), bind('/m1', 'vol2')], annotations: [bindHint('h1', 'vol1', OFF)] }),
  ),

  row(
    'global-off-with-off',
    'DFS-GLOBAL-OFF',
    makeCase({
      flags: { ...visible, directfs: false },
      mounts: [bind('/data', 'vol1'), bind('/m1', 'vol2')],
      annotations: [bindHint('h1', 'vol1', OFF)],
    }),
  ),
  row(
    'global-off-with-default',
    'DFS-GLOBAL-OFF',
    makeCase({
      flags: { ...visible, directfs: false },
      mounts: [bind('/data', 'vol1')],
      annotations: [bindHint('h1', 'vol1', { directfs: 'default' })],
    }),
  ),
  row(
    'global-off-rootfs-off',
    'DFS-GLOBAL-OFF',
    makeCase({ flags: { directfs: false }, mounts: [bind('/data', 'vol1')], annotations: [completeRootfs(OFF)] }),
  ),

  row(
    'non-gofer-tmpfs-container-off',
    'DFS-NON-GOFER',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1')],
      annotations: [hint('h1', { source: rootPath('vol1'), type: 'tmpfs', share: 'container', directfs: 'off' })],
    }),
  ),
  row(
    'non-gofer-tmpfs-pod-off',
    'DFS-NON-GOFER',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1')],
      annotations: [hint('h1', { source: rootPath('vol1'), type: 'tmpfs', share: 'pod', directfs: 'off' })],
    }),
  ),
  row(
    'non-gofer-shared-tmpfs-two-dests',
    'DFS-NON-GOFER',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1'), bind('/m1', 'vol1')],
      annotations: [hint('h1', { source: rootPath('vol1'), type: 'tmpfs', share: 'pod', directfs: 'off' })],
    }),
  ),
  row(
    'non-gofer-spec-tmpfs-hinted',
    'DFS-NON-GOFER',
    makeCase({
      flags: visible,
      mounts: [pseudo('tmpfs', '/data')],
      annotations: [hint('h1', { source: rootPath('tmpfs'), type: 'tmpfs', share: 'container', directfs: 'off' })],
    }),
  ),
  row(
    'non-gofer-none-becomes-sysfs',
    'DFS-NON-GOFER',
    makeCase({
      flags: visible,
      mounts: [pseudo('none', '/none'), bind('/data', 'vol1')],
      annotations: [bindHint('h1', 'vol1', OFF)],
    }),
  ),
  row(
    'non-gofer-mqueue-skipped',
    'DFS-NON-GOFER',
    makeCase({
      flags: visible,
      mounts: [pseudo('mqueue', '/dev/mqueue'), bind('/data', 'vol1')],
      annotations: [bindHint('h1', 'vol1', OFF)],
    }),
  ),
  row(
    'non-gofer-spec-pseudo-fs',
    'DFS-NON-GOFER',
    makeCase({
      flags: visible,
      mounts: [
        pseudo('proc', '/proc'),
        pseudo('sysfs', '/sys'),
        pseudo('devpts', '/dev/pts'),
        pseudo('tmpfs', '/tmp', ['size=1m']),
        bind('/data', 'vol1'),
      ],
      annotations: [bindHint('h1', 'vol1', OFF)],
    }),
  ),

  row(
    'workload-rw-dir-off',
    'DFS-WORKLOAD',
    makeCase({ flags: visible, mounts: [bind('/data', 'vol1')], annotations: [bindHint('h1', 'vol1', OFF)] }),
  ),
  row(
    'workload-ro-dir-off',
    'DFS-WORKLOAD',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1', ['rbind', 'ro'])],
      annotations: [bindHint('h1', 'vol1', OFF)],
    }),
  ),
  row(
    'workload-rw-file-off',
    'DFS-WORKLOAD',
    makeCase({ flags: visible, mounts: [bind('/file', 'f1')], annotations: [bindHint('h1', 'f1', OFF)] }),
  ),
  row(
    'workload-ro-file-off',
    'DFS-WORKLOAD',
    makeCase({
      flags: visible,
      mounts: [bind('/file', 'f1', ['rbind', 'ro'])],
      annotations: [bindHint('h1', 'f1', OFF)],
    }),
  ),
  row(
    'workload-all-self-off',
    'DFS-WORKLOAD',
    makeCase({
      flags: { overlay2: 'all:self' },
      mounts: [bind('/data', 'vol1'), bind('/file', 'f1')],
      annotations: [bindHint('h1', 'vol1', OFF), bindHint('h2', 'f1', OFF)],
    }),
  ),
  row(
    'workload-kept-and-off',
    'DFS-WORKLOAD',
    makeCase({ mounts: [bind('/data', 'vol1'), bind('/m1', 'vol2')], annotations: [bindHint('h1', 'vol1', OFF)] }),
  ),

  row(
    'app-equiv-mixed',
    'DFS-APP-EQUIV',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1'), bind('/m1', 'vol2', ['rbind', 'ro']), bind('/file', 'f1'), bind('/m2', 'vol3')],
      annotations: [bindHint('h1', 'vol1', OFF), bindHint('h2', 'vol2', OFF), bindHint('h3', 'f1', OFF)],
    }),
  ),
  row(
    'app-equiv-default-overlay',
    'DFS-APP-EQUIV',
    makeCase({ mounts: [bind('/data', 'vol1')], annotations: [bindHint('h1', 'vol1', OFF)] }),
  ),
];
