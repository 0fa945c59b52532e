/**
 * The probe cases of capability detection: each is one ordinary Case, so a
 * simulator and a real build answer them along the same code path. A bind
 * hint is complete (source, `type: bind`, `share: shared`) because the 2022
 * build rejects incomplete hints for their own sake (reference §5), and
 * `shared` keeps the mount off any overlay so its options stay visible
 * (reference §2.3).
 */
import { ROOT_TOKEN, type Case, type RunscFlags } from '../model/case.js';
import { MOUNT_HINT_PREFIX, ROOTFS_HINT_PREFIX } from '../model/hint-keys.js';
import { CLAIM_ANNOTATION } from '../model/vendor-claim.js';

/** Where the probes mount their one bind source. */
export const PROBE_MOUNT = '/data';
const SOURCE = `${ROOT_TOKEN}/vol`;

function probeCase(flags: Partial<RunscFlags>, annotations: Record<string, string>): Case {
  return {
    flags: { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null, ...flags },
    spec: {
      root: { path: 'rootfs', readonly: false },
      mounts: [{ destination: PROBE_MOUNT, type: 'bind', source: SOURCE, options: ['rbind'] }],
      annotations,
    },
    fixtures: [{ path: 'vol', kind: 'dir' }],
  };
}

const MOUNT_HINT = {
  [`${MOUNT_HINT_PREFIX}vol.source`]: SOURCE,
  [`${MOUNT_HINT_PREFIX}vol.type`]: 'bind',
  [`${MOUNT_HINT_PREFIX}vol.share`]: 'shared',
};

/** The probes, by name: what each one asks the build. */
export const PROBES = {
  /** No flags, no annotations: the overlay default and whether the submount carries directfs. */
  baseline: probeCase({}, {}),
  /** The same with a complete hint carrying `directfs: off`. */
  'mount-opt-out': probeCase({}, { ...MOUNT_HINT, [`${MOUNT_HINT_PREFIX}vol.directfs`]: 'off' }),
  /** A visible root (`--overlay2=none`) without annotations. */
  'root-baseline': probeCase({ overlay2: 'none' }, {}),
  /** The same with a complete rootfs hint carrying `directfs: off`. */
  'rootfs-opt-out': probeCase(
    { overlay2: 'none' },
    {
      [`${ROOTFS_HINT_PREFIX}source`]: `${ROOT_TOKEN}/rootfs`,
      [`${ROOTFS_HINT_PREFIX}type`]: 'bind',
      [`${ROOTFS_HINT_PREFIX}directfs`]: 'off',
    },
  ),
  /** `--directfs=true` spelled out: a build without the flag fails to parse it. */
  'directfs-flag': probeCase({ directfs: true }, {}),
  /** The mount claimed by a vendor gofer (the vendor-gofer/ annotation), without the opt-out. */
  'vendor-claim': probeCase({}, { [CLAIM_ANNOTATION]: SOURCE }),
  /** The claimed mount opted out. */
  'vendor-claim-opt-out': probeCase(
    {},
    { [CLAIM_ANNOTATION]: SOURCE, ...MOUNT_HINT, [`${MOUNT_HINT_PREFIX}vol.directfs`]: 'off' },
  ),
} as const satisfies Record<string, Case>;

/** A probe name. */
export type ProbeName = keyof typeof PROBES;

/** Probe names in the order they run. */
export const PROBE_NAMES = Object.keys(PROBES) as ProbeName[];
