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
import { resolveAnnotations } from '../model/resolve.js';
import { PROBE_ARGS } from '../harness/materialize.js';
import { goferView, sentryView } from '../harness/pod-cases.js';
import { simulate, type SimOptions, type SimResult } from './index.js';

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
  const view = sentryView(sentryReadsOwn ? { ...c, spec: { ...c.spec, annotations: sub.annotations } } : c, i, true);
  const own = Object.entries(resolveAnnotations(goferView(c, i), opts.caseRoot));
  const goferAnnotations = faults.has('pod-gofer-ignores-own-hints') ? [] : own;
  const r = simulate(view, { ...opts, goferAnnotations });
  return {
    name: sub.name,
    view,
    exitCode: r.exitCode,
    stdout: r.stdout,
    stderr: asSubcontainerError(r.stderr),
    logs: { boot: '', gofer: r.logs.gofer, run: r.logs.run },
    effects: r.effects,
  };
}

/** Simulates every subcontainer of pod `c`; none runs unless the sandbox's probe ran to its end. */
export function simulatePod(c: Case, opts: SimOptions, sandboxStarted: boolean): SubcontainerSim[] {
  if (!sandboxStarted) return [];
  return (c.pod?.containers ?? []).map((_, i) => simulateSubcontainer(c, i, opts));
}
