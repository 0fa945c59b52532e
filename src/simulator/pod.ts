/**
 * Pods in the simulator. The sandbox is simulated as a single container. A
 * subcontainer is simulated as its sentry sees it (its mounts under the
 * pod's mount hints, reference §6) while its gofer reads its own spec's
 * hints (runsc/cmd/gofer.go): where the pod opts a lisafs mount out and the
 * subcontainer's spec does not, the gofer drops the LisaFS seccomp rules and
 * the subcontainer fails to start with ENOMEM, as real runsc:modern does
 * (pods/MEASURED.md, finding 1). Its error is worded as `runsc start` of a
 * subcontainer words it.
 */
import type { Case } from '../model/case.js';
import type { RunLogs } from '../model/raw-run.js';
import { resolvedAnnotationEntries } from '../model/resolve.js';
import { PROBE_ARGS } from '../harness/materialize.js';
import { goferView, indexOffset, sentryView } from '../harness/pod-cases.js';
import { simulate, type SimOptions, type SimResult } from './index.js';
import { crashesPod } from '../oracles/dfs-pod-known-bugs.js';

/** What one simulated subcontainer shows. */
export interface SubcontainerSim {
  name: string;
  /** The view its probe and host checks were planned on (mount indexes in its own range). */
  view: Case;
  exitCode: number;
  stdout: string;
  stderr: string;
  logs: RunLogs;
  effects: SimResult['effects'];
}

/** A root container's start error as `runsc start` of a subcontainer reports it. */
export function asSubcontainerError(stderr: string): string {
  return stderr
    .replace(/^running container: /gm, '')
    .replace(
      /^starting container: starting root container: starting sandbox: /gm,
      `starting container: starting sub-container [${PROBE_ARGS.join(' ')}]: `,
    );
}

/** Simulates subcontainer `i` of pod `c` (the sandbox is assumed to be running). */
export function simulateSubcontainer(c: Case, i: number, opts: SimOptions): SubcontainerSim {
  const sub = c.pod?.containers[i];
  if (sub === undefined) throw new RangeError(`no subcontainer ${i}`);
  const faults = opts.faults ?? new Set();
  const sentryReadsOwn = faults.has('pod-sentry-reads-own-hints');
  const seen = sentryReadsOwn ? { ...c, spec: { ...c.spec, annotations: sub.annotations } } : c;
  const own = resolvedAnnotationEntries(goferView(c, i), opts.caseRoot);
  const goferAnnotations = faults.has('pod-gofer-ignores-own-hints') ? [] : own;
  const r = simulate(sentryView(seen, i), { ...opts, goferAnnotations });
  // The probe numbers a subcontainer's workload in its own index range (src/harness/pod-cases.ts).
  const offset = indexOffset(i + 1);
  return {
    name: sub.name,
    view: sentryView(seen, i, true),
    exitCode: r.exitCode,
    stdout: r.stdout.replace(/^(DFC-OP )(\d+) /gm, (_, op: string, n: string) => `${op}${Number(n) + offset} `),
    stderr: asSubcontainerError(r.stderr),
    // Only the sandbox's host and sentry log the pod's hints; a subcontainer's own logs hold none.
    logs: { boot: '', gofer: r.logs.gofer, run: '' },
    effects: r.effects.map((e) => ({ ...e, index: e.index + offset })),
  };
}

/**
 * True when subcontainer `i` turns directfs on (its `dev.gvisor.flag.directfs`)
 * in a sandbox started with --directfs=false: the sentry, whose seccomp
 * filters have no directfs rules, touches a host file through its first
 * directfs mount and is killed (SIGSYS), taking the whole pod down — unless an
 * opted-out mount in the gofer mismatch fails before that one (pods/MEASURED.md,
 * finding 3). The mount order is read from the contract's view of the pod.
 */
export function crashesSandbox(c: Case, i: number): boolean {
  return crashesPod(c, i);
}

function failed(c: Case, i: number, stderr: string): SubcontainerSim {
  const name = c.pod?.containers[i]?.name ?? '';
  const none = { boot: '', gofer: '', run: '' };
  return {
    name,
    view: sentryView(c, i, true),
    exitCode: 128,
    stdout: '',
    stderr: `${stderr}\n`,
    logs: none,
    effects: [],
  };
}

/** Simulates every subcontainer of pod `c`; none runs unless the sandbox's probe ran to its end. */
export function simulatePod(c: Case, opts: SimOptions, sandboxStarted: boolean): SubcontainerSim[] {
  if (!sandboxStarted) return [];
  let crashed = false;
  return (c.pod?.containers ?? []).map((sub, i) => {
    if (crashed) {
      const id = `${opts.containerId}-${sub.name}`;
      const why = 'connecting to control server at PID N: connection refused';
      return failed(c, i, `creating container: cannot create subcontainer: creating sub-container "${id}": ${why}`);
    }
    if (crashesSandbox(c, i)) {
      crashed = true;
      const urpc = 'urpc method "containerManager.StartSubcontainer" failed: EOF';
      return failed(c, i, `starting container: starting sub-container [${PROBE_ARGS.join(' ')}]: ${urpc}`);
    }
    return simulateSubcontainer(c, i, opts);
  });
}
