/** Test support for the oracle tests: recorded real runs and small Observation/Case builders. */
import type { Case, Fixture, OciMount } from '../../model/case.js';
import type { MountLine, Observation } from '../../model/observation.js';
import type { HostCheck } from '../../model/raw-run.js';
import { loadRecorded, type RecordedName } from '../../harness/__fixtures__/load.js';
import { observe } from '../../harness/observe.js';
import { planWorkload } from '../../probe/plan.js';
import type { OracleContext } from '../oracle.js';
import { observedPair, type PairedRun } from '../../model/paired.js';
import { hasDirectfsKeys } from '../../model/transforms.js';

export { observedPair } from '../../model/paired.js';

/** The observation of a recorded real run. */
export function recordedObs(name: RecordedName): Observation {
  return observe(loadRecorded(name).raw);
}

/** The case of a recorded real run. */
export function recordedCase(name: RecordedName): Case {
  return loadRecorded(name).case;
}

/** An oracle context from a recorded run, with an optional recorded paired and reference run. */
export function recordedContext(name: RecordedName, paired?: RecordedName, reference?: RecordedName): OracleContext {
  const obs = recordedObs(name);
  const c = recordedCase(name);
  const pairedRun: PairedRun =
    paired !== undefined ? observedPair(recordedObs(paired)) : { kind: hasDirectfsKeys(c) ? 'not-run' : 'no-keys' };
  return { case: c, obs, paired: pairedRun, reference: reference === undefined ? null : recordedObs(reference) };
}

/** `obs` with every line at `point` replaced by `f(line)`. */
export function editLine(obs: Observation, point: string, f: (l: MountLine) => MountLine): Observation {
  return { ...obs, mounts: obs.mounts.map((l) => (l.mountPoint === point ? f(l) : l)) };
}

/** A 9p line with or without the trailing directfs token. */
export function set9pDirectfs(l: MountLine, on: boolean): MountLine {
  const rest = l.superOptions.filter((o) => o !== 'directfs');
  return { ...l, fsType: '9p', superOptions: on ? [...rest, 'directfs'] : rest, directfs: on ? 'on' : 'off' };
}

/** The same line shown as an overlay (its directfs state hidden). */
export function asOverlay(l: MountLine): MountLine {
  return { ...l, fsType: 'overlay', mountSource: 'none', superOptions: [l.mountOptions], directfs: 'unobservable' };
}

/** A run that never finished. */
export function timedOut(obs: Observation): Observation {
  return {
    ...obs,
    outcome: 'timed-out',
    mounts: [],
    workload: [],
    hostChecks: [],
    probeCompleted: false,
    error: null,
    exitCode: null,
  };
}

/** A run that failed to start with `error`. */
export function startFailed(obs: Observation, error: string): Observation {
  return {
    ...obs,
    outcome: 'start-failed',
    exitCode: 128,
    error,
    mounts: [],
    workload: [],
    hostChecks: [],
    probeCompleted: false,
    mounted: [],
    hostFdWithoutDirectfs: 0,
  };
}

/** A minimal case with the given mounts, annotations and flags (fixtures vol1..vol3, ro, file1). */
export function caseOf(
  mounts: OciMount[],
  annotations: Record<string, string> = {},
  flags: Partial<Case['flags']> = {},
): Case {
  return {
    flags: { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null, ...flags },
    spec: { root: { path: 'rootfs', readonly: false }, mounts, annotations },
    fixtures: [
      ...['vol1', 'vol2', 'vol3', 'ro'].map((path): Fixture => ({ path, kind: 'dir' })),
      { path: 'file1', kind: 'file' },
    ],
  };
}

/** A complete mount hint (bind, shared) with an optional directfs value. */
export function hint(
  name: string,
  source: string,
  directfs?: string,
  type = 'bind',
  share = 'shared',
): Record<string, string> {
  const p = `dev.gvisor.spec.mount.${name}.`;
  return {
    [`${p}source`]: source,
    [`${p}type`]: type,
    [`${p}share`]: share,
    ...(directfs === undefined ? {} : { [`${p}directfs`]: directfs }),
  };
}

/**
 * `obs` with the probe's workload and the host checks of every planned mount
 * as a correct runsc would produce them (effects on the host for 9p lines,
 * absent for overlays).
 */
export function withGoodWorkload(c: Case, obs: Observation): Observation {
  const workload: Observation['workload'] = [];
  const hostChecks: HostCheck[] = [];
  for (const p of planWorkload(c)) {
    for (const op of p.ops) workload.push({ index: p.index, destination: p.destination, op, ok: true, detail: '' });
    const fsType = obs.mounts.filter((l) => l.mountPoint === p.destination).at(-1)?.fsType;
    const onHost = fsType === '9p';
    const check = (name: string, ok: boolean) =>
      hostChecks.push({ index: p.index, destination: p.destination, check: name, ok, detail: '' });
    if (p.kind === 'dir') {
      if (!p.readonly) check('effects-present', onHost);
      check('effects-absent', p.readonly || !onHost);
      check('seed-intact', true);
    } else if (!p.readonly) {
      check('effects-present', onHost);
      check('effects-absent', !onHost);
    }
  }
  return { ...obs, workload, hostChecks, probeCompleted: true };
}
