/**
 * One submount (containerMounter.mountSubmount / getMountNameAndOptions and
 * the shared-mount path, reference §2.2–§2.5, §6): filesystem name and data,
 * overlay, the sentry's lisafs connection, mount point, mountinfo row and
 * the `Mounted …` line.
 */
import { cleanPath } from '../model/resolve.js';
import { goQuote, info, warn, type LogLine } from './log.js';
import {
  nextId,
  nextMinor,
  ninePOptions,
  tmpfsOptions,
  type Allocator,
  type MountFlags,
  type MountRow,
  type NinePOptions,
} from './mountinfo.js';
import {
  consumeOptions,
  goferMountData,
  GOFER_DATA_KEYS,
  goMount,
  parseMountFlags,
  type ParsedMountFlags,
  TMPFS_DATA_KEYS,
} from './mount-options.js';
import { usesOverlay } from './mounts.js';
import type { PodHint } from './hints.js';
import { connectLisafs } from './sentry-root.js';
import { coveringRow, type MountOutcome, type PreparedMount, type SentryInput } from './sentry-input.js';

/** Mutable state shared by the submounts of one run. */
export interface SubmountContext {
  input: SentryInput;
  alloc: Allocator;
  log: LogLine[];
  rows: MountRow[];
  /** Overlay mounts by row ID, and whether their lower layer's private minor was taken. */
  overlays: Map<number, { privateMinorDone: boolean }>;
  /** Shared masters by hint source (loader.sharedMounts). */
  shared: Map<string, SharedMaster>;
}

/** A shared master mount (loader.sharedMounts entry). */
export interface SharedMaster {
  minor: number;
  fsType: string;
  fsOptions: string;
}

/** mountSharedMaster: the mount's own filesystem type with the hint's options. */
function mountMaster(ctx: SubmountContext, m: PreparedMount, hint: PodHint): SharedMaster | string {
  const { input } = ctx;
  const where = `mounting shared master ${goQuote(hint.name)}`;
  const fsName = FS_NAME[m.type];
  if (m.type === 'bind') return `${where}: gofer mount requires a connection FD`;
  if (fsName === undefined) {
    ctx.log.push(warn('unknownFsType', `ignoring unknown filesystem type ${goQuote(m.type)}`));
    return `${where}: mount type not supported ${goQuote(hint.type)}`;
  }
  let rest = hint.options;
  let fsOptions =
    fsName === 'sysfs' || fsName === 'proc' ? 'dentry_cache_limit=1000' : fsName === 'dev' ? 'mode=0755' : '';
  if (m.type === 'tmpfs') {
    const c = consumeOptions(hint.options, TMPFS_DATA_KEYS);
    if ('error' in c) return `${where}: ${c.error}`;
    rest = c.rest;
    const t = tmpfsOptions(c.data, input.profile);
    if (t === null) return `${where}: invalid argument`;
    fsOptions = t;
  }
  ctx.log.push(...parseMountFlags(rest, input.profile.knowsNosuid).log);
  if (fsName === 'dev') nextId(ctx.alloc);
  nextId(ctx.alloc);
  return { minor: nextMinor(ctx.alloc), fsType: fsName, fsOptions };
}

/** A mounted submount. */
export interface Mounted {
  row: MountRow;
  outcome: MountOutcome;
}

const FS_NAME: Record<string, string> = {
  devpts: 'devpts',
  dev: 'dev',
  devtmpfs: 'dev',
  cgroup2: 'cgroup2',
  none: 'sysfs',
  proc: 'proc',
  sysfs: 'sysfs',
  tmpfs: 'tmpfs',
  bind: '9p',
};

function goOpts(flags: MountFlags, readOnly: boolean, data: string, dest: string): string {
  return `&{{${flags.noExec} ${flags.noATime} false ${flags.noSuid}} ${readOnly} {true ${data} {__no_name_0:${dest} false false}} false}`;
}

