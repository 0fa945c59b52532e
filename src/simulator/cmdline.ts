/**
 * The command lines runsc logs for its processes (run, gofer, sandbox):
 * global flags re-serialised for the children, `--gofer-mount-confs=`,
 * and the FD flags. FD numbers follow the real builds for the common cases.
 */
import { confString, type HostConfs } from './mounts.js';
import type { ProfileSpec } from './profiles.js';
import type { SimConfig } from './config.js';

/** Paths the command lines mention. */
export interface RunPaths {
  caseRoot: string;
  containerId: string;
  stateDir: string;
  logDir: string;
  rootPath: string;
}

/** Global flags as runsc re-serialises them for its child processes. */
export function childGlobals(cfg: SimConfig, paths: RunPaths): string[] {
  return [
    `--root=${paths.stateDir}`,
    '--debug=true',
    `--debug-log=${paths.logDir}`,
    ...cfg.explicitFlags,
    '--network=none',
    '--ignore-cgroups=true',
    '--debug-log-fd=3',
  ];
}

/** Number of lisafs connections (the gofer's `--io-fds`). */
export function ioFdCount(host: HostConfs): number {
  return host.confs.filter((c) => c.lower === 'lisafs').length;
}

const FD_FLAGS = ['--spec-fd', '--mounts-fd', '--rpc-fd', '--pin-ring-fd', '--sync-sentry-exit-fd'];

/** The gofer's argv as logged (`runsc-gofer … gofer …`). */
export function goferArgv(cfg: SimConfig, host: HostConfs, profile: ProfileSpec, paths: RunPaths): string {
  const first = profile.goferFirstIoFd;
  const args = childGlobals(cfg, paths);
  args.push('gofer', '--bundle', paths.caseRoot);
  if (profile.goferMountConfs) args.push(`--gofer-mount-confs=${host.confs.map(confString).join(',')}`);
  for (let i = 0; i < first - 4 && i < FD_FLAGS.length; i++) args.push(`${FD_FLAGS[i] as string}=${4 + i}`);
  const ioFds = ioFdCount(host);
  for (let i = 0; i < ioFds; i++) args.push(`--io-fds=${first + i}`);
  args.push(`--sync-chroot-fd=${first + ioFds}`, paths.containerId);
  return `[runsc-gofer ${args.join(' ')}]`;
}

/** The sandbox's argv as logged (`runsc-sandbox … boot …`). */
export function sandboxArgv(
  cfg: SimConfig,
  host: HostConfs,
  profile: ProfileSpec,
  paths: RunPaths,
  filestores: number,
): string {
  const io = host.confs.filter((c) => c.lower !== 'none').map((_, i) => `--io-fds=${4 + i}`);
  let next = 4 + io.length;
  const stores = Array.from({ length: filestores }, () => `--gofer-filestore-fds=${next++}`);
  const confs = profile.goferMountConfs ? [`--gofer-mount-confs=${host.confs.map(confString).join(',')}`] : [];
  const tail = [
    `--mounts-fd=${next}`,
    `--start-sync-fd=${next + 1}`,
    `--pin-ring-fd=${next + 2}`,
    `--controller-fd=${next + 3}`,
    `--spec-fd=${next + 4}`,
  ];
  const args = [
    ...childGlobals(cfg, paths),
    'boot',
    `--bundle=${paths.caseRoot}`,
    ...confs,
    '--apply-caps=true',
    '--setup-root',
    '--attached',
    ...io,
    '--dev-io-fd=-1',
    ...stores,
    ...tail,
    paths.containerId,
  ];
  return `[runsc-sandbox ${args.join(' ')}]`;
}

/** The `runsc … run` argv as logged. */
export function runArgv(cfg: SimConfig, paths: RunPaths): string {
  return `[runsc --root=${paths.stateDir} --network=none --ignore-cgroups --debug --debug-log=${paths.logDir} ${[...cfg.explicitFlags, 'run', '--bundle', paths.caseRoot, paths.containerId].join(' ')}]`;
}
