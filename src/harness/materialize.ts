/**
 * Materialises a Case as an OCI bundle under its own case root: busybox
 * rootfs with the probe, every fixture with its seed content, and config.json
 * with ROOT_TOKEN resolved. Runsc flags are not part of the bundle.
 */
import { chmod, copyFile, mkdir, open, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Case, type OciMount, SEED_CONTENT, SEED_FILE } from '../model/case.js';
import { HarnessError } from '../model/errors.js';
import { absolutizeSource, cleanPath, resolveAnnotations, resolveMount, resolveRootToken } from '../model/resolve.js';
import { CASE_ROOTFS, isHostPathAnnotation } from '../model/case-rules.js';
import { probeScript } from '../probe/script.js';
import { NATIVE_PROBE_PATH, nativeProbeScript } from '../probe/native.js';

/** Where the static busybox for the rootfs comes from (Debian busybox-static). */
export const DEFAULT_BUSYBOX = '/bin/busybox';

/** The container process: the probe under busybox sh. */
export const PROBE_ARGS = ['/bin/busybox', 'sh', '/probe.sh'] as const;

/** Directories every rootfs has, relative to the bundle. */
export const ROOTFS_DIRS = ['rootfs/bin', 'rootfs/proc', 'rootfs/sys', 'rootfs/dev', 'rootfs/tmp'] as const;

/** The config.json the harness writes (the subset of the OCI runtime spec it uses). */
export interface OciConfig {
  ociVersion: string;
  process: { terminal: false; user: { uid: number; gid: number }; args: string[]; env: string[]; cwd: string };
  root: { path: string; readonly: boolean };
  mounts: OciMount[];
  annotations: Record<string, string>;
  linux: { namespaces: { type: string }[] };
}

/** Options of {@link materialize}. */
export interface MaterializeOptions {
  /** Static busybox to put in the rootfs; defaults to {@link DEFAULT_BUSYBOX}. */
  busybox?: string;
  /** The native probe binary (src/probe/native.ts); without it the rootfs gets the shell probe. */
  nativeProbe?: string | null;
}

/** The bundle's config.json for a case rooted at `caseRoot` (pure). */
export function buildConfigJson(c: Case, caseRoot: string): OciConfig {
  return {
    ociVersion: '1.0.2',
    process: { terminal: false, user: { uid: 0, gid: 0 }, args: [...PROBE_ARGS], env: ['PATH=/bin'], cwd: '/' },
    root: { path: resolveRootToken(c.spec.root.path, caseRoot), readonly: c.spec.root.readonly },
    mounts: c.spec.mounts.map((m) => resolveMount(m, caseRoot)),
    annotations: resolveAnnotations(c, caseRoot),
    linux: { namespaces: ['pid', 'network', 'ipc', 'uts', 'mount'].map((type) => ({ type })) },
  };
}

/** Case-root paths the harness owns; a fixture at or under one of them is refused. */
export const RESERVED_PATHS = ['config.json', 'rootfs/bin', 'rootfs/probe.sh', 'logs', 'state'] as const;

/** A fixture path cleaned and checked to stay strictly inside the case root, off the reserved paths. */
export function fixtureRelPath(path: string): string {
  const clean = cleanPath(path);
  if (path.startsWith('/') || clean === '.' || clean === '..' || clean.startsWith('../')) {
    throw new HarnessError(`fixture path "${path}" does not stay inside the case root`);
  }
  const reserved = RESERVED_PATHS.find((r) => clean === r || clean.startsWith(`${r}/`));
  if (reserved !== undefined)
    throw new HarnessError(`fixture path "${path}" collides with the harness's own "${reserved}"`);
  return clean;
}

/** True when absolute `path`, cleaned, is `caseRoot` or below it. */
function isInside(path: string, caseRoot: string): boolean {
  const root = cleanPath(caseRoot);
  const p = cleanPath(path);
  return p === root || p.startsWith(`${root}/`);
}

/**
 * Second line of defence behind the case-file schema: every host path the
 * bundle's config.json names (mount sources, hint sources) resolves inside the
 * case root, and the root is the harness's own rootfs. HarnessError otherwise.
 */
