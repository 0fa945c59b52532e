/**
 * Pure views of a pod case. Each container of a pod is seen as a
 * single-container case so that the probe, the host checks, the simulator
 * and the contract can be reused: the sandbox is the case itself; a
 * subcontainer's view has its own mounts, and either the pod's mount hints
 * (what the sentry applies to it) or its own annotations (what its gofer
 * reads). Workload names are kept apart between containers by giving each
 * container's mounts their own index range.
 */
import type { Case, OciMount, SubcontainerSpec } from '../model/case.js';
import { CASE_LIMITS } from '../model/case-rules.js';
import { caseMemo } from '../model/case-memo.js';
import { MOUNT_HINT_PREFIX } from '../model/hint-keys.js';

/** Annotation telling runsc (and the containerd shim) which container of a pod a spec is. */
export const CONTAINER_TYPE_KEY = 'io.kubernetes.cri.container-type';
/** Annotation naming the sandbox a subcontainer joins. */
export const SANDBOX_ID_KEY = 'io.kubernetes.cri.sandbox-id';
/** Annotation overriding --directfs for one container's spec (needs --allow-flag-override). */
export const DIRECTFS_FLAG_KEY = 'dev.gvisor.flag.directfs';
/** Directory of the case root holding the subcontainers' bundles and the pod's run files. */
export const POD_DIR = 'pod';

/** Workload indexes of container `k` (0 = sandbox) start here, so no two containers share workload names. */
export function indexOffset(k: number): number {
  return k * CASE_LIMITS.mounts;
}

/** The container ID of subcontainer `name` in the sandbox `sandboxId`. */
export function subcontainerId(sandboxId: string, name: string): string {
  return `${sandboxId}-${name}`;
}

/** True for a case that is a pod. */
export function isPod(c: Case): c is Case & { pod: NonNullable<Case['pod']> } {
  return c.pod !== undefined && c.pod.containers.length > 0;
}

/** The pod's mount hints: the `dev.gvisor.spec.mount.*` annotations of the sandbox spec, in order. */
export function podMountHints(c: Case): Record<string, string> {
  return Object.fromEntries(Object.entries(c.spec.annotations).filter(([k]) => k.startsWith(MOUNT_HINT_PREFIX)));
}

/** A subcontainer's own annotations other than mount hints (its rootfs hint, anything else), in order. */
function ownNonMountAnnotations(sub: SubcontainerSpec): Record<string, string> {
  return Object.fromEntries(Object.entries(sub.annotations).filter(([k]) => !k.startsWith(MOUNT_HINT_PREFIX)));
}

/** The --directfs value that governs subcontainer `sub`: its flag override, else the pod's flag. */
export function effectiveDirectfs(c: Case, sub: SubcontainerSpec): boolean | null {
  return sub.directfsOverride ?? c.flags.directfs;
}

/** Placeholder mounts the workload planner skips; they only shift a view's mount indexes. */
function padding(n: number): OciMount[] {
  return Array.from({ length: n }, () => ({ destination: '/proc', type: 'proc', source: 'proc' }));
}

function viewOf(c: Case, sub: SubcontainerSpec, annotations: Record<string, string>, offset: number): Case {
  return {
    flags: { ...c.flags, directfs: effectiveDirectfs(c, sub) },
    spec: {
      root: { path: c.spec.root.path, readonly: false },
      mounts: [...padding(offset), ...sub.mounts],
      annotations,
    },
    fixtures: c.fixtures,
  };
}

/**
 * The view of a pod case named by a key, made once per case object, so the
 * contract, plan and JSON memos of the view hit too (the simulator and the pod
 * oracles ask for each).
 */
const memoView = caseMemo<string, Case>();

/**
 * Subcontainer `i` as the sentry sees it: its mounts, the pod's mount hints,
 * its own rootfs hint. With `padded`, mount indexes start at its index range
 * (for the probe and the host checks). Memoised per case object.
 */
export function sentryView(c: Case, i: number, padded = false): Case {
  const sub = c.pod?.containers[i];
  if (sub === undefined) throw new RangeError(`no subcontainer ${i}`);
  return memoView(c, `sentry ${i} ${padded}`, () => {
    const annotations = { ...podMountHints(c), ...ownNonMountAnnotations(sub) };
    return viewOf(c, sub, annotations, padded ? indexOffset(i + 1) : 0);
  });
}

/** Subcontainer `i` as its own gofer sees it: its mounts and only its own annotations. Memoised per case object. */
export function goferView(c: Case, i: number): Case {
  const sub = c.pod?.containers[i];
  if (sub === undefined) throw new RangeError(`no subcontainer ${i}`);
  return memoView(c, `gofer ${i}`, () => viewOf(c, sub, { ...sub.annotations }, 0));
}

/** The sandbox container alone: the case without its subcontainers. Memoised per case object. */
export function sandboxView(c: Case): Case {
  return memoView(c, 'sandbox', () => {
    const { pod: _pod, ...rest } = c;
    return rest;
  });
}
