/**
 * Simulator profiles: one entry per runsc build family the simulator models.
 * Every behavioural difference between builds lives in this table, so the
 * model code reads `profile.x` instead of switching on a profile name.
 * Numbers and log sites were read off the real binaries (see README.md).
 */
import { LEGACY_SITES, MODERN_SITES, PREFEATURE_SITES, type LogSites } from './log-sites.js';
import { LEGACY_USAGE, MODERN_USAGE, PREFEATURE_USAGE } from './usage.js';

export type { LogSites } from './log-sites.js';

/** Everything that differs between modelled builds. */
export interface ProfileSpec {
  /** One line for `targets` and TargetInfo.version. */
  readonly description: string;
  /** Whether `--directfs` is a known flag (reference §1, §5). */
  readonly directfsFlag: boolean;
  /** `--overlay2` default (reference §1, §5). */
  readonly defaultOverlay2: 'root:self' | 'none';
  /** Whether the `self` overlay medium works (20221219: "failed to stat overlay filestore directory"). */
  readonly selfMedium: boolean;
  /** `--overlay2` parse error for a bad format mentions `[,size={size}]`. */
  readonly overlay2SizeSyntax: boolean;
  /** How the `directfs` key of a mount hint is treated (reference §5). */
  readonly hintDirectfs: 'honoured' | 'unknown-key';
  /** Per-key errors and incomplete hints: warnings (≥ 20230417) or fatal (20221219). */
  readonly hintErrors: 'warn' | 'fatal';
  /** Which process reports a fatal pod-hint error first (reference §3.3, §5). */
  readonly hintFatalStage: 'host' | 'sentry';
  /** Whether the `Mount annotation found` line ends with `suppress_directfs`. */
  readonly hintLogSuppressField: boolean;
  /** Whether the gofer re-parses hints from its own bundle (reference §2.1, post-feature only). */
  readonly goferParsesHints: boolean;
  /** Rootfs hint support (reference §3.2, §5). */
  readonly rootfsHint: 'honoured' | 'no-directfs-key' | 'absent';
  /** Whether container/pod bind hints get a self overlay and tmpfs hints of both shares are shared (reference §2.3). */
  readonly sandboxLocalHints: boolean;
  /**
   * Whether mounting a shared tmpfs on a mount point whose top mount is that same shared tmpfs fails with EBUSY (the
   * same-root check Linux has; the modern build has it, the pre-feature and 2022 builds start).
   */
  readonly sharedMountBusy: boolean;
  /** Whether the stock gofer donates host FDs, so opted-out mounts log the W line (reference §2.4). */
  readonly hostFdWarning: boolean;
  /**
   * Which LisaFS connections a gofer extension serves without a host FD once the vendor claim annotation is present
   * (vendor.ts): none (stock), those its glob matches, or (a planted fault) every submount besides.
   */
  readonly vendorClaims: 'none' | 'glob' | 'glob-and-unmatched';
  /** Seccomp rule counts: sentry by --directfs, gofer by whether the LisaFS rules are merged (reference §4). */
  readonly seccomp: {
    readonly sentryDirectfs: number;
    readonly sentryNoDirectfs: number;
    readonly goferBase: number;
    readonly goferLisafs: number;
    readonly action: string;
  };
  /** Mountinfo shape (reference §7). */
  readonly mountinfo: {
    /** Last mount ID and anonymous device minor used before the container's root is mounted. */
    readonly lastId: number;
    readonly lastMinor: number;
    /** Whether the root sits on a hidden `rootfs` dummy mount (4455d3305). */
    readonly dummyRoot: boolean;
    /** Text between the per-mount options and `- ` (two spaces in 20221219). */
    readonly separator: string;
    /** Whether 9p lines carry `dcache=`, `disable_fifo_open` and `directfs`. */
    readonly modern9p: boolean;
    /** How `/dev` appears: its own `dev` filesystem, or the kernel's devtmpfs (`tmpfs`, minor 6). */
    readonly dev: 'dev' | 'devtmpfs';
    /** tmpfs `size=` rendering: rounded KiB (modern) or verbatim. */
    readonly tmpfsSize: 'kib' | 'verbatim';
    /**
     * File-rooted overlays show the upper layer's minor and take a private minor on lookup (modern); 20221219 shows
     * the overlay's.
     */
    readonly overlayDevQuirks: boolean;
    /**
     * Per-mount flag order: `nosuid,noexec,noatime` (modern) or `noexec,nosuid` with `noatime` replacing rw/ro (older
     * builds).
     */
    readonly flagStyle: 'modern' | 'old';
  };
  /** Whether `nosuid` is a known per-mount option (20221219 ignores it with a warning). */
  readonly knowsNosuid: boolean;
  /** Whether the sentry mounts a shared master for every tmpfs hint before the root (20221219). */
  readonly sharedMastersAtBoot: boolean;
  /**
   * How a spec validation error surfaces (stderr prefix, run log or not), and whether gofer mounts reject unknown
   * options (20221219).
   */
  readonly specError: { readonly prefix: string; readonly logged: boolean; readonly unknownOptions: boolean };
  /** Whether the gofer's logged bind flags toggle (XOR) for clearing options like `rw` (20221219). */
  readonly goferFlagsXor: boolean;
  /**
   * Whether tmpfs data options are also parsed as mount flags (20221219 warns `ignoring unknown mount option
   * "size=1m"`).
   */
  readonly tmpfsDataAlsoFlags: boolean;
  /** How the host names an existing self filestore in its errors and debug lines. */
  readonly filestoreStyle: 'name' | 'proc-path';
  /** Whether the host passes `--gofer-mount-confs=` to the gofer and the sandbox. */
  readonly goferMountConfs: boolean;
  /** First FD number of the gofer's `--io-fds` (its `Serving … on FD N` lines). */
  readonly goferFirstIoFd: number;
  /** Name the root gofer filesystem is logged with (`Mounting root with 9p`). */
  readonly rootFsLogName: string;
  /** Go module version of the build (paths in panic traces). */
  readonly goModule: string;
  /** Text printed after a flag parse error. */
  readonly usage: string;
  /** The error for shared root file access with a root overlay (reference §1; the 2022 build has no "for rootfs"). */
  readonly sharedRootOverlayError: string;
  readonly sites: LogSites;
}

