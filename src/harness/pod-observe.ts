/**
 * The pod part of a run: what each subcontainer of a pod printed and left,
 * before (RawRun) and after (Observation) parsing. A subcontainer is parsed
 * like a single container; its workload indexes are brought back to its own
 * spec mount indexes, and its start error is cut before runsc's dump of Go
 * mount options (pointer and fd noise).
 */
import type { Observation } from '../model/observation.js';
import type { RawRun } from '../model/raw-run.js';
import { diffObservations, type DiffOptions } from '../model/normalize.js';
import { observe } from './observe.js';
import { simObservation } from './observe-sim.js';
import { indexOffset } from './pod-cases.js';

/** One subcontainer's unparsed run; `exitCode` is its `create`'s when that failed, else its `start`'s. */
export interface ContainerRawRun extends RawRun {
  name: string;
}

/** A RawRun that may carry a pod's subcontainers (empty when the sandbox did not run its probe). */
export interface PodRawRun extends RawRun {
  pod?: ContainerRawRun[];
}

/** One subcontainer's observation. */
export interface ContainerObservation {
  name: string;
  obs: Observation;
}

/** An Observation that may carry a pod's subcontainers. */
export interface PodObservation extends Observation {
  pod?: ContainerObservation[];
}

/** The subcontainers of an observation: null for a single-container run. */
export function podOf(obs: Observation): ContainerObservation[] | null {
  return (obs as PodObservation).pod ?? null;
}

/** A subcontainer start error without runsc's `, opts: &{…}` dump of Go mount options. */
export function trimStartError(error: string | null): string | null {
  if (error === null) return null;
  const at = error.indexOf(', opts: &{');
  const cut = at < 0 ? error : error.slice(0, at);
  // The sandbox's PID (its namespace's, or the host's) is run-to-run noise.
  return cut.replace(/ at PID \d+: /, ' at PID N: ');
}

/** Parses subcontainer `k` (0-based) of a pod. */
export function observeContainer(raw: ContainerRawRun, k: number): ContainerObservation {
  const obs = observe(raw);
  const offset = indexOffset(k + 1);
  return {
    name: raw.name,
    obs: {
      ...obs,
      error: trimStartError(obs.error),
      workload: obs.workload.map((w) => ({ ...w, index: w.index - offset })),
      hostChecks: obs.hostChecks.map((h) => ({ ...h, index: h.index - offset })),
    },
  };
}

/** Parses a run, with its subcontainers when it is a pod's. */
export function observeRun(raw: RawRun): Observation {
  const obs = simObservation(raw) ?? observe(raw);
  const pod = (raw as PodRawRun).pod;
  if (pod === undefined) return obs;
  const out: PodObservation = { ...obs, pod: pod.map(observeContainer) };
  return out;
}

/** Differences between the subcontainers of two observations, each prefixed with the container's name. */
export function diffPods(
  a: Observation,
  b: Observation,
  labels: readonly [string, string],
  options: Partial<DiffOptions> = {},
): string[] {
  const pa = podOf(a) ?? [];
  const pb = podOf(b) ?? [];
  const out: string[] = [];
  if (pa.length !== pb.length) out.push(`pod: ${labels[0]} ran ${pa.length} subcontainers, ${labels[1]} ${pb.length}`);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as ContainerObservation;
    const y = pb[i] as ContainerObservation;
    for (const d of diffObservations(x.obs, y.obs, labels, options)) out.push(`container ${x.name}: ${d}`);
  }
  return out;
}