/** Allocates the mount point's private overlay minor when a file is looked up through an overlay's lower layer. */
function lookupMountPoint(ctx: SubmountContext, dest: string, fileRoot: boolean): void {
  if (!fileRoot || !ctx.input.profile.mountinfo.overlayDevQuirks) return;
  const parent = coveringRow(ctx.rows, dest);
  if (parent === undefined || cleanPath(parent.mountPoint) === cleanPath(dest)) return;
  const ov = ctx.overlays.get(parent.id);
  if (ov === undefined || ov.privateMinorDone) return;
  ov.privateMinorDone = true;
  nextMinor(ctx.alloc);
}

/** The ID of the mount a new mount at `dest` is mounted on (its own ID when none covers it). */
function parentIdOf(ctx: SubmountContext, dest: string, id: number): number {
  return coveringRow(ctx.rows, dest)?.id ?? id;
}

/** The start of a submount's error texts; built only for a mount that fails. */
function whereOf(m: PreparedMount): string {
  return `mount submount ${goQuote(m.destination)}`;
}

/** The start of an overlaid submount's error texts. */
function overlayWhereOf(m: PreparedMount): string {
  return `${whereOf(m)}: mounting volume with overlay at ${goQuote(m.destination)}`;
}

/** The `opts:` part of a failed submount's error (the Go value of its mount options). */
function optsOf(m: PreparedMount, parsed: ParsedMountFlags, data: readonly string[]): string {
  return goOpts(parsed.flags, parsed.readOnly, data.join(','), m.destination);
}

const CONFLICT_WARNING = warn(
  'goferOptionConflict',
  'gofer.FilesystemType.GetFilesystem: regularFilesUseSpecialFileFD and overlayfsStaleRead options are not supported together.',
);

/**
 * mountSubmount for everything but shared mounts; null when the type is
 * skipped. Texts only an error shows (`mount submount "…"`, the options as
 * Go prints them) are built on the error paths: every run mounts several
 * submounts and nearly all of them succeed.
 */
