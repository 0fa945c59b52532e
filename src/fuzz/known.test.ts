/** What makes a finding not new: the checked-in corpus, or a known upstream bug the oracles tagged. */
import { describe, expect, it } from 'vitest';
import { knownReason, knownSignatures } from './known.js';

describe('knownReason', () => {
  const corpus = new Set(['crash-runsc-39d889f5b6']);

  it('names a known upstream bug a failed verdict is tagged with, even when the corpus lacks its signature', () => {
    const verdict = { knownBug: 'subcontainer-gofer-sigsys' };
    expect(knownReason('failure-DFS-POD-START-0000000000', verdict, corpus)).toBe(
      'known upstream bug subcontainer-gofer-sigsys',
    );
  });

  it('knows a signature the corpus stands for, and nothing else', () => {
    expect(knownReason('crash-runsc-39d889f5b6', null, corpus)).toBe('known');
    expect(knownReason('failure-DFS-OPT-OUT-1234567890', {}, corpus)).toBeNull();
    expect(knownReason('failure-DFS-OPT-OUT-1234567890', null, new Set())).toBeNull();
  });

  it('reads the checked-in corpus: the runsc panic is among its signatures', () => {
    expect(knownSignatures('corpus').has('crash-runsc-39d889f5b6')).toBe(true);
  });
});
