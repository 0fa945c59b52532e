import { describe, expect, it } from 'vitest';
import { isProfileName, PROFILE_NAMES, PROFILES } from './profiles.js';

describe('PROFILES', () => {
  it('lists modern first and knows exactly the three stock builds and the vendor build (with its planted fault)', () => {
    expect(PROFILE_NAMES).toEqual(['modern', 'prefeature', 'legacy', 'vendor', 'vendorbug']);
    expect(isProfileName('modern')).toBe(true);
    expect(isProfileName('toString')).toBe(false);
  });

  it('gives every log site as file.go:line', () => {
    for (const name of PROFILE_NAMES) {
      for (const site of Object.values(PROFILES[name].sites)) expect(site).toMatch(/^[a-z_]+\.go:\d+$/);
    }
  });

  it('orders the builds by feature: only modern honours the directfs keys', () => {
    expect(PROFILE_NAMES.map((n) => [PROFILES[n].hintDirectfs, PROFILES[n].rootfsHint])).toEqual([
      ['honoured', 'honoured'],
      ['unknown-key', 'no-directfs-key'],
      ['unknown-key', 'absent'],
      ['honoured', 'honoured'],
      ['honoured', 'honoured'],
    ]);
  });

  it('keeps the LisaFS rules out of the base gofer count (reference §4)', () => {
    for (const name of ['modern', 'prefeature'] as const)
      expect(PROFILES[name].seccomp.goferLisafs).toBeGreaterThan(PROFILES[name].seccomp.goferBase);
    expect(PROFILES.modern.seccomp.goferLisafs - PROFILES.modern.seccomp.goferBase).toBe(16);
  });
});
