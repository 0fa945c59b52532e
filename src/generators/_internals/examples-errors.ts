/**
 * Example rows about hint values, the rootfs hint, malformed hint sets and
 * spec shapes that fail for reasons unrelated to directfs (reference §3, §8).
 */
import type { RequirementId } from '../../model/requirements.js';
import { bind, bindHint, completeRootfs, hint, makeCase, pseudo, rootfsHint, type Example } from './example-kit.js';
import { INVALID_DIRECTFS, ROOTFS_HINT_SOURCE, rootPath } from './vocabulary.js';

const row = (name: string, requirement: RequirementId, c: Example['case']): Example => ({ name, requirement, case: c });
const visible = { overlay2: 'none' as const };
const data = () => [bind('/data', 'vol1')];

/** Kebab-case label of a directfs spelling. */
const INVALID_LABELS: Record<(typeof INVALID_DIRECTFS)[number], string> = {
  on: 'on',
  true: 'true',
  OFF: 'upper-off',
  ' off': 'leading-space',
  'off ': 'trailing-space',
  '': 'empty',
  Default: 'capital-default',
};

/** Rows for DFS-ROOTFS-OPT-OUT, DFS-ROOTFS-ERRORS, DFS-MOUNT-INVALID-VALUE, DFS-DEFAULT-UNCHANGED, DFS-HINT-GRAMMAR. */
export const ERROR_EXAMPLES: readonly Example[] = [
  row(
    'rootfs-off',
    'DFS-ROOTFS-OPT-OUT',
    makeCase({ mounts: data(), annotations: [completeRootfs({ directfs: 'off' })] }),
  ),
  row(
    'rootfs-off-overlay-memory',
    'DFS-ROOTFS-OPT-OUT',
    makeCase({ mounts: data(), annotations: [completeRootfs({ overlay: 'memory', directfs: 'off' })] }),
  ),
  row(
    'rootfs-off-overlay-self',
    'DFS-ROOTFS-OPT-OUT',
    makeCase({
      mounts: data(),
      annotations: [completeRootfs({ overlay: 'self', options: 'size=1m', directfs: 'off' })],
    }),
  ),
  row(
    'rootfs-off-readonly-root',
    'DFS-ROOTFS-OPT-OUT',
    makeCase({ readonly: true, mounts: data(), annotations: [completeRootfs({ directfs: 'off' })] }),
  ),
  row(
    'rootfs-off-with-mount-off',
    'DFS-ROOTFS-OPT-OUT',
    makeCase({
      flags: visible,
      mounts: data(),
      annotations: [completeRootfs({ directfs: 'off' }), bindHint('h1', 'vol1', { directfs: 'off' })],
    }),
  ),

  row(
    'rootfs-off-alone',
    'DFS-ROOTFS-ERRORS',
    makeCase({ mounts: data(), annotations: [rootfsHint({ directfs: 'off' })] }),
  ),
  row(
    'rootfs-off-without-type',
    'DFS-ROOTFS-ERRORS',
    makeCase({ mounts: data(), annotations: [rootfsHint({ source: ROOTFS_HINT_SOURCE, directfs: 'off' })] }),
  ),
  row(
    'rootfs-off-without-source',
    'DFS-ROOTFS-ERRORS',
    makeCase({ mounts: data(), annotations: [rootfsHint({ type: 'bind', directfs: 'off' })] }),
  ),
  row(
    'rootfs-default-alone',
    'DFS-ROOTFS-ERRORS',
    makeCase({ mounts: data(), annotations: [rootfsHint({ directfs: 'default' })] }),
  ),
  ...INVALID_DIRECTFS.map((v) =>
    row(
      `rootfs-invalid-${INVALID_LABELS[v]}`,
      'DFS-ROOTFS-ERRORS',
      makeCase({ mounts: data(), annotations: [completeRootfs({ directfs: v })] }),
    ),
  ),

  ...INVALID_DIRECTFS.map((v) =>
    row(
      `mount-invalid-${INVALID_LABELS[v]}`,
      'DFS-MOUNT-INVALID-VALUE',
      makeCase({ flags: visible, mounts: data(), annotations: [bindHint('h1', 'vol1', { directfs: v })] }),
    ),
  ),
  row(
    'mount-invalid-beside-off',
    'DFS-MOUNT-INVALID-VALUE',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1'), bind('/m1', 'vol2')],
      annotations: [bindHint('h1', 'vol1', { directfs: 'OFF' }), bindHint('h2', 'vol2', { directfs: 'off' })],
    }),
  ),

  row(
    'default-unchanged-plain',
    'DFS-DEFAULT-UNCHANGED',
    makeCase({
      mounts: [bind('/data', 'vol1'), bind('/file', 'f1', ['rbind', 'ro']), pseudo('tmpfs', '/m1')],
      annotations: [bindHint('h1', 'vol1')],
    }),
  ),
  row(
    'rootfs-hint-disables-root-overlay',
    'DFS-DEFAULT-UNCHANGED',
    makeCase({ mounts: data(), annotations: [completeRootfs()] }),
  ),
  row(
    'dropped-and-unmatched',
    'DFS-DEFAULT-UNCHANGED',
    makeCase({
      flags: visible,
      mounts: data(),
      annotations: [
        hint('h1', { source: rootPath('vol1'), share: 'shared' }),
        hint('h2', { source: rootPath('unused'), type: 'bind', share: 'pod' }),
      ],
    }),
  ),
  // Observed on the modern build: EBUSY (as Linux refuses a filesystem root on itself); the pre-feature build starts.
  row(
    'shared-tmpfs-twice-on-one-mount-point',
    'DFS-DEFAULT-UNCHANGED',
    makeCase({
      mounts: [pseudo('tmpfs', '/tmp'), pseudo('tmpfs', '/tmp')],
      annotations: [hint('h2', { source: rootPath('tmpfs'), type: 'tmpfs', share: 'container' })],
    }),
  ),
  // A tmpfs over /proc hides /proc/self/mountinfo: the mount requirements are unobservable, the start is compared.
  row(
    'tmpfs-over-proc',
    'DFS-DEFAULT-UNCHANGED',
    makeCase({ mounts: [bind('/data', 'vol1'), pseudo('tmpfs', '/proc')], annotations: [bindHint('h1', 'vol1')] }),
  ),
  row('bind-devpts-without-rbind', 'DFS-DEFAULT-UNCHANGED', makeCase({ mounts: [bind('/dev/pts', 'vol1', [])] })),
  row(
    'bind-shared-option',
    'DFS-DEFAULT-UNCHANGED',
    makeCase({ mounts: [bind('/data', 'vol1', ['rbind', 'shared'])] }),
  ),
  row(
    'bind-invalid-option',
    'DFS-DEFAULT-UNCHANGED',
    makeCase({ mounts: [bind('/data', 'vol1', ['rbind', 'a=b=c'])] }),
  ),
  row(
    'bind-handle-sharing-stale-read',
    'DFS-DEFAULT-UNCHANGED',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1', ['rbind', 'disable_file_handle_sharing', 'overlayfs_stale_read'])],
    }),
  ),
  row(
    'self-clash-all-self',
    'DFS-DEFAULT-UNCHANGED',
    makeCase({ flags: { overlay2: 'all:self' }, mounts: [bind('/data', 'vol1'), bind('/m1', 'vol1')] }),
  ),
  row(
    'self-clash-bind-container',
    'DFS-DEFAULT-UNCHANGED',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1'), bind('/m1', 'vol1')],
      annotations: [hint('h1', { source: rootPath('vol1'), type: 'bind', share: 'container' })],
    }),
  ),
  row(
    'readonly-bind-pod-hint',
    'DFS-DEFAULT-UNCHANGED',
    makeCase({
      flags: visible,
      mounts: [bind('/data', 'vol1', ['rbind', 'ro'])],
      annotations: [hint('h1', { source: rootPath('vol1'), type: 'bind', share: 'pod' })],
    }),
  ),
  row(
    'tmpfs-hint-on-file',
    'DFS-DEFAULT-UNCHANGED',
    makeCase({
      flags: visible,
      mounts: [bind('/file', 'f1')],
      annotations: [hint('h1', { source: rootPath('f1'), type: 'tmpfs', share: 'container' })],
    }),
  ),
  row(
    'nested-before-parent',
    'DFS-DEFAULT-UNCHANGED',
    makeCase({ flags: visible, mounts: [bind('/data/sub', 'vol2'), bind('/data', 'vol1')] }),
  ),
  row(
    'file-access-shared-overlay',
    'DFS-DEFAULT-UNCHANGED',
    makeCase({ flags: { fileAccess: 'shared' }, mounts: data() }),
  ),

  row(
    'grammar-duplicate-sources',
    'DFS-HINT-GRAMMAR',
    makeCase({ flags: visible, mounts: data(), annotations: [bindHint('h1', 'vol1'), bindHint('h2', 'vol1')] }),
  ),
  row(
    'grammar-dotted-name',
    'DFS-HINT-GRAMMAR',
    makeCase({
      flags: visible,
      mounts: data(),
      annotations: [bindHint('h1', 'vol1'), { 'dev.gvisor.spec.mount.a.b.source': rootPath('vol1') }],
    }),
  ),
  row(
    'grammar-dotted-key',
    'DFS-HINT-GRAMMAR',
    makeCase({
      flags: visible,
      mounts: data(),
      annotations: [bindHint('h1', 'vol1'), { 'dev.gvisor.spec.mount.h1.source.x': rootPath('vol1') }],
    }),
  ),
  row(
    'grammar-empty-name',
    'DFS-HINT-GRAMMAR',
    makeCase({ flags: visible, mounts: data(), annotations: [{ 'dev.gvisor.spec.mount..source': rootPath('vol1') }] }),
  ),
  row(
    'grammar-keyless',
    'DFS-HINT-GRAMMAR',
    makeCase({ flags: visible, mounts: data(), annotations: [{ 'dev.gvisor.spec.mount.vol': rootPath('vol1') }] }),
  ),
  row(
    'grammar-unknown-key',
    'DFS-HINT-GRAMMAR',
    makeCase({ flags: visible, mounts: data(), annotations: [bindHint('h1', 'vol1', { DirectFS: 'off' })] }),
  ),
  row(
    'grammar-invalid-type',
    'DFS-HINT-GRAMMAR',
    makeCase({
      flags: visible,
      mounts: data(),
      annotations: [hint('h1', { source: rootPath('vol1'), type: 'invalid', share: 'shared' })],
    }),
  ),
  row(
    'grammar-invalid-share',
    'DFS-HINT-GRAMMAR',
    makeCase({
      flags: visible,
      mounts: data(),
      annotations: [hint('h1', { source: rootPath('vol1'), type: 'bind', share: 'invalid' })],
    }),
  ),
  row(
    'grammar-empty-source',
    'DFS-HINT-GRAMMAR',
    makeCase({
      flags: visible,
      mounts: data(),
      annotations: [hint('h1', { source: '', type: 'bind', share: 'shared' })],
    }),
  ),
  row(
    'grammar-source-only',
    'DFS-HINT-GRAMMAR',
    makeCase({ flags: visible, mounts: data(), annotations: [hint('h1', { source: rootPath('vol1') })] }),
  ),
  row(
    'grammar-rootfs-overlay-none',
    'DFS-HINT-GRAMMAR',
    makeCase({ mounts: data(), annotations: [completeRootfs({ overlay: 'none' })] }),
  ),
  row(
    'grammar-rootfs-unknown-key',
    'DFS-HINT-GRAMMAR',
    makeCase({ mounts: data(), annotations: [completeRootfs({ DirectFS: 'off' })] }),
  ),
  row(
    'grammar-rootfs-bad-options',
    'DFS-HINT-GRAMMAR',
    makeCase({ mounts: data(), annotations: [completeRootfs({ options: 'foo=bar' })] }),
  ),
  row(
    'grammar-rootfs-relative-source',
    'DFS-HINT-GRAMMAR',
    makeCase({ mounts: data(), annotations: [rootfsHint({ source: 'rootfs', type: 'bind' })] }),
  ),
];
