/** The focused arbitrary of each requirement (see `_internals/focused-profiles.ts` for the biases). */
import type fc from 'fast-check';
import type { Case } from '../model/case.js';
import type { RequirementId } from '../model/requirements.js';
import { FOCUSED_PROFILES } from './_internals/focused-profiles.js';
import { caseFromProfile } from './_internals/profile.js';
import { withVendorClaim } from './vendor-claims.js';
import { isVendorRequirement } from '../oracles/dfs-vendor-claims.js';
import { podArbitrary } from './pod-arbitrary.js';

/** Arbitrary of cases where `requirement` is applicable most of the time and a modern runsc usually starts. */
export function arbitraryFor(requirement: RequirementId): fc.Arbitrary<Case> {
  if (requirement === 'DFS-POD-HINTS' || requirement === 'DFS-POD-START') return podArbitrary();
  const base = caseFromProfile(FOCUSED_PROFILES[requirement]());
  return isVendorRequirement(requirement) ? withVendorClaim(base) : base;
}
