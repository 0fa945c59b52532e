/**
 * Which requirements apply to a build, decided from its probed capabilities.
 * A build that rejects or ignores the per-mount key predates the feature:
 * only the two requirements that say the feature is there (DFS-OPT-OUT,
 * DFS-ROOTFS-OPT-OUT) are judged on it, and they fail, which is the finding.
 * The others describe how the feature behaves (keep, token, errors, paired
 * and differential relations against a pre-feature build) and would only
 * repeat that failure. An undetermined probe judges everything: nothing is
 * hidden from a build the probes could not read.
 */
import { REQUIREMENT_IDS, type RequirementId } from '../model/requirements.js';
import type { Capabilities } from '../capabilities/capabilities.js';

/** Requirements judged on every build: they state that the opt-out exists. */
export const FEATURE_PRESENCE = ['DFS-OPT-OUT', 'DFS-ROOTFS-OPT-OUT'] as const satisfies readonly RequirementId[];

/** The requirements judged on a build, and why the others are not. */
export interface Applicability {
  judged: RequirementId[];
  /** One line for the matrix cells of the requirements left out; null when every requirement is judged. */
  notApplicable: string | null;
}

/** Decides the requirements judged on a build with capabilities `c`, among `wanted` (default: all). */
export function applicableRequirements(
  c: Capabilities,
  wanted: readonly RequirementId[] = REQUIREMENT_IDS,
): Applicability {
  const mode = c.mountOptOut.value;
  if (mode !== 'rejected' && mode !== 'ignored') return { judged: [...wanted], notApplicable: null };
  const presence = new Set<RequirementId>(FEATURE_PRESENCE);
  return {
    judged: wanted.filter((id) => presence.has(id)),
    notApplicable:
      `the build predates the per-mount opt-out (the annotation is ${mode}); ` +
      `only ${FEATURE_PRESENCE.join(' and ')} are judged`,
  };
}