export function mountOne(ctx: SubmountContext, m: PreparedMount): Mounted | string | null {
  const { input, alloc, log } = ctx;
  const { profile } = input;
  const fsName = FS_NAME[m.type];
  if (fsName === undefined) {
    log.push(warn('unknownFsType', `ignoring unknown filesystem type ${goQuote(m.type)}`));
    return null;
  }
  let rest = m.options;
  let data: string[] = [];
  const keys = m.type === 'tmpfs' ? TMPFS_DATA_KEYS : m.type === 'bind' ? GOFER_DATA_KEYS : null;
  if (keys !== null) {
    const c = consumeOptions(m.options, keys);
    if ('error' in c) return `${whereOf(m)}: mountOptions failed: ${c.error}`;
    rest = c.rest;
    data = c.data;
  }
  const decision = m.specIndex === null ? undefined : input.plan.bySpecIndex.get(m.specIndex);
  const suppressed = decision?.suppressed ?? false;
  if (m.type === 'bind') {
    if (m.goferFd === null) return `${whereOf(m)}: mountOptions failed: gofer mount requires a connection FD`;
    const access =
      m.hint === undefined
        ? input.cfg.fileAccessMounts
        : m.hint.share === 'shared' || m.hint.share === 'pod'
          ? 'shared'
          : 'exclusive';
    let gd = goferMountData(
      { fd: m.goferFd, access, directfs: decision?.directfs ?? input.cfg.directfs, disableFifoOpen: true },
      profile.mountinfo.modern9p,
    );
    if (suppressed && input.faults.has('suppress-drops-cache')) gd = gd.filter((o) => !o.startsWith('cache='));
    if (suppressed && input.faults.has('suppress-drops-fifo')) gd = gd.filter((o) => o !== 'disable_fifo_open');
    for (let i = 0; i < gd.length; i++) data.push(gd[i] as string);
  }
  const parsed = parseMountFlags(
    m.type === 'tmpfs' && profile.tmpfsDataAlsoFlags ? m.options : rest,
    profile.knowsNosuid,
  );
  for (let i = 0; i < parsed.log.length; i++) log.push(parsed.log[i] as LogLine);
  const conf = m.conf;
  const overlay = conf !== null && usesOverlay(conf);
  const fileRoot = m.type === 'bind' && m.source !== '' && input.stat(m.source) === 'file';
  let id: number;
  let minor: number;
  let fsType: string;
  let fsOptions: string;
  if (m.type === 'bind') {
    const o = ninePFromData(data, m.goferFd ?? 0);
    const conflict = o.disableFileHandleSharing && o.overlayfsStaleRead;
    if (conflict && !overlay) {
      log.push(CONFLICT_WARNING);
      const what = `mounting ${goQuote(m.source)} (type:bind, dest: ${goQuote(m.destination)})`;
      return `${whereOf(m)}: ${what}: invalid argument, opts: ${optsOf(m, parsed, data)}`;
    }
    const d = { suppressed, directfs: o.directfs, hostFd: decision?.hostFd ?? input.cfg.directfs };
    if (overlay) {
      log.push(info('overlayMount', `Adding overlay on top of mount ${goQuote(m.destination)}`));
      if (conflict) {
        log.push(CONFLICT_WARNING);
        return `${overlayWhereOf(m)}: invalid argument`;
      }
      nextId(alloc);
      nextMinor(alloc);
      const keepSignal = input.faults.has('overlay-keeps-directfs-signal');
      const signal = keepSignal ? { ...d, suppressed: false, directfs: input.cfg.directfs } : d;
      const err = connectLisafs(input, signal, log);
      if (err !== null) return `${overlayWhereOf(m)}: ${err}`;
      nextId(alloc);
      const upperMinor = nextMinor(alloc);
      // Observed on the modern build: a read-only file under an overlay cannot get its upper copy.
      if (fileRoot && parsed.readOnly) {
        return `${overlayWhereOf(m)}: failed to open upper layer root for copying: read-only file system`;
      }
      if (conf.upper === 'self' && parsed.readOnly) {
        return `${overlayWhereOf(m)}: failed to create whiteout to hide self overlay filestore: read-only file system`;
      }
      const id = nextId(alloc);
      const minor = nextMinor(alloc);
      const upper = tmpfsOptions(conf.size === '' ? [] : [`size=${conf.size}`], profile) ?? '';
      lookupMountPoint(ctx, m.destination, fileRoot);
      const row: MountRow = {
        id,
        parentId: parentIdOf(ctx, m.destination, id),
        minor: fileRoot && profile.mountinfo.overlayDevQuirks ? upperMinor : minor,
        mountPoint: m.destination,
        readOnly: parsed.readOnly,
        flags: parsed.flags,
        fsType: 'overlay',
        fsOptions: upper,
      };
      ctx.rows.push(row);
      ctx.overlays.set(row.id, { privateMinorDone: false });
      log.push(
        info(
          'mounted',
          `Mounted ${goQuote(m.source)} to ${goQuote(m.destination)} type: ${m.type}, internal-options: ""`,
        ),
      );
      return {
        row,
        outcome: { fs: 'overlay', readOnly: enforcedReadOnly(input, parsed.readOnly), suppressed, dirRoot: !fileRoot },
      };
    }
    id = nextId(alloc);
    minor = nextMinor(alloc);
    const err = connectLisafs(input, d, log);
    if (err !== null) {
      const what = `mounting ${goQuote(m.source)} (type:bind, dest: ${goQuote(m.destination)})`;
      return `${whereOf(m)}: ${what}: ${err}, opts: ${optsOf(m, parsed, data)}`;
    }
    fsType = '9p';
    fsOptions = ninePOptions(reportedNineP(input, o, suppressed, parsed.readOnly), profile);
  } else {
    fsOptions = '';
    if (m.type === 'tmpfs') {
      const t = tmpfsOptions(data, profile);
      if (t === null) {
        const what = `mounting ${goQuote(m.source)} (type:tmpfs, dest: ${goQuote(m.destination)})`;
        return `${whereOf(m)}: ${what}: invalid argument, opts: ${optsOf(m, parsed, data)}`;
      }
      fsOptions = t;
    } else if (fsName === 'sysfs' || fsName === 'proc') fsOptions = 'dentry_cache_limit=1000';
    else if (fsName === 'dev') fsOptions = 'mode=0755';
    if (fsName === 'dev' && profile.mountinfo.dev === 'devtmpfs') minor = 6;
    else {
      if (fsName === 'dev') nextId(alloc);
      minor = nextMinor(alloc);
    }
    id = nextId(alloc);
    fsType = fsName === 'dev' && profile.mountinfo.dev === 'devtmpfs' ? 'tmpfs' : fsName;
  }
  lookupMountPoint(ctx, m.destination, fileRoot);
  const row: MountRow = {
    id,
    parentId: parentIdOf(ctx, m.destination, id),
    minor,
    mountPoint: m.destination,
    readOnly: parsed.readOnly,
    flags: parsed.flags,
    fsType,
    fsOptions,
  };
  ctx.rows.push(row);
  const internal = goQuote(data.join(','));
  log.push(
    info(
      'mounted',
      `Mounted ${goQuote(m.source)} to ${goQuote(m.destination)} type: ${m.type}, internal-options: ${internal}`,
    ),
  );
  const fs: MountOutcome['fs'] = m.type === 'bind' ? '9p' : m.type === 'tmpfs' ? 'tmpfs' : 'other';
  const readOnly = m.type === 'bind' ? enforcedReadOnly(input, parsed.readOnly) : parsed.readOnly;
  return { row, outcome: { fs, readOnly, suppressed, dirRoot: !fileRoot } };
}

