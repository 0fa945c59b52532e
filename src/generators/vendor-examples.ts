/**
 * Hand-written vendor rows: a mount the vendor gofer claims, opted out, beside
 * one it does not claim. On a build without such a gofer the claim annotation
 * is inert and the rows are plain opt-out cases.
 */
import { CLAIM_ANNOTATION } from '../model/vendor-claim.js';
import { bind, bindHint, makeCase, type Example } from './_internals/example-kit.js';
import { rootPath } from './_internals/vocabulary.js';

const claimVol1 = { [CLAIM_ANNOTATION]: rootPath('vol1') };

/** The vendor rows of the example table. */
export const VENDOR_EXAMPLES: readonly Example[] = [
  {
    name: 'vendor-claimed-opted-out',
    requirement: 'DFS-VENDOR-OPT-OUT',
    case: makeCase({
      flags: { overlay2: 'none' },
      mounts: [bind('/data', 'vol1')],
      annotations: [bindHint('h1', 'vol1', { directfs: 'off' }), claimVol1],
    }),
  },
  {
    name: 'vendor-claimed-beside-unclaimed',
    requirement: 'DFS-VENDOR-KEEP',
    case: makeCase({
      flags: { overlay2: 'none' },
      mounts: [bind('/data', 'vol1'), bind('/m1', 'vol2')],
      annotations: [bindHint('h1', 'vol1', { directfs: 'off' }), claimVol1],
    }),
  },
];
