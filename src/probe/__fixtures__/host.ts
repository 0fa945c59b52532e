/**
 * Running the probe on the host: cases whose mount destinations are the host
 * paths of their own sources, so the shell probe (under the host's busybox)
 * and the native probe can run outside a sandbox on the same fixtures.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { type Case, ROOT_TOKEN, SEED_CONTENT, SEED_FILE } from '../../model/case.js';
import { OP_PREFIX } from '../protocol.js';

export const BUSYBOX = '/bin/busybox';
export const haveBusybox = existsSync(BUSYBOX);

const noFlags = { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null };

/** One mount of a host case: its fixture name and kind, read-only or not, and where the probe finds it. */
export interface HostMount {
  name: string;
  kind: 'dir' | 'file';
  ro?: boolean;
  dest?: string;
}

/** A case whose mount destinations are the host paths of their own sources (or `dest`). */
export function hostCase(root: string, mounts: HostMount[]): Case {
  return {
    flags: noFlags,
    spec: {
      root: { path: 'rootfs', readonly: false },
      mounts: mounts.map((m) => ({
        destination: m.dest ?? join(root, m.name),
        type: 'bind',
        source: `${ROOT_TOKEN}/${m.name}`,
        options: m.ro ? ['rbind', 'ro'] : ['rbind'],
      })),
      annotations: {},
    },
    fixtures: mounts.map((m) => ({ path: m.name, kind: m.kind })),
  };
}

/** Writes a case's fixtures with their seed content under `root`. */
export async function writeFixtures(c: Case, root: string): Promise<void> {
  for (const f of c.fixtures) {
    if (f.kind === 'dir') {
      await mkdir(join(root, f.path), { recursive: true });
      await writeFile(join(root, f.path, SEED_FILE), SEED_CONTENT);
    } else await writeFile(join(root, f.path), SEED_CONTENT);
  }
}

/** Runs a probe script under the host's busybox sh with PATH=/bin, in `cwd`. */
export async function runOnHost(
  script: string,
  cwd: string,
): Promise<{ exitCode: number | undefined; lines: string[] }> {
  await writeFile(join(cwd, 'probe.sh'), script);
  const r = await execa(BUSYBOX, ['sh', join(cwd, 'probe.sh')], {
    env: { PATH: '/bin' },
    extendEnv: false,
    reject: false,
    cwd,
  });
  return { exitCode: r.exitCode, lines: r.stdout.split('\n') };
}

/** The protocol's operation lines. */
export function opLines(lines: string[]): string[] {
  return lines.filter((l) => l.startsWith(`${OP_PREFIX} `));
}
