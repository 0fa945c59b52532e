/**
 * The paired run of a case: the same case minus its `directfs` annotation
 * keys, on the same target (reference §7, oracle caveat). Which of the three
 * states it is in is explicit, so an oracle never mistakes a case for its own
 * baseline.
 */
import type { Observation } from './observation.js';

/** Why a case has no paired observation, or the observation itself. */
export type PairedRun =
  /** The case has no directfs keys: there is nothing to take away, so there is no paired case. */
  | { kind: 'no-keys' }
  /** The case has directfs keys but its paired case was not run (nothing asked for it). */
  | { kind: 'not-run' }
  /** The paired case was run and observed. */
  | { kind: 'observed'; obs: Observation };

/** A paired run that was observed. */
export function observedPair(obs: Observation): PairedRun {
  return { kind: 'observed', obs };
}

/** The observation of a paired run, or null when there is none. */
export function pairedObservation(p: PairedRun): Observation | null {
  return p.kind === 'observed' ? p.obs : null;
}
