/**
 * The real-runsc pod runner: materialises a pod case, runs the pod script
 * (src/harness/pod-script.ts) as one killable process group, and turns what
 * each container left behind into a RawRun for the sandbox plus one per
 * subcontainer. The sandbox's RawRun reads as a `runsc run` of the sandbox
 * spec would (its logs as they stood when its probe ended), so the
 * single-container oracles judge it unchanged. Everything is torn down after
 * the case and on interruption, as for a single container.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Case } from '../model/case.js';
import { HarnessError } from '../model/errors.js';
import type { RawRun, RunLogs } from '../model/raw-run.js';
import type { RunOptions } from '../model/target.js';
import { MOUNTINFO_BEGIN } from '../probe/protocol.js';
import { registerCleanup, stopSandbox, teardown, teardownSync, unregisterCleanup, type SandboxRef } from './cleanup.js';
import { runGrouped } from './group-process.js';
import { checkHost } from './host-checks.js';
import { materializePod, subcontainerBundle } from './pod-materialize.js';
import { isPod, POD_DIR, sandboxView, sentryView, subcontainerId } from './pod-cases.js';
import type { ContainerRawRun, PodRawRun } from './pod-observe.js';
import { POD_OUT, podScript } from './pod-script.js';
import {
  BASE_FLAGS,
  caseFlagArgs,
  interruptedRun,
  logArgs,
  makeScratchDir,
  newContainerId,
  type RunscRuns,
} from './runsc-target.js';

/** The global flags of every runsc call of a pod; `--allow-flag-override` when a subcontainer overrides --directfs. */
export function podGlobalArgs(c: Case, stateDir: string, logDir: string): string[] {
  const override = (c.pod?.containers ?? []).some((s) => s.directfsOverride !== undefined);
  return [
    `--root=${stateDir}`,
    ...BASE_FLAGS,
    ...logArgs(logDir),
    ...caseFlagArgs(c.flags),
    ...(override ? ['--allow-flag-override'] : []),
  ];
}

/**
 * The sandbox's stderr as `runsc run` words it: `runsc create`/`start`
 * errors lack run's leading `running container: `.
 */
