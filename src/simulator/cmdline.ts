/**
 * The command lines runsc logs for its processes (run, gofer, sandbox):
 * global flags re-serialised for the children, `--gofer-mount-confs=`,
 * and the FD flags. FD numbers follow the real builds for the common cases.
 */
import { confString, type GoferConf, type HostConfs } from './mounts.js';
import type { ProfileSpec } from './profiles.js';
import type { SimConfig } from './config.js';

/** What the command lines mention: paths, and whether runsc runs with `--debug`. */
export interface RunPaths {
  caseRoot: string;
  containerId: string;
  stateDir: string;
  logDir: string;
  rootPath: string;
  debug: boolean;
}

/*
 * Every run logs these command lines, so each is built as one string by
 * appending (no argument array to join, no spread copies).
 */

/** Global flags as runsc re-serialises them for its child processes, space-separated. */
function childGlobals(cfg: SimConfig, paths: RunPaths): string {
  let out = `--root=${paths.stateDir}${paths.debug ? ' --debug=true' : ''} --debug-log=${paths.logDir}`;
  for (let i = 0; i < cfg.explicitFlags.length; i++) {
    const f = cfg.explicitFlags[i] as string;
    out += ` ${f}`;
  }
  return `${out} --network=none --ignore-cgroups=true --debug-log-fd=3`;
}

/** Number of lisafs connections (the gofer's `--io-fds`). */
export function ioFdCount(host: HostConfs): number {
  let n = 0;
  for (let i = 0; i < host.confs.length; i++) {
    const c = host.confs[i] as GoferConf;
    if (c.lower === 'lisafs') n++;
  }
  return n;
}

/** The `--gofer-mount-confs=` flag: every conf, root first. */
function mountConfsFlag(host: HostConfs): string {
  let out = '--gofer-mount-confs=';
  for (let i = 0; i < host.confs.length; i++) out += `${i === 0 ? '' : ','}${confString(host.confs[i] as GoferConf)}`;
  return out;
}

const FD_FLAGS = ['--spec-fd', '--mounts-fd', '--rpc-fd', '--pin-ring-fd', '--sync-sentry-exit-fd'];

/** The gofer's argv as logged (`runsc-gofer … gofer …`). */
export function goferArgv(cfg: SimConfig, host: HostConfs, profile: ProfileSpec, paths: RunPaths): string {
  const first = profile.goferFirstIoFd;
  let out = `[runsc-gofer ${childGlobals(cfg, paths)} gofer --bundle ${paths.caseRoot}`;
  if (profile.goferMountConfs) out += ` ${mountConfsFlag(host)}`;
  for (let i = 0; i < first - 4 && i < FD_FLAGS.length; i++) out += ` ${FD_FLAGS[i] as string}=${4 + i}`;
  const ioFds = ioFdCount(host);
  for (let i = 0; i < ioFds; i++) out += ` --io-fds=${first + i}`;
  return `${out} --sync-chroot-fd=${first + ioFds} ${paths.containerId}]`;
}

/** The sandbox's argv as logged (`runsc-sandbox … boot …`). */
export function sandboxArgv(
  cfg: SimConfig,
  host: HostConfs,
  profile: ProfileSpec,
  paths: RunPaths,
  filestores: number,
): string {
  let out = `[runsc-sandbox ${childGlobals(cfg, paths)} boot --bundle=${paths.caseRoot}`;
  if (profile.goferMountConfs) out += ` ${mountConfsFlag(host)}`;
  out += ' --apply-caps=true --setup-root --attached';
  let next = 4;
  for (let i = 0; i < host.confs.length; i++) {
    const c = host.confs[i] as GoferConf;
    if (c.lower !== 'none') out += ` --io-fds=${next++}`;
  }
  out += ' --dev-io-fd=-1';
  for (let i = 0; i < filestores; i++) out += ` --gofer-filestore-fds=${next++}`;
  out += ` --mounts-fd=${next} --start-sync-fd=${next + 1} --pin-ring-fd=${next + 2} --controller-fd=${next + 3}`;
  return `${out} --spec-fd=${next + 4} ${paths.containerId}]`;
}

/** The `runsc … run` argv as logged. */
export function runArgv(cfg: SimConfig, paths: RunPaths): string {
  const debug = paths.debug ? ' --debug' : '';
  let out = `[runsc --root=${paths.stateDir} --network=none --ignore-cgroups${debug} --debug-log=${paths.logDir}`;
  for (let i = 0; i < cfg.explicitFlags.length; i++) {
    const f = cfg.explicitFlags[i] as string;
    out += ` ${f}`;
  }
  return `${out} run --bundle ${paths.caseRoot} ${paths.containerId}]`;
}
