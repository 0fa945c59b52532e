/**
 * Capability probes on the installed real builds (skipped, with the reason, when a build is missing or the
 * suite is not root): the 2022 build rejects the mount key, the pre-feature build ignores it, the modern build
 * honours it; only the vendor build's gofer claims a mount. The probes run afresh (no cache), seven small
 * sandboxes per build.
 */
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../harness/targets.js';
import { detectCapabilities } from '../capabilities/detect.js';
import type { ClaimMode, HintMode } from '../capabilities/capabilities.js';
import { readInstalledBuilds } from '../harness/installed.js';

/** Why `runsc:<alias>` cannot be probed here, or null. */
function skipReason(alias: string): string | null {
  if (process.getuid?.() !== 0) return 'real runsc needs root';
  const build = readInstalledBuilds().find((b) => b.alias === alias);
  return build?.present === true ? null : `runsc:${alias} is not installed (run npm run setup:runsc)`;
}

const EXPECTED = [
  { alias: 'legacy', mount: 'rejected', rootfs: 'ignored', flag: false, claim: 'absent' },
  { alias: 'prefeature', mount: 'ignored', rootfs: 'rejected', flag: true, claim: 'absent' },
  { alias: 'modern', mount: 'honoured', rootfs: 'honoured', flag: true, claim: 'absent' },
  // The vendor build is the modern one plus an extension that claims only mounts named by its own annotation.
  { alias: 'vendor', mount: 'honoured', rootfs: 'honoured', flag: true, claim: 'needs-opt-out' },
] as const satisfies readonly {
  alias: string;
  mount: HintMode;
  rootfs: HintMode;
  flag: boolean;
  claim: ClaimMode;
}[];

describe.each(EXPECTED)('capabilities of runsc:$alias', (e) => {
  const skip = skipReason(e.alias);
  it.skipIf(skip !== null)(
    `mount key ${e.mount}, rootfs key ${e.rootfs}${skip === null ? '' : ` (skipped: ${skip})`}`,
    async () => {
      const target = await resolveTarget(`runsc:${e.alias}`);
      try {
        const c = await detectCapabilities(target, { timeoutMs: 60_000, cacheDir: null });
        expect(c.mountOptOut.value, c.mountOptOut.evidence).toBe(e.mount);
        expect(c.rootfsOptOut.value, c.rootfsOptOut.evidence).toBe(e.rootfs);
        expect(c.directfsFlag.value, c.directfsFlag.evidence).toBe(e.flag);
        expect(c.vendorClaim.value, c.vendorClaim.evidence).toBe(e.claim);
        for (const f of [c.mountOptOut, c.rootfsOptOut]) {
          if (f.value === 'rejected') expect(f.evidence).toMatch(/invalid (mount|rootfs) annotation.*directfs=off/);
        }
        expect(c.binarySha256).toMatch(/^[0-9a-f]{64}$/);
      } finally {
        await target.close();
      }
    },
    60_000,
  );
});
