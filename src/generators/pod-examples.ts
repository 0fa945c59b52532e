/**
 * Hand-written pod examples: a sandbox spec carrying the pod's hints and one
 * subcontainer binding the volumes. Neither meets a known upstream bug: the
 * opt-out is repeated on the subcontainer's spec, as runsc's own
 * multi-container tests write it.
 */
import type { Case } from '../model/case.js';
import type { Example } from './_internals/example-kit.js';

const M = 'dev.gvisor.spec.mount.';

function hint(name: string, directfs: string | null): Record<string, string> {
  return {
    [`${M}${name}.source`]: `$ROOT/${name}`,
    [`${M}${name}.type`]: 'bind',
    [`${M}${name}.share`]: 'shared',
    ...(directfs === null ? {} : { [`${M}${name}.directfs`]: directfs }),
  };
}

/** vol0 opted out and vol1 kept by the pod; the subcontainer repeats the pod's hints and binds both. */
function podCase(own: Record<string, string>): Case {
  return {
    flags: { directfs: null, overlay2: 'none', fileAccess: null, fileAccessMounts: null },
    spec: {
      root: { path: 'rootfs', readonly: false },
      mounts: [],
      annotations: { ...hint('vol0', 'off'), ...hint('vol1', null) },
    },
    fixtures: [
      { path: 'vol0', kind: 'dir' },
      { path: 'vol1', kind: 'dir' },
    ],
    pod: {
      containers: [
        {
          name: 'a',
          mounts: ['vol0', 'vol1'].map((v, i) => ({
            destination: `/v${i}`,
            type: 'bind',
            source: `$ROOT/${v}`,
            options: ['rbind', 'rw'],
          })),
          annotations: own,
        },
      ],
    },
  };
}

/** The pod rows of the example table. */
export const POD_EXAMPLES: readonly Example[] = [
  {
    name: 'pod-opt-out-in-both-specs',
    requirement: 'DFS-POD-HINTS',
    case: podCase({ ...hint('vol0', 'off'), ...hint('vol1', null) }),
  },
  { name: 'pod-subcontainer-repeats-opt-out', requirement: 'DFS-POD-START', case: podCase(hint('vol0', 'off')) },
];
