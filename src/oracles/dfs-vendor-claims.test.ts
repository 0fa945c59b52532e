import { describe, expect, it } from 'vitest';
import { CLAIM_ANNOTATION, matchGlob } from '../model/vendor-claim.js';
import { caseOf, hint } from './__fixtures__/kit.js';
import { claimCase } from './__fixtures__/dfs-vendor-kit.js';
import { contractOf } from './contract.js';
import { claimsMounts, claimingHostFdWarnings, isVendorRequirement, vendorClaimsOf } from './dfs-vendor-claims.js';

describe('matchGlob (Go path.Match)', () => {
  it('matches within one path element only, with classes, ranges and escapes', () => {
    expect(matchGlob('/r/vol*', '/r/vol1')).toBe(true);
    expect(matchGlob('/r/*', '/r/a/b')).toBe(false);
    expect(matchGlob('/r/vol?', '/r/vol12')).toBe(false);
    expect(matchGlob('/r/vol[1-2]', '/r/vol2')).toBe(true);
    expect(matchGlob('/r/vol[^1]', '/r/vol1')).toBe(false);
    expect(matchGlob('/r/a\\*', '/r/a*')).toBe(true);
    expect(matchGlob('/r/a\\*', '/r/ab')).toBe(false);
    expect(matchGlob('/r/a.b', '/r/axb')).toBe(false);
    expect(matchGlob('$ROOT/v*', '$ROOT/vol1')).toBe(true);
  });

  it('reports malformed patterns as Go does', () => {
    for (const bad of ['/r/[', '/r/[]', '/r/a\\', '/r/[b-a]']) expect(matchGlob(bad, '/r/x')).toBe('bad-pattern');
  });
});

describe('vendor claims in the contract', () => {
  it('finds the claimed gofer mounts and the claimed root', () => {
    const c = claimCase({ offC: true });
    const k = contractOf(c);
    expect(vendorClaimsOf(c, k.mounts, k.root).mounts.map((m) => m.destination)).toEqual(['/c']);
    const all = { ...c, spec: { ...c.spec, annotations: { ...c.spec.annotations, [CLAIM_ANNOTATION]: '$ROOT/*' } } };
    const v = vendorClaimsOf(all, contractOf(all).mounts, contractOf(all).root);
    expect([v.mounts.length, v.root]).toEqual([2, true]);
  });

  it('leaves to the build the start of a claimed mount with directfs and the host-FD count of an opted-out one', () => {
    expect(contractOf(claimCase()).expectStart).toBe('unknown');
    expect(contractOf(claimCase()).uncovered.join()).toContain('vendor-claimed mounts keep directfs (/c)');
    const off = contractOf(claimCase({ offC: true, offU: true }));
    expect([off.expectStart, off.hostFdWarnings, off.hostFdClaimDependent]).toEqual(['yes', 2, true]);
    const c = claimCase({ offC: true, offU: true });
    expect(claimingHostFdWarnings(off, vendorClaimsOf(c, off.mounts, off.root))).toBe(1);
    const plain = contractOf(
      caseOf([{ destination: '/c', type: 'bind', source: '$ROOT/vol1' }], hint('c', '$ROOT/vol1', 'off')),
    );
    expect([plain.expectStart, plain.hostFdClaimDependent]).toEqual(['yes', false]);
  });

  it('applies DFS-VENDOR-* to claiming targets only', () => {
    expect(isVendorRequirement('DFS-VENDOR-KEEP')).toBe(true);
    expect(isVendorRequirement('DFS-KEEP')).toBe(false);
    const profiles = ['vendor', 'vendorbug', 'modern', 'unknown'] as const;
    expect(profiles.map((profile) => claimsMounts({ profile }))).toEqual([true, true, false, false]);
  });
});