/** The post-feature build; the pre-feature profile differs from it only where listed. */
const MODERN = {
  description: 'simulated runsc release-20260520.0+ (go branch 2026-09-05): per-mount directfs opt-out',
  directfsFlag: true,
  defaultOverlay2: 'root:self',
  selfMedium: true,
  overlay2SizeSyntax: true,
  hintDirectfs: 'honoured',
  hintErrors: 'warn',
  hintFatalStage: 'host',
  hintLogSuppressField: true,
  goferParsesHints: true,
  rootfsHint: 'honoured',
  sandboxLocalHints: true,
  sharedMountBusy: true,
  hostFdWarning: true,
  vendorClaims: 'none',
  seccomp: { sentryDirectfs: 98, sentryNoDirectfs: 82, goferBase: 56, goferLisafs: 72, action: '[default]' },
  mountinfo: {
    lastId: 14,
    lastMinor: 16,
    dummyRoot: true,
    separator: '',
    modern9p: true,
    dev: 'dev',
    tmpfsSize: 'kib',
    overlayDevQuirks: true,
    flagStyle: 'modern',
  },
  filestoreStyle: 'name',
  tmpfsDataAlsoFlags: false,
  specError: { prefix: 'FetchSpec failed: ', logged: false, unknownOptions: false },
  goferFlagsXor: false,
  knowsNosuid: true,
  sharedMastersAtBoot: false,
  goferMountConfs: true,
  goferFirstIoFd: 9,
  rootFsLogName: '9p',
  goModule: 'v0.0.0-20260905035102-160fafc42237',
  usage: MODERN_USAGE,
  sharedRootOverlayError: 'overlay flag is incompatible with shared file access for rootfs',
  sites: MODERN_SITES,
} as const satisfies ProfileSpec;

/** The modelled builds. */
export const PROFILES = {
  modern: MODERN,
  prefeature: {
    ...MODERN,
    description:
      'simulated runsc before the directfs opt-out (go branch 2026-05-08): directfs key is an unknown hint key',
    hintDirectfs: 'unknown-key',
    hintLogSuppressField: false,
    goferParsesHints: false,
    rootfsHint: 'no-directfs-key',
    sharedMountBusy: false,
    seccomp: { sentryDirectfs: 94, sentryNoDirectfs: 80, goferBase: 52, goferLisafs: 65, action: '[default]' },
    mountinfo: { ...MODERN.mountinfo, lastMinor: 15, tmpfsSize: 'verbatim', flagStyle: 'old' },
    filestoreStyle: 'proc-path',
    goferFirstIoFd: 7,
    goModule: 'v0.0.0-20260508212337-96dad6a2da94',
    usage: PREFEATURE_USAGE,
    sites: PREFEATURE_SITES,
  },
  legacy: {
    description: 'simulated Debian runsc 0.0~20221219.0: no --directfs flag, strict mount hints, no rootfs hint',
    directfsFlag: false,
    defaultOverlay2: 'none',
    selfMedium: false,
    overlay2SizeSyntax: false,
    hintDirectfs: 'unknown-key',
    hintErrors: 'fatal',
    hintFatalStage: 'sentry',
    hintLogSuppressField: false,
    goferParsesHints: false,
    rootfsHint: 'absent',
    sandboxLocalHints: false,
    sharedMountBusy: false,
    hostFdWarning: false,
    vendorClaims: 'none',
    seccomp: { sentryDirectfs: 69, sentryNoDirectfs: 69, goferBase: 59, goferLisafs: 59, action: 'kill process' },
    mountinfo: {
      lastId: 7,
      lastMinor: 7,
      dummyRoot: false,
      separator: ' ',
      modern9p: false,
      dev: 'devtmpfs',
      tmpfsSize: 'verbatim',
      overlayDevQuirks: false,
      flagStyle: 'old',
    },
    filestoreStyle: 'proc-path',
    tmpfsDataAlsoFlags: true,
    specError: { prefix: '', logged: true, unknownOptions: true },
    goferFlagsXor: true,
    knowsNosuid: false,
    sharedMastersAtBoot: true,
    goferMountConfs: false,
    goferFirstIoFd: 6,
    rootFsLogName: 'gofer',
    goModule: 'v0.0.0-20221219000000-debian',
    usage: LEGACY_USAGE,
    sharedRootOverlayError: 'overlay flag is incompatible with shared file access',
    sites: LEGACY_SITES,
  },
  vendor: {
    ...MODERN,
    description: 'simulated vendor-gofer build (go branch 2026-09-05): claimed mounts are served without a host FD',
    vendorClaims: 'glob',
  },
  vendorbug: {
    ...MODERN,
    description:
      'simulated vendor-gofer build with a planted fault: its extension also claims the mounts the glob does not match',
    vendorClaims: 'glob-and-unmatched',
  },
} as const satisfies Record<string, ProfileSpec>;

/** A simulator profile name. */
export type ProfileName = keyof typeof PROFILES;

/** All profile names, default first. */
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/** True when `name` is a known profile. */
export function isProfileName(name: string): name is ProfileName {
  return Object.prototype.hasOwnProperty.call(PROFILES, name);
}