export function asRunError(stderr: string): string {
  return stderr.replace(/^(creating container|starting container): /gm, 'running container: $1: ');
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

async function readCode(path: string): Promise<number | null> {
  const t = await readText(path);
  return t === null || t.trim() === '' ? null : Number(t.trim());
}

/** Concatenated contents of the log files in `names` whose kind is one of `kinds`, in name (= time) order. */
async function readKinds(logDir: string, names: readonly string[], kinds: readonly string[]): Promise<string> {
  let out = '';
  for (const name of [...names].sort()) {
    if (!name.startsWith('runsc.log.') || !kinds.some((k) => name.endsWith(`.${k}.txt`))) continue;
    out += (await readText(join(logDir, name))) ?? '';
  }
  return out;
}

async function listed(outDir: string, who: string): Promise<string[] | null> {
  const t = await readText(join(outDir, POD_OUT.logs(who)));
  return t === null ? null : t.split('\n').filter((l) => l !== '');
}

async function sandboxLogs(logDir: string, outDir: string): Promise<{ logs: RunLogs; names: string[] }> {
  const names = (await listed(outDir, 'sandbox')) ?? (await readdir(logDir).catch(() => []));
  const bootName = names.find((n) => n.endsWith('.boot.txt'));
  const size = await readCode(join(outDir, POD_OUT.bootSize));
  const boot = bootName === undefined ? '' : ((await readText(join(logDir, bootName))) ?? '');
  return {
    logs: {
      boot: size === null ? boot : Buffer.from(boot).subarray(0, size).toString('utf8'),
      gofer: await readKinds(logDir, names, ['gofer']),
      run: await readKinds(logDir, names, ['create', 'start']),
    },
    names,
  };
}

interface PodPaths {
  caseRoot: string;
  sandboxId: string;
  logDir: string;
  outDir: string;
}

async function subcontainerRuns(c: Case, p: PodPaths, before: string[], timedOut: boolean): Promise<ContainerRawRun[]> {
  const out: ContainerRawRun[] = [];
  let seen = new Set(before);
  for (const [i, sub] of (c.pod?.containers ?? []).entries()) {
    const file = (f: string) => join(p.outDir, f);
    const create = await readCode(file(POD_OUT.create(sub.name)));
    if (create === null && !timedOut) break;
    const start = await readCode(file(POD_OUT.start(sub.name)));
    const waited = await readText(file(POD_OUT.waited(sub.name)));
    const names = (await listed(p.outDir, sub.name)) ?? [];
    const own = names.filter((n) => !seen.has(n));
    seen = new Set(names);
    const stdout = (await readText(file(POD_OUT.stdout(sub.name)))) ?? '';
    const done = create !== null && (create !== 0 || start !== 0 || waited !== null);
    out.push({
      name: sub.name,
      exitCode: create === null ? null : create !== 0 ? create : start,
      stdout,
      stderr: (await readText(file(POD_OUT.stderr(sub.name)))) ?? '',
      logs: {
        boot: '',
        gofer: await readKinds(p.logDir, own, ['gofer']),
        run: await readKinds(p.logDir, own, ['create', 'start']),
      },
      hostChecks: stdout.includes(MOUNTINFO_BEGIN) ? await checkHost(sentryView(c, i, true), p.caseRoot) : [],
      caseRoot: p.caseRoot,
      containerId: p.sandboxId,
      wallMs: 0,
      timedOut: timedOut && !done,
    });
    if (!done) break;
  }
  return out;
}

/** Reads what the pod script left into the pod's RawRun. */
async function collect(c: Case, p: PodPaths, r: { timedOut: boolean; wallMs: number }): Promise<PodRawRun> {
  const file = (f: string) => join(p.outDir, f);
  const create = await readCode(file(POD_OUT.create('sandbox')));
  const start = await readCode(file(POD_OUT.start('sandbox')));
  const stdout = (await readText(file(POD_OUT.stdout('sandbox')))) ?? '';
  const { logs, names } = await sandboxLogs(p.logDir, p.outDir);
  const probed = (await listed(p.outDir, 'sandbox')) !== null;
  return {
    exitCode: create === null ? null : create !== 0 ? create : start,
    stdout,
    stderr: asRunError((await readText(file(POD_OUT.stderr('sandbox')))) ?? ''),
    logs,
    hostChecks: stdout.includes(MOUNTINFO_BEGIN) ? await checkHost(sandboxView(c), p.caseRoot) : [],
    caseRoot: p.caseRoot,
    containerId: p.sandboxId,
    wallMs: r.wallMs,
    timedOut: r.timedOut && !probed,
    pod: probed ? await subcontainerRuns(c, p, names, r.timedOut) : [],
  };
}

/** Runs one pod case on a runsc target; failures are data. The caller holds one sandbox slot for the whole pod. */
export async function runPodCase(
  { runsc, stateDir, nativeProbe }: RunscRuns,
  c: Case,
  options: RunOptions,
): Promise<RawRun> {
  if (!isPod(c)) throw new HarnessError('not a pod case');
  const aborted = (): boolean => options.signal?.aborted === true;
  if (aborted()) return interruptedRun();
  const caseRoot = await makeScratchDir('dfc-case');
  const sandboxId = newContainerId();
  const p: PodPaths = { caseRoot, sandboxId, logDir: join(caseRoot, 'logs'), outDir: join(caseRoot, POD_DIR, 'out') };
  const ref: SandboxRef = { runsc, stateDir, containerId: sandboxId, scratchRoot: caseRoot };
  const emergency = (): void => teardownSync(ref);
  registerCleanup(emergency);
  try {
    await materializePod(c, caseRoot, sandboxId, { nativeProbe });
    await mkdir(p.logDir);
    await mkdir(p.outDir, { recursive: true });
    const script = podScript({
      runsc,
      globalArgs: podGlobalArgs(c, stateDir, p.logDir),
      sandboxBundle: caseRoot,
      sandboxId,
      subcontainers: c.pod.containers.map((s) => ({
        name: s.name,
        bundle: subcontainerBundle(caseRoot, s.name),
        id: subcontainerId(sandboxId, s.name),
      })),
      outDir: p.outDir,
      logDir: p.logDir,
    });
    const scriptPath = join(caseRoot, POD_DIR, 'run.sh');
    await writeFile(scriptPath, script, { mode: 0o755 });
    if (aborted()) return { ...interruptedRun(), caseRoot, containerId: sandboxId };
    const r = await runGrouped('/bin/sh', [scriptPath], {
      timeoutMs: options.timeoutMs * (1 + c.pod.containers.length),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onSpawn: (group, isolated) => {
        ref.processGroup = group;
        ref.isolated = isolated;
      },
    });
    if (r.spawnError !== null) throw new HarnessError(`cannot run the pod script: ${r.spawnError}`);
    await stopSandbox(ref);
    return await collect(c, p, { timedOut: r.timedOut || r.canceled, wallMs: r.wallMs });
  } finally {
    await teardown(ref);
    unregisterCleanup(emergency);
  }
}
