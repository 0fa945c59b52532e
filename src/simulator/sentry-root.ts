/**
 * The container's root mount (containerMounter.createMountNamespace,
 * reference §2.4–§2.5), and the sentry side of every lisafs connection:
 * the host-FD warning of an opted-out mount and the failures when the gofer
 * and the sentry disagree about directfs.
 */
import { info, warn, type LogLine } from './log.js';
import { nextId, nextMinor, ninePOptions, tmpfsOptions, type Allocator, type MountRow } from './mountinfo.js';
import { usesOverlay } from './mounts.js';
import type { DirectfsDecision, SuppressionPlan } from './suppression.js';
import type { SentryInput } from './sentry-input.js';
import type { ProfileSpec } from './profiles.js';

const HOST_FD_WARNING = "Mount RPC returned a host FD to mount point without directfs, we didn't ask for it";

/** Error texts of a lisafs connection that failed (errno text as the sentry prints it). */
export type ConnectError = 'cannot allocate memory' | 'invalid argument';

/**
 * The sentry's Mount RPC for one lisafs connection (gofer.initClientAndGetRoot):
 * the stock gofer donates a host FD whenever --directfs is on, so a mount
 * without directfs logs the W line; with the LisaFS rules missing the
 * channel setup fails with ENOMEM (reference §4).
 */
export function connectLisafs(input: SentryInput, d: DirectfsDecision, log: LogLine[]): ConnectError | null {
  const donates = d.hostFd;
  if (d.directfs) {
    if (donates) return null;
    log.push(warn('hostFdMissing', 'Mount RPC did not return host FD to mount point with directfs enabled'));
    return 'invalid argument';
  }
  if (donates && input.profile.hostFdWarning) log.push(warn('hostFdWarning', HOST_FD_WARNING));
  if (!input.lisafsKept) {
    log.push(warn('channelFailed', 'channel creation failed: EOF'));
    log.push(warn('allChannelsFailed', 'all channel RPCs failed'));
    return 'cannot allocate memory';
  }
  return null;
}

/** The root's lisafs connection; under `hostfd-warning-on-root` a submount's opt-out is also reported here. */
function connectRoot(input: SentryInput, log: LogLine[]): ConnectError | null {
  const err = connectLisafs(input, input.plan.root, log);
  const misreport =
    input.faults.has('hostfd-warning-on-root') && input.plan.root.directfs && anySubmountOff(input.plan);
  if (err === null && misreport && input.profile.hostFdWarning) log.push(warn('hostFdWarning', HOST_FD_WARNING));
  return err;
}

/** Whether a submount opts out of directfs. */
function anySubmountOff(plan: SuppressionPlan): boolean {
  for (const d of plan.bySpecIndex.values()) if (d.suppressed) return true;
  return false;
}

/** The root's mountinfo row and whether it is an overlay, or the error text. */
export function mountRoot(
  input: SentryInput,
  alloc: Allocator,
  log: LogLine[],
): { row: MountRow; overlay: boolean } | string {
  const { profile, cfg, plan } = input;
  const conf = input.host.confs[0] ?? { lower: 'lisafs', upper: 'none', size: '' };
  const overlay = usesOverlay(conf);
  log.push(info('mountingRoot', `Mounting root with ${profile.rootFsLogName}, ioFD: 4`));
  if (overlay) {
    log.push(info('overlayRoot', 'Adding overlay on top of root'));
    nextId(alloc);
    nextMinor(alloc);
    const err = connectRoot(input, log);
    if (err !== null) return `creating mount namespace: mounting root with overlay: ${err}`;
    nextId(alloc);
    nextMinor(alloc);
    const upper = tmpfsOptions(conf.size === '' ? [] : [`size=${conf.size}`], profile) ?? '';
    return { overlay: true, row: rootRow(input, profile, alloc, 'overlay', upper) };
  }
  const fsOptions = ninePOptions(
    {
      fd: 4,
      dcache: '1000',
      cacheShared: cfg.fileAccess === 'shared',
      disableFileHandleSharing: false,
      disableFifoOpen: true,
      overlayfsStaleRead: true,
      directfs: plan.root.directfs,
    },
    profile,
  );
  const row = rootRow(input, profile, alloc, '9p', fsOptions);
  const err = connectRoot(input, log);
  if (err !== null) return `creating mount namespace: creating root file system: ${err}`;
  return { overlay: false, row };
}

/** The root's mountinfo row, under runsc's hidden dummy root where the profile has one. */
function rootRow(
  input: SentryInput,
  profile: ProfileSpec,
  alloc: Allocator,
  fsType: string,
  fsOptions: string,
): MountRow {
  const nsId = profile.mountinfo.dummyRoot ? nextId(alloc) : 0;
  if (profile.mountinfo.dummyRoot) nextMinor(alloc);
  const id = nextId(alloc);
  const minor = nextMinor(alloc);
  const flags = { noSuid: false, noExec: false, noATime: false };
  const parentId = nsId === 0 ? id : nsId;
  return { id, parentId, minor, mountPoint: '/', readOnly: input.rootReadonly, flags, fsType, fsOptions };
}
