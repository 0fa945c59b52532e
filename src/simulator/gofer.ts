/**
 * The gofer process (runsc gofer, reference §2.1, §4, §7): its command line,
 * its own parse of the hints (post-feature), the host bind mounts of lisafs
 * sources, the seccomp rule count with or without the LisaFS rules, and one
 * `Serving …` line per lisafs connection.
 */
import { goQuote, info, warn, type LogLine } from './log.js';
import { usesOverlay, type HostConfs, type SpecMount } from './mounts.js';
import { goferBindFlags } from './mount-options.js';
import type { ProfileSpec } from './profiles.js';
import type { SimConfig } from './config.js';
import { cleanPath } from '../model/resolve.js';
import type { FaultName } from './mutants.js';

/** Result of the gofer stage. */
export interface GoferResult {
  log: LogLine[];
  /** The gofer's fatal error (a missing mount source), or null. */
  fatal: string | null;
  seccompCount: number;
}

/** Input of the gofer stage. */
export interface GoferInput {
  profile: ProfileSpec;
  cfg: SimConfig;
  faults: ReadonlySet<FaultName>;
  mounts: readonly SpecMount[];
  rootReadonly: boolean;
  host: HostConfs;
  /** The gofer's own hint parse lines and rootfs-hint parse lines (logged post-feature; the latter where honoured). */
  hintLog: readonly LogLine[];
  rootfsLog: readonly LogLine[];
  lisafsNeeded: boolean;
  stat: (absPath: string) => 'dir' | 'file' | 'missing';
  /** The gofer's argv as goferArgv() gives it: the run log shows it too, so it is built once per run. */
  argv: string;
  rootPath: string;
}

/**
 * The gofer bind-mounts lisafs sources in spec order, then stats every mount
 * point (observed on the modern and pre-feature builds: `[/data/sub, /data]`
 * fails). A mount listed before a mount of one of its parent directories is
 * hidden by it, so its mount point resolves only if the parent's source holds
 * that path; the error is the stat's.
 */
function firstUnresolvedMount(
  mounts: readonly SpecMount[],
  stat: (absPath: string) => 'dir' | 'file' | 'missing',
): string | null {
  for (let i = 0; i < mounts.length; i++) {
    const dest = cleanPath((mounts[i] as SpecMount).destination);
    for (let k = i + 1; k < mounts.length; k++) {
      const later = mounts[k] as SpecMount;
      const parent = cleanPath(later.destination);
      if (parent === dest || !(parent === '/' || dest.startsWith(`${parent}/`))) continue;
      const rel = parent === '/' ? dest.slice(1) : dest.slice(parent.length + 1);
      if (stat(cleanPath(`${later.source}/${rel}`)) === 'missing') return 'no such file or directory';
    }
  }
  return null;
}

/** Runs the gofer stage. */
export function runGofer(g: GoferInput): GoferResult {
  const { profile, cfg, host } = g;
  const log: LogLine[] = [info('args', `Args: ${g.argv}`)];
  if (profile.goferParsesHints) {
    for (let i = 0; i < g.hintLog.length; i++) log.push(g.hintLog[i] as LogLine);
    if (profile.rootfsHint === 'honoured') {
      for (let i = 0; i < g.rootfsLog.length; i++) log.push(g.rootfsLog[i] as LogLine);
    }
  }
  const lisafsMounts: SpecMount[] = [];
  for (let i = 0; i < g.mounts.length; i++) {
    const m = g.mounts[i] as SpecMount;
    const conf = host.bySpecIndex.get(m.index);
    if (conf?.lower !== 'lisafs') continue;
    lisafsMounts.push(m);
    const flags = goferBindFlags(m.options, usesOverlay(conf), profile.goferFlagsXor);
    const dst =
      profile.goferParsesHints && host.confs[0]?.lower === 'lisafs'
        ? `${g.rootPath}${m.destination}`
        : `${profile.sandboxLocalHints ? '/proc/fs/root' : '/proc/root'}${m.destination}`;
    const tail = profile.goferParsesHints ? ', idMapped: false' : '';
    log.push(info('goferMountSrc', `Mounting src: ${goQuote(m.source)}, dst: ${goQuote(dst)}, flags: ${flags}${tail}`));
    if (g.stat(m.source) === 'missing') {
      return {
        log,
        fatal: `error setting up FS: opening ${m.source}: opening ${m.source}: open ${m.source}: no such file or directory`,
        seccompCount: 0,
      };
    }
  }
  const unresolved = firstUnresolvedMount(lisafsMounts, g.stat);
  if (unresolved !== null) return { log, fatal: `Failure to resolve mounts: ${unresolved}`, seccompCount: 0 };
  const withLisafs = !cfg.directfs || g.lisafsNeeded;
  let count = withLisafs ? profile.seccomp.goferLisafs : profile.seccomp.goferBase;
  if (withLisafs && cfg.directfs && g.faults.has('lisafs-ops-fail')) count -= 3;
  if (profile.goferParsesHints) {
    log.push(
      warn(
        'goferFilter',
        `No precompiled program found for config options GOARCH="amd64" UDSOpenEnabled=false UDSCreateEnabled=false ProfileEnabled=false DirectFS=${cfg.directfs} LisafsNeeded=${g.lisafsNeeded} Instrumentation=false CgoEnabled=false ExtraRules=false, building seccomp program from scratch. This slows down gofer startup.`,
      ),
    );
  }
  log.push(info('seccomp', `Installing seccomp filters for ${count} syscalls (action=${profile.seccomp.action})`));
  let fd = profile.goferFirstIoFd;
  const rootConf = host.confs[0];
  if (rootConf?.lower === 'lisafs') {
    log.push(
      info('servingRoot', `Serving "/" mapped to "/root" on FD ${fd} (ro: ${g.rootReadonly || usesOverlay(rootConf)})`),
    );
    fd += 1;
  }
  for (let i = 0; i < lisafsMounts.length; i++) {
    const m = lisafsMounts[i] as SpecMount;
    const conf = host.bySpecIndex.get(m.index);
    const ro = m.options.includes('ro') || (conf !== undefined && usesOverlay(conf));
    log.push(info('servingMount', `Serving ${goQuote(m.destination)} mapped on FD ${fd} (ro: ${ro})`));
    fd += 1;
  }
  return { log, fatal: null, seccompCount: count };
}