/** Whether a bind's `ro` is enforced on what the application does (`ro-ignored`: shown, not enforced). */
function enforcedReadOnly(input: SentryInput, readOnly: boolean): boolean {
  return readOnly && !input.faults.has('ro-ignored');
}

/**
 * The 9p options mountinfo reports for a mount served with `o`: faithfully
 * the same; the reporting faults print `directfs` where the mount lacks it,
 * or hide it on a read-only mount that has it.
 */
function reportedNineP(input: SentryInput, o: NinePOptions, suppressed: boolean, readOnly: boolean): NinePOptions {
  if (input.faults.has('mountinfo-hides-directfs') && readOnly && o.directfs) return { ...o, directfs: false };
  if (input.faults.has('mountinfo-shows-directfs') && suppressed && input.cfg.directfs) return { ...o, directfs: true };
  return o;
}

function ninePFromData(data: readonly string[], fd: number): NinePOptions {
  let dcache = '1000';
  for (let i = 0; i < data.length; i++) {
    const o = data[i] as string;
    if (o.startsWith('dcache=')) {
      dcache = o.slice('dcache='.length);
      break;
    }
  }
  return {
    fd,
    dcache,
    cacheShared: data.includes('cache=remote_revalidating'),
    disableFileHandleSharing: data.includes('disable_file_handle_sharing'),
    disableFifoOpen: data.includes('disable_fifo_open'),
    overlayfsStaleRead: data.includes('overlayfs_stale_read'),
    directfs: data.includes('directfs'),
  };
}

/** 20221219: the shared masters of all tmpfs hints, mounted before the root. */
export function mountMastersAtBoot(ctx: SubmountContext, hints: readonly PodHint[]): string | null {
  for (const hint of hints) {
    if (hint.type !== 'tmpfs') continue;
    ctx.log.push(
      info(
        'sharedMaster',
        `Mounting master of shared mount ${goQuote(hint.name)} from ${goQuote(hint.source)} type ${goQuote(hint.type)}`,
      ),
    );
    const c = consumeOptions(hint.options, TMPFS_DATA_KEYS);
    if ('error' in c) return `creating shared mount ${goQuote(hint.name)}: ${c.error}`;
    nextId(ctx.alloc);
    ctx.shared.set(hint.source, {
      minor: nextMinor(ctx.alloc),
      fsType: 'tmpfs',
      fsOptions: tmpfsOptions(c.data, ctx.input.profile) ?? '',
    });
  }
  return null;
}

