/**
 * Materialises a pod case: the sandbox's bundle in the case root (as for a
 * single container, marked as the pod's sandbox, its probe kept alive after
 * it ends so the subcontainers can join), and one bundle per subcontainer
 * under `pod/<name>/` with its own busybox rootfs and probe.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Case } from '../model/case.js';
import { HarnessError } from '../model/errors.js';
import { absolutizeSource, cleanPath, resolveRootToken } from '../model/resolve.js';
import { isHostPathAnnotation } from '../model/case-rules.js';
import {
  DEFAULT_BUSYBOX,
  materialize,
  placeProbe,
  PROBE_ARGS,
  ROOTFS_DIRS,
  type MaterializeOptions,
  type OciConfig,
} from './materialize.js';
import {
  CONTAINER_TYPE_KEY,
  DIRECTFS_FLAG_KEY,
  POD_DIR,
  SANDBOX_ID_KEY,
  isPod,
  sandboxView,
  sentryView,
} from './pod-cases.js';

/** The sandbox's process: the probe, then sleep, so that the sandbox outlives its subcontainers. */
export const SANDBOX_ARGS = ['/bin/busybox', 'sh', '-c', 'busybox sh /probe.sh; exec busybox sleep 1000000'] as const;

/** Bundle directory of subcontainer `name`. */
export function subcontainerBundle(caseRoot: string, name: string): string {
  return join(caseRoot, POD_DIR, name);
}

function isInside(path: string, caseRoot: string): boolean {
  const p = cleanPath(path);
  return p === caseRoot || p.startsWith(`${caseRoot}/`);
}

/**
 * Subcontainer `i`'s config.json. Its mount sources, like the sandbox's, are
 * relative to the case root; they are written absolute since its bundle is
 * elsewhere. Refuses (HarnessError) any host path outside the case root.
 */
export function subcontainerConfig(c: Case, i: number, caseRoot: string, sandboxId: string): OciConfig {
  const sub = c.pod?.containers[i];
  if (sub === undefined) throw new HarnessError(`no subcontainer ${i}`);
  const mounts = sub.mounts.map((m) =>
    m.source === undefined ? { ...m } : { ...m, source: absolutizeSource(m.source, caseRoot) },
  );
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(sub.annotations)) annotations[k] = resolveRootToken(v, caseRoot);
  annotations[CONTAINER_TYPE_KEY] = 'container';
  annotations[SANDBOX_ID_KEY] = sandboxId;
  if (sub.directfsOverride !== undefined) annotations[DIRECTFS_FLAG_KEY] = String(sub.directfsOverride);
  for (const m of mounts) {
    if (m.source !== undefined && (m.source.includes('\0') || !isInside(m.source, caseRoot)))
      throw new HarnessError(
        `subcontainer ${sub.name}: mount ${m.destination} source "${m.source}" is outside the case root`,
      );
  }
  for (const [k, v] of Object.entries(annotations)) {
    if (isHostPathAnnotation(k) && !isInside(absolutizeSource(v, caseRoot), caseRoot))
      throw new HarnessError(`subcontainer ${sub.name}: ${k} "${v}" resolves outside the case root`);
  }
  return {
    ociVersion: '1.0.2',
    process: { terminal: false, user: { uid: 0, gid: 0 }, args: [...PROBE_ARGS], env: ['PATH=/bin'], cwd: '/' },
    root: { path: 'rootfs', readonly: false },
    mounts,
    annotations,
    linux: { namespaces: ['pid', 'network', 'ipc', 'uts', 'mount'].map((type) => ({ type })) },
  };
}

/** Refuses a fixture at or under the pod directory, which the harness owns. */
function checkFixtures(c: Case): void {
  for (const f of c.fixtures) {
    const p = cleanPath(f.path);
    if (p === POD_DIR || p.startsWith(`${POD_DIR}/`))
      throw new HarnessError(`fixture path "${f.path}" collides with the harness's own "${POD_DIR}"`);
  }
}

/**
 * Writes the pod's bundles into `caseRoot` (which must exist and be empty):
 * the sandbox's as {@link materialize} does, then each subcontainer's.
 */
export async function materializePod(
  c: Case,
  caseRoot: string,
  sandboxId: string,
  options: MaterializeOptions = {},
): Promise<void> {
  if (!isPod(c)) throw new HarnessError('not a pod case');
  checkFixtures(c);
  const configs = c.pod.containers.map((_, i) => subcontainerConfig(c, i, caseRoot, sandboxId));
  await materialize(sandboxView(c), caseRoot, options);
  const sandboxConfig = join(caseRoot, 'config.json');
  const config = JSON.parse(await readFile(sandboxConfig, 'utf8')) as OciConfig;
  config.annotations[CONTAINER_TYPE_KEY] = 'sandbox';
  config.process.args = [...SANDBOX_ARGS];
  await writeFile(sandboxConfig, `${JSON.stringify(config, null, 2)}\n`);
  const busybox = options.busybox ?? DEFAULT_BUSYBOX;
  for (const [i, sub] of c.pod.containers.entries()) {
    const bundle = subcontainerBundle(caseRoot, sub.name);
    for (const d of ROOTFS_DIRS) await mkdir(join(bundle, d), { recursive: true });
    // Its probe is its sentry view's, the workload names in its own index range.
    await placeProbe(sentryView(c, i, true), join(bundle, 'rootfs'), busybox, options.nativeProbe ?? null);
    await writeFile(join(bundle, 'config.json'), `${JSON.stringify(configs[i], null, 2)}\n`);
  }
}