export function checkConfigInsideCaseRoot(config: OciConfig, caseRoot: string): void {
  const rootfs = cleanPath(`${caseRoot}/${CASE_ROOTFS}`);
  if (cleanPath(absolutizeSource(config.root.path, caseRoot)) !== rootfs) {
    throw new HarnessError(`root.path "${config.root.path}" is not the case's own rootfs`);
  }
  const named = [
    ...config.mounts.flatMap((m) =>
      m.source === undefined ? [] : [[`mount ${m.destination} source`, m.source] as const],
    ),
    ...Object.entries(config.annotations).filter(([k]) => isHostPathAnnotation(k)),
  ];
  for (const [what, path] of named) {
    if (path.includes('\0') || !isInside(absolutizeSource(path, caseRoot), caseRoot)) {
      throw new HarnessError(`${what} "${path}" resolves outside the case root`);
    }
  }
}

const staticChecked = new Map<string, Promise<void>>();

/** Rejects a missing, non-ELF or dynamically linked busybox with a one-line HarnessError. */
function checkStaticBusybox(path: string): Promise<void> {
  let pending = staticChecked.get(path);
  if (pending === undefined) {
    pending = readElfHeaders(path);
    staticChecked.set(path, pending);
    pending.catch(() => staticChecked.delete(path));
  }
  return pending;
}

async function readElfHeaders(path: string): Promise<void> {
  const fix = 'install busybox-static: run npm run setup:runsc';
  let file;
  try {
    file = await open(path, 'r');
  } catch {
    throw new HarnessError(`busybox not found at ${path}: ${fix}`);
  }
  try {
    const head = Buffer.alloc(64);
    await file.read(head, 0, 64, 0);
    if (head.readUInt32BE(0) !== 0x7f454c46 || head[4] !== 2)
      throw new HarnessError(`${path} is not a 64-bit ELF busybox: ${fix}`);
    const phoff = Number(head.readBigUInt64LE(32));
    const phentsize = head.readUInt16LE(54);
    const phnum = head.readUInt16LE(56);
    const table = Buffer.alloc(phentsize * phnum);
    await file.read(table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) {
      const PT_INTERP = 3;
      if (table.readUInt32LE(i * phentsize) === PT_INTERP) {
        throw new HarnessError(`${path} is dynamically linked; the sandbox rootfs needs a static one: ${fix}`);
      }
    }
  } finally {
    await file.close();
  }
}

// Copies, not hard links: nothing a case does to its rootfs may reach the host's busybox or the cached probe.
async function placeExecutable(source: string, target: string): Promise<void> {
  await copyFile(source, target);
  await chmod(target, 0o755);
}

/**
 * Puts busybox, /bin/sh and the probe into a rootfs: probe.sh is the shell
 * probe, or, given the native probe binary, a one-line script that execs it.
 */
export async function placeProbe(c: Case, rootfs: string, busybox: string, nativeProbe: string | null): Promise<void> {
  await placeExecutable(busybox, join(rootfs, 'bin/busybox'));
  await symlink('busybox', join(rootfs, 'bin/sh'));
  if (nativeProbe !== null) await placeExecutable(nativeProbe, join(rootfs, NATIVE_PROBE_PATH));
  const script = nativeProbe === null ? probeScript(c) : nativeProbeScript(c);
  await writeFile(join(rootfs, 'probe.sh'), script, { mode: 0o755 });
}

async function writeFixture(caseRoot: string, rel: string, kind: 'dir' | 'file'): Promise<void> {
  const abs = join(caseRoot, rel);
  try {
    if (kind === 'dir') {
      await mkdir(abs, { recursive: true });
      await writeFile(join(abs, SEED_FILE), SEED_CONTENT);
    } else {
      await mkdir(dirname(abs), { recursive: true });
      await writeFile(abs, SEED_CONTENT);
    }
  } catch (e) {
    throw new HarnessError(`cannot create ${kind} fixture "${rel}": ${(e as Error).message}`);
  }
}

/** Writes the case's bundle into `caseRoot` (which must exist and be empty). */
export async function materialize(c: Case, caseRoot: string, options: MaterializeOptions = {}): Promise<void> {
  const busybox = options.busybox ?? DEFAULT_BUSYBOX;
  const fixtures = c.fixtures.map((f) => ({ rel: fixtureRelPath(f.path), kind: f.kind }));
  const config = buildConfigJson(c, caseRoot);
  checkConfigInsideCaseRoot(config, caseRoot);
  await checkStaticBusybox(busybox);
  for (const d of ROOTFS_DIRS) await mkdir(join(caseRoot, d), { recursive: true });
  await placeProbe(c, join(caseRoot, 'rootfs'), busybox, options.nativeProbe ?? null);
  for (const f of fixtures) await writeFixture(caseRoot, f.rel, f.kind);
  await writeFile(join(caseRoot, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
}
