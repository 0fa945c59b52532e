/**
 * Case shapes whose start the contract does not predict (reference §2.2,
 * §2.3, §8): for these a start failure is not held against directfs.
 */
import type { Case } from '../model/case.js';
import type { RootfsHint } from './contract-hints.js';
import { canonicalSource, sourceKind } from './contract-paths.js';
import type { MountExpectation, RootExpectation } from './contract.js';

/** Spec mount options whose effect the contract knows and that cannot fail on their own. */
const PLAIN_OPTIONS = new Set([
  'ro',
  'rw',
  'bind',
  'rbind',
  'nosuid',
  'suid',
  'nodev',
  'dev',
  'noexec',
  'exec',
  'private',
  'rprivate',
  'relatime',
  'norelatime',
  'noatime',
  'atime',
  'strictatime',
  'nodiratime',
  'sync',
  'async',
  'overlayfs_stale_read',
  'disable_file_handle_sharing',
]);
const TMPFS_DATA = /^(size=\d+[kmgKMG%]?|mode=[0-7]{3,4}|nr_inodes=\d+)$/;
const SYSTEM_PREFIXES = ['/proc', '/sys', '/dev'];

function optionProblems(index: number, type: string | undefined, options: readonly string[]): string[] {
  const out: string[] = [];
  for (const o of options) {
    if (['shared', 'rshared', 'slave', 'rslave'].includes(o))
      out.push(`mount ${index}: propagation option "${o}" (reference §8)`);
    else if (!PLAIN_OPTIONS.has(o) && !(type === 'tmpfs' && TMPFS_DATA.test(o)))
      out.push(`mount ${index}: option "${o}" not covered`);
  }
  if (options.includes('overlayfs_stale_read') && options.includes('disable_file_handle_sharing')) {
    out.push(`mount ${index}: conflicting options overlayfs_stale_read and disable_file_handle_sharing (reference §8)`);
  }
  return out;
}

/** Reasons the contract cannot say whether `c` starts (empty when it can). */
export function findUncoveredShapes(
  c: Case,
  mounts: readonly MountExpectation[],
  root: RootExpectation,
  rootfsHint: RootfsHint | null,
): string[] {
  const out: string[] = [];
  if (Object.keys(c.spec.annotations).some((k) => k.startsWith('dev.gvisor.flag.')))
    out.push('flag annotations change the global config (reference §1)');
  if (rootfsHint?.type === 'erofs') out.push('erofs rootfs hint (no image in the bundle)');
  if (c.flags.fileAccess === 'shared' && root.overlaid)
    out.push('--file-access=shared with an overlaid root fails validation (reference §1)');
  const selfSources: string[] = [];
  if (
    root.overlaid &&
    (rootfsHint !== null ? rootfsHint.overlay === 'self' : [null, 'root:self', 'all:self'].includes(c.flags.overlay2))
  ) {
    selfSources.push(canonicalSource(c.spec.root.path));
  }
  for (const m of mounts) {
    const spec = c.spec.mounts[m.index];
    if (spec === undefined) continue;
    if (!spec.destination.startsWith('/')) out.push(`mount ${m.index}: relative destination`);
    if (
      m.destination === '/' ||
      SYSTEM_PREFIXES.some((p) => m.destination === p || m.destination.startsWith(`${p}/`))
    ) {
      out.push(`mount ${m.index}: destination ${m.destination} is a system mount point (reference §2.2)`);
    }
    out.push(...optionProblems(m.index, spec.type, spec.options ?? []));
    const bindLike = spec.type === 'bind' || (spec.options ?? []).some((o) => o === 'bind' || o === 'rbind');
    if (bindLike && (spec.source ?? '') === '') out.push(`mount ${m.index}: bind without a source`);
    const parentLater = mounts.some(
      (o) => o.index > m.index && o.destination !== '/' && m.destination.startsWith(`${o.destination}/`),
    );
    // Observed on the modern and pre-feature builds: the gofer cannot resolve a mount point its parent mount hides.
    if (parentLater)
      out.push(`mount ${m.index}: listed before the mount of its parent directory (runsc fails to start)`);
    if (m.role === 'internal') continue;
    const kind = sourceKind(c, m.source);
    if (kind === 'missing' || kind === 'outside')
      out.push(
        `mount ${m.index}: source ${m.source} is ${kind === 'missing' ? 'not a fixture' : 'outside the case root'}`,
      );
    if (m.role === 'hint-tmpfs') {
      if (kind === 'file') out.push(`mount ${m.index}: tmpfs hint on a file (reference §8)`);
      if (m.hint?.hasOptions === true) out.push(`mount ${m.index}: shared tmpfs master options (reference §3.1)`);
      continue;
    }
    const sandboxLocal = m.hint !== null && (m.hint.share === 'container' || m.hint.share === 'pod');
    // Observed on the modern and pre-feature builds: a read-only bind under the overlay of a container/pod hint
    // fails, a directory with "failed to create whiteout …", a file with "failed to open upper layer root for copying".
    if (sandboxLocal && (kind === 'dir' || kind === 'file') && (spec.options ?? []).includes('ro'))
      out.push(`mount ${m.index}: read-only ${kind} bind with a container/pod hint (runsc fails to start)`);
    const self = sandboxLocal ? true : m.overlaid && c.flags.overlay2 === 'all:self';
    // reference §2.3: `self` on a non-directory falls back to memory, which has no filestore file.
    if (self && kind === 'dir') selfSources.push(m.source);
  }
  const collisions = [...new Set(selfSources.filter((s, i) => selfSources.indexOf(s) !== i))];
  for (const s of collisions) out.push(`self-overlay filestore collision at ${s} (reference §2.3)`);
  return out;
}
