/**
 * Reading the probe runs into capabilities (pure). A `directfs: off` key is
 * `rejected` when its probe fails to start while the baseline starts,
 * `honoured` when the mount loses the `directfs` token the baseline shows,
 * and `ignored` when the sandbox starts and nothing changes.
 */
import { DIRECTFS_OPTION, type MountLine, type Observation } from '../model/observation.js';
import type { Capabilities, ClaimMode, Finding, HintMode, RootShape } from './capabilities.js';
import { PROBE_VERSION } from './capabilities.js';
import { PROBE_MOUNT, type ProbeName } from './probe-cases.js';

/** One probe's result: its observation and its masked stderr and log lines, for error evidence. */
export interface ProbeRun {
  observation: Observation;
  /** stderr, run log and boot log lines (case root and container ID masked). */
  lines: string[];
}

/** Error texts about hints (reference §3); a spec dump in a debug log, which also names annotations, never matches. */
const ANNOTATION_ERROR = new RegExp(
  [
    'invalid (mount|rootfs) annotation',
    'invalid mount name',
    '(pod mount|rootfs) hints?: ',
    'rootfs annotations missing',
    'has not been set',
  ].join('|'),
);
const FLAG_ERROR = /flag provided but not defined: -+directfs/;
const MAX_EVIDENCE = 240;

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= MAX_EVIDENCE ? one : `${one.slice(0, MAX_EVIDENCE - 1)}…`;
}

function mountAt(o: Observation, point: string): MountLine | undefined {
  return o.mounts.find((m) => m.mountPoint === point);
}

function describeMount(m: MountLine | undefined, point: string): string {
  if (m === undefined) return `no mountinfo line for ${point}`;
  const last = m.superOptions[m.superOptions.length - 1] ?? '';
  return `${point} is ${m.fsType}, last option "${last}" (directfs ${m.directfs})`;
}

/** A glog line's message: the text after its `I1126 17:25:24.500002 1 file.go:64] ` header. */
function messageOf(line: string): string {
  return line.replace(/^[IWEF]\d{4} [\d:.]+\s+\d+ [\w.-]+:\d+\] /, '').trim();
}

/** The line that says why a start failed: the first annotation error in stderr or the logs, else the error line. */
export function startErrorOf(run: ProbeRun): string {
  const named = run.lines.find((l) => ANNOTATION_ERROR.test(l));
  if (named !== undefined) return clip(messageOf(named));
  return clip(run.observation.error ?? `exit ${String(run.observation.exitCode)}`);
}

function notStarted(run: ProbeRun): string | null {
  const o = run.observation;
  if (o.outcome === 'started') return null;
  return o.outcome === 'start-failed' ? null : `probe ${o.outcome}: ${clip(o.error ?? '')}`;
}

/** How an opt-out probe compares with its baseline at mount point `point`. */
export function classifyOptOut(base: ProbeRun, probe: ProbeRun, point: string): Finding<HintMode> {
  const inconclusive = notStarted(base) ?? notStarted(probe);
  if (inconclusive !== null) return { value: 'undetermined', evidence: inconclusive };
  if (base.observation.outcome !== 'started') {
    return { value: 'undetermined', evidence: `baseline did not start: ${startErrorOf(base)}` };
  }
  if (probe.observation.outcome !== 'started') return { value: 'rejected', evidence: startErrorOf(probe) };
  const before = mountAt(base.observation, point);
  const after = mountAt(probe.observation, point);
  if (before?.directfs === 'on' && after?.directfs === 'off') {
    return { value: 'honoured', evidence: `${describeMount(after, point)}; without the key: directfs on` };
  }
  if (after?.directfs === 'unobservable' || before === undefined || after === undefined) {
    return { value: 'undetermined', evidence: describeMount(after, point) };
  }
  const warning = probe.observation.hintWarnings[0];
  const seen = warning === undefined ? 'no warning' : `warning: ${warning}`;
  return { value: 'ignored', evidence: clip(`${describeMount(after, point)}; ${seen}`) };
}

function classifyFlag(base: ProbeRun, flag: ProbeRun): Finding<boolean | null> {
  const o = flag.observation;
  if (o.outcome === 'started') return { value: true, evidence: '--directfs=true accepted' };
  const text = [o.error ?? '', ...flag.lines].find((l) => FLAG_ERROR.test(l));
  if (text !== undefined) return { value: false, evidence: clip(text) };
  if (base.observation.outcome !== 'started') return { value: null, evidence: 'baseline did not start' };
  return { value: null, evidence: `--directfs=true failed otherwise: ${startErrorOf(flag)}` };
}

function classifyVisible(base: ProbeRun): Finding<boolean | null> {
  const m = mountAt(base.observation, PROBE_MOUNT);
  if (base.observation.outcome !== 'started' || m === undefined || m.directfs === 'unobservable') {
    return { value: null, evidence: describeMount(m, PROBE_MOUNT) };
  }
  const shows = m.superOptions.includes(DIRECTFS_OPTION);
  return { value: shows, evidence: describeMount(m, PROBE_MOUNT) };
}

function classifyRoot(base: ProbeRun): Finding<RootShape> {
  const root = mountAt(base.observation, '/');
  if (base.observation.outcome !== 'started' || root === undefined) {
    return { value: 'undetermined', evidence: describeMount(root, '/') };
  }
  const shape: RootShape = root.fsType === 'overlay' ? 'overlay' : root.fsType === '9p' ? 'gofer' : 'undetermined';
  return { value: shape, evidence: `/ is ${root.fsType} ${root.mountSource} without --overlay2` };
}

function classifyClaim(base: ProbeRun, claim: ProbeRun, optedOut: ProbeRun): Finding<ClaimMode> {
  const inconclusive = notStarted(base) ?? notStarted(claim) ?? notStarted(optedOut);
  if (inconclusive !== null || base.observation.outcome !== 'started') {
    return { value: 'undetermined', evidence: inconclusive ?? 'baseline did not start' };
  }
  if (claim.observation.outcome === 'started') {
    const m = mountAt(claim.observation, PROBE_MOUNT);
    return { value: 'absent', evidence: `claimed mount starts as before: ${describeMount(m, PROBE_MOUNT)}` };
  }
  const error = startErrorOf(claim);
  if (optedOut.observation.outcome === 'started') return { value: 'needs-opt-out', evidence: error };
  return { value: 'fails-opted-out', evidence: clip(`${error}; opted out: ${startErrorOf(optedOut)}`) };
}

/** The capabilities the probe runs show. */
export function classifyProbes(runs: Record<ProbeName, ProbeRun>, binarySha256: string | null): Capabilities {
  return {
    schema: 1,
    probeVersion: PROBE_VERSION,
    mountOptOut: classifyOptOut(runs.baseline, runs['mount-opt-out'], PROBE_MOUNT),
    rootfsOptOut: classifyOptOut(runs['root-baseline'], runs['rootfs-opt-out'], '/'),
    directfsFlag: classifyFlag(runs.baseline, runs['directfs-flag']),
    directfsVisible: classifyVisible(runs.baseline),
    overlayDefault: classifyRoot(runs.baseline),
    vendorClaim: classifyClaim(runs.baseline, runs['vendor-claim'], runs['vendor-claim-opt-out']),
    binarySha256,
  };
}