/** The mount on top at `destination` (the last one mounted there), if any. */
function topRowAt(rows: readonly MountRow[], destination: string): MountRow | undefined {
  const point = cleanPath(destination);
  return rows.findLast((r) => cleanPath(r.mountPoint) === point);
}

/** The shared-mount path (getSharedMount + mountSharedSubmount), reference §6. */
export function mountShared(ctx: SubmountContext, m: PreparedMount, hint: PodHint): Mounted | string {
  const { input, alloc, log } = ctx;
  let master = ctx.shared.get(hint.source);
  if (master !== undefined) {
    if (!input.profile.sharedMastersAtBoot)
      log.push(
        info(
          'sharedExisting',
          `Using existing shared mount ${goQuote(hint.name)} from ${goQuote(hint.source)} type ${goQuote(hint.type)}`,
        ),
      );
  } else {
    log.push(
      info(
        'sharedMaster',
        `Mounting master of shared mount ${goQuote(hint.name)} from ${goQuote(hint.source)} type ${goQuote(hint.type)}`,
      ),
    );
    const made = mountMaster(ctx, m, hint);
    if (typeof made === 'string') return `getting shared mount ${goQuote(hint.name)}: ${made}`;
    master = made;
    ctx.shared.set(hint.source, master);
  }
  if (m.type === 'bind')
    return `mount shared mount ${goQuote(hint.name)} to ${goQuote(m.destination)}: gofer mount requires a connection FD`;
  const masterFlags = parseMountFlags(hint.options, input.profile.knowsNosuid);
  const replica = parseMountFlags(m.options, input.profile.knowsNosuid);
  log.push(...masterFlags.log, ...replica.log);
  const where = `mount shared mount ${goQuote(hint.name)} to ${goQuote(m.destination)}`;
  const spec = goMount({ destination: m.destination, type: m.type, source: m.source, options: m.options }, true);
  if (masterFlags.readOnly && !replica.readOnly)
    return `${where}: cannot mount read-write shared mount because master is read-only, mount: ${spec}`;
  if (masterFlags.flags.noExec && !replica.flags.noExec)
    return `${where}: cannot mount exec enabled shared mount because master is noexec, mount: ${spec}`;
  if (masterFlags.flags.noATime && !replica.flags.noATime)
    return `${where}: cannot mount atime enabled shared mount because master is noatime, mount: ${spec}`;
  if (masterFlags.flags.noSuid && !replica.flags.noSuid)
    return `${where}: cannot mount suid enabled shared mount because master is nosuid, mount: ${spec}`;
  log.push(...replica.log);
  if (input.profile.sharedMountBusy && topRowAt(ctx.rows, m.destination)?.minor === master.minor)
    return `${where}: device or resource busy`;
  const id = nextId(alloc);
  const row: MountRow = {
    id,
    parentId: parentIdOf(ctx, m.destination, id),
    minor: master.minor,
    mountPoint: m.destination,
    readOnly: replica.readOnly,
    flags: replica.flags,
    fsType: master.fsType,
    fsOptions: master.fsOptions,
  };
  ctx.rows.push(row);
  log.push(info('sharedBind', `Mounted ${goQuote(m.destination)} type shared bind to ${goQuote(hint.name)}`));
  return {
    row,
    outcome: {
      fs: master.fsType === 'tmpfs' ? 'tmpfs' : 'other',
      readOnly: replica.readOnly,
      suppressed: false,
      dirRoot: true,
    },
  };
}
