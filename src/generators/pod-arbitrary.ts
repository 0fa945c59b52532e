/**
 * Pod cases: a sandbox spec (no mounts, like a pause container) carrying
 * mount hints, and 1–3 subcontainers binding the pod's volumes. Varies where
 * each volume's hint lives (sandbox spec only, subcontainer spec only, both
 * identical, both with different `directfs`, or as the containerd shim writes
 * it: full on the sandbox, without `source` on the subcontainer), its type,
 * share and `directfs` value, the global --directfs and --overlay2, and a
 * per-subcontainer `dev.gvisor.flag.directfs` override.
 *
 * A volume whose hint makes it a self-overlaid bind (share container or pod)
 * is bound by one subcontainer only: runsc refuses a second filestore for one
 * source in a sandbox (pods/MEASURED.md), which is not what these cases test.
 */
import fc from 'fast-check';
import { ROOT_TOKEN, type Case, type OciMount, type RunscFlags, type SubcontainerSpec } from '../model/case.js';
import { MOUNT_HINT_PREFIX } from '../model/hint-keys.js';

/** Where a volume's hint is written. */
export const HINT_PLACEMENTS = ['sandbox', 'subcontainer', 'both', 'both-different', 'shim'] as const;
export type HintPlacement = (typeof HINT_PLACEMENTS)[number];

/** One volume's hint as drawn; `directfs` null means the key is absent. */
interface HintDraw {
  type: 'bind' | 'tmpfs';
  share: 'container' | 'pod' | 'shared';
  directfs: string | null;
  placement: HintPlacement;
}

interface VolumeDraw {
  hint: HintDraw | null;
  /** Which subcontainers bind it (indexes; the first when only one may). */
  users: number[];
  readonly: boolean;
}

const SUB_NAMES = ['a', 'b', 'c'] as const;

function weighted<T>(...pairs: [T, number][]): fc.Arbitrary<T> {
  return fc.oneof(...pairs.map(([v, weight]) => ({ arbitrary: fc.constant(v), weight })));
}

const hintArb: fc.Arbitrary<HintDraw> = fc.record({
  type: weighted<'bind' | 'tmpfs'>(['bind', 3], ['tmpfs', 1]),
  share: weighted<'container' | 'pod' | 'shared'>(['shared', 3], ['container', 1], ['pod', 1]),
  directfs: weighted<string | null>(['off', 5], ['default', 1], ['OFF', 1], [null, 1]),
  placement: weighted<HintPlacement>(
    ['sandbox', 3],
    ['subcontainer', 1],
    ['both', 2],
    ['both-different', 2],
    ['shim', 2],
  ),
});

const flagsArb: fc.Arbitrary<RunscFlags> = fc.record({
  directfs: weighted<boolean | null>([null, 4], [true, 1], [false, 1]),
  overlay2: weighted<RunscFlags['overlay2']>([null, 3], ['none', 2], ['root:memory', 1], ['all:memory', 1]),
  fileAccess: fc.constant(null),
  fileAccessMounts: fc.constant(null),
});

/** True when the hint makes its volume a self-overlaid bind, which only one container of a sandbox may mount. */
function isSelfOverlaid(h: HintDraw | null): boolean {
  return h !== null && h.type === 'bind' && h.share !== 'shared';
}

function hintAnnotations(name: string, h: HintDraw, withSource: boolean, directfs: string | null): [string, string][] {
  const k = (field: string) => `${MOUNT_HINT_PREFIX}${name}.${field}`;
  const out: [string, string][] = [];
  if (withSource) out.push([k('source'), `${ROOT_TOKEN}/${name}`]);
  out.push([k('type'), h.type], [k('share'), h.share]);
  if (directfs !== null) out.push([k('directfs'), directfs]);
  return out;
}

/** The other side of a `both-different` hint: `off` against anything else. */
function differentValue(v: string | null): string | null {
  return v === 'off' ? 'default' : 'off';
}

function volumeArb(subs: number): fc.Arbitrary<VolumeDraw> {
  return fc
    .record({
      hint: fc.option(hintArb, { freq: 4 }),
      users: fc.subarray(
        Array.from({ length: subs }, (_, i) => i),
        { minLength: 1 },
      ),
      readonly: weighted([false, 5], [true, 1]),
    })
    .map((v) => (isSelfOverlaid(v.hint) ? { ...v, users: v.users.slice(0, 1) } : v));
}

/** Builds the case from the drawn parts. */
function buildPod(flags: RunscFlags, volumes: VolumeDraw[], overrides: (boolean | null)[]): Case {
  const sandbox: [string, string][] = [];
  const subs: SubcontainerSpec[] = overrides.map((o, i) => ({
    name: SUB_NAMES[i] as string,
    mounts: [] as OciMount[],
    annotations: {},
    ...(o === null ? {} : { directfsOverride: o }),
  }));
  volumes.forEach((v, j) => {
    const name = `vol${j}`;
    const h = v.hint;
    let own: [string, string][] = [];
    if (h !== null) {
      const onSandbox = h.placement !== 'subcontainer';
      if (onSandbox) sandbox.push(...hintAnnotations(name, h, true, h.directfs));
      if (h.placement === 'subcontainer' || h.placement === 'both') own = hintAnnotations(name, h, true, h.directfs);
      if (h.placement === 'both-different') own = hintAnnotations(name, h, true, differentValue(h.directfs));
      if (h.placement === 'shim') own = hintAnnotations(name, h, false, h.directfs);
    }
    for (const i of v.users) {
      const sub = subs[i] as SubcontainerSpec;
      const options = v.readonly ? ['rbind', 'ro'] : ['rbind', 'rw'];
      sub.mounts.push({ destination: `/v${j}`, type: 'bind', source: `${ROOT_TOKEN}/${name}`, options });
      for (const [k, val] of own) sub.annotations[k] = val;
    }
  });
  return {
    flags,
    spec: { root: { path: 'rootfs', readonly: false }, mounts: [], annotations: Object.fromEntries(sandbox) },
    fixtures: volumes.map((_, j) => ({ path: `vol${j}`, kind: 'dir' as const })),
    pod: { containers: subs },
  };
}

/** Arbitrary pod cases (see the file comment). */
export function podArbitrary(): fc.Arbitrary<Case> {
  return fc
    .integer({ min: 1, max: SUB_NAMES.length })
    .chain((n) =>
      fc
        .tuple(
          flagsArb,
          fc.array(volumeArb(n), { minLength: 1, maxLength: 3 }),
          fc.array(weighted<boolean | null>([null, 6], [false, 1], [true, 1]), { minLength: n, maxLength: n }),
        )
        .map(([flags, volumes, overrides]) => buildPod(flags, volumes, overrides)),
    );
}
