/**
 * The simulator's pod run: the sandbox's RawRun as for a single container,
 * plus one RawRun per subcontainer (src/simulator/pod.ts), shaped as the
 * real pod runner (src/harness/pod-run.ts) shapes them.
 */
import type { Case } from '../model/case.js';
import type { RawRun } from '../model/raw-run.js';
import { PROBE_END } from '../probe/protocol.js';
import { simulatePod } from '../simulator/pod.js';
import type { SimOptions } from '../simulator/index.js';
import type { PodRawRun } from './pod-observe.js';
import { simHostChecks } from './sim-target.js';

/** `sandbox` with the simulated subcontainers of pod `c` attached. */
export function withSimPod(c: Case, sandbox: RawRun, opts: SimOptions): PodRawRun {
  const subs = simulatePod(c, opts, sandbox.stdout.includes(`${PROBE_END}\n`));
  return {
    ...sandbox,
    pod: subs.map((s) => ({
      name: s.name,
      exitCode: s.exitCode,
      stdout: s.stdout,
      stderr: s.stderr,
      logs: s.logs,
      hostChecks: simHostChecks(s.view, s),
      caseRoot: sandbox.caseRoot,
      containerId: sandbox.containerId,
      wallMs: 0,
      timedOut: false,
    })),
  };
}
