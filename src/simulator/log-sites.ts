/**
 * `file.go:line` of every log message the model emits, per build, as the real
 * binaries print them (read off their logs and their sources).
 */

/** Where a log message is emitted (`file.go:line`), per build. */
export interface LogSites {
  hintInvalid: string;
  hintFound: string;
  hintDropped: string;
  optionSkipped: string;
  rootfsFound: string;
  fatal: string;
  args: string;
  seccomp: string;
  goferFilter: string;
  goferMountSrc: string;
  servingRoot: string;
  servingMount: string;
  startingGofer: string;
  startingGoferDebug: string;
  startingSandbox: string;
  selfFallback: string;
  filestoreCreated: string;
  mountingRoot: string;
  overlayRoot: string;
  mounting: string;
  overlayMount: string;
  mounted: string;
  hostFdWarning: string;
  hostFdMissing: string;
  goferOptionConflict: string;
  unknownFsType: string;
  unknownMountOption: string;
  internalTmp: string;
  explicitTmp: string;
  skipTmp: string;
  channelFailed: string;
  allChannelsFailed: string;
  sharedMaster: string;
  sharedExisting: string;
  sharedBind: string;
  chroot: string;
  exiting: string;
}

/** Sites of the post-feature build (go branch 2026-09-05). */
export const MODERN_SITES: LogSites = {
  hintInvalid: 'mount_hints.go:98',
  hintFound: 'mount_hints.go:105',
  hintDropped: 'mount_hints.go:107',
  optionSkipped: 'fs.go:142',
  rootfsFound: 'mount_hints.go:363',
  fatal: 'util.go:107',
  args: 'cli.go:278',
  seccomp: 'seccomp.go:68',
  goferFilter: 'filter.go:58',
  goferMountSrc: 'gofer_mount.go:377',
  servingRoot: 'gofer.go:410',
  servingMount: 'gofer.go:441',
  startingGofer: 'container.go:1754',
  startingGoferDebug: 'container.go:1759',
  startingSandbox: 'sandbox.go:1407',
  selfFallback: 'container.go:1126',
  filestoreCreated: 'container.go:1300',
  mountingRoot: 'vfs.go:665',
  overlayRoot: 'vfs.go:668',
  mounting: 'vfs.go:877',
  overlayMount: 'vfs.go:1021',
  mounted: 'vfs.go:1067',
  hostFdWarning: 'gofer.go:721',
  hostFdMissing: 'gofer.go:716',
  goferOptionConflict: 'gofer.go:623',
  unknownFsType: 'vfs.go:1172',
  unknownMountOption: 'vfs.go:1209',
  internalTmp: 'vfs.go:1298',
  explicitTmp: 'vfs.go:1273',
  skipTmp: 'vfs.go:1302',
  channelFailed: 'client.go:131',
  allChannelsFailed: 'client.go:149',
  sharedMaster: 'vfs.go:1345',
  sharedExisting: 'vfs.go:1336',
  sharedBind: 'vfs.go:1719',
  chroot: 'chroot.go:41',
  exiting: 'cli.go:317',
};

/** Sites of the pre-feature build (go branch 2026-05-08). */
export const PREFEATURE_SITES: LogSites = {
  ...MODERN_SITES,
  rootfsFound: 'mount_hints.go:325',
  hostFdWarning: 'gofer.go:672',
  hostFdMissing: 'gofer.go:667',
  goferOptionConflict: 'gofer.go:574',
  args: 'cli.go:274',
  seccomp: 'seccomp.go:67',
  goferMountSrc: 'gofer_mount.go:224',
  servingRoot: 'gofer.go:331',
  servingMount: 'gofer.go:360',
  startingGoferDebug: 'container.go:1621',
  startingSandbox: 'sandbox.go:1327',
  selfFallback: 'container.go:1058',
  filestoreCreated: 'container.go:1207',
  mountingRoot: 'vfs.go:561',
  overlayRoot: 'vfs.go:564',
  mounting: 'vfs.go:772',
  overlayMount: 'vfs.go:897',
  mounted: 'vfs.go:943',
  unknownFsType: 'vfs.go:1045',
  unknownMountOption: 'vfs.go:1082',
  internalTmp: 'vfs.go:1171',
  explicitTmp: 'vfs.go:1146',
  skipTmp: 'vfs.go:1175',
  channelFailed: 'client.go:136',
  allChannelsFailed: 'client.go:154',
  sharedMaster: 'vfs.go:1218',
  sharedExisting: 'vfs.go:1209',
  sharedBind: 'vfs.go:1401',
  chroot: 'chroot.go:38',
  exiting: 'cli.go:310',
};

/** Sites of Debian 0.0~20221219.0. */
export const LEGACY_SITES: LogSites = {
  ...MODERN_SITES,
  hintFound: 'mount_hints.go:109',
  fatal: 'util.go:64',
  args: 'main.go:217',
  seccomp: 'seccomp.go:60',
  goferMountSrc: 'gofer.go:457',
  servingRoot: 'gofer.go:268',
  servingMount: 'gofer.go:289',
  startingSandbox: 'sandbox.go:893',
  mountingRoot: 'vfs.go:414',
  mounting: 'vfs.go:561',
  mounted: 'vfs.go:673',
  unknownMountOption: 'vfs.go:761',
  internalTmp: 'vfs.go:814',
  chroot: 'chroot.go:31',
  exiting: 'main.go:266',
};
