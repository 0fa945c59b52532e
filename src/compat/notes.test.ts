import { describe, expect, it } from 'vitest';
import type { TargetInfo } from '../model/target.js';
import type { Capabilities, HintMode, RootShape } from '../capabilities/capabilities.js';
import { portabilityNotes } from './notes.js';

function input(id: string, mount: HintMode, rootfs: HintMode, flag: boolean, root: RootShape) {
  const info: TargetInfo = { id, kind: 'runsc', path: `/x/${id}`, version: `${id}-version`, profile: 'unknown' };
  const capabilities: Capabilities = {
    schema: 1,
    probeVersion: 3,
    mountOptOut: { value: mount, evidence: `mount evidence of ${id}` },
    rootfsOptOut: { value: rootfs, evidence: `rootfs evidence of ${id}` },
    directfsFlag: { value: flag, evidence: 'flag provided but not defined: -directfs' },
    directfsVisible: { value: flag, evidence: 'e' },
    overlayDefault: { value: root, evidence: 'e' },
    vendorClaim: { value: 'absent', evidence: 'e' },
    binarySha256: null,
  };
  return { info, capabilities };
}

describe('portabilityNotes', () => {
  it('says nothing about a build that honours both keys when the builds agree on the overlay', () => {
    expect(portabilityNotes([input('runsc:modern', 'honoured', 'honoured', true, 'overlay')])).toEqual([]);
  });
  it('tells rejected, ignored and missing-flag builds apart in sentences naming build and version', () => {
    const notes = portabilityNotes([
      input('runsc:legacy', 'rejected', 'ignored', false, 'gofer'),
      input('runsc:prefeature', 'ignored', 'rejected', true, 'overlay'),
    ]).map((n) => n.text);
    expect(
      notes.some((n) =>
        n.startsWith(
          'A spec carrying dev.gvisor.spec.mount.<NAME>.directfs: "off" fails to start on runsc:legacy ' +
            '(runsc:legacy-version): the annotation is rejected at sandbox creation',
        ),
      ),
    ).toBe(true);
    expect(
      notes.some(
        (n) =>
          n.includes('On runsc:prefeature (runsc:prefeature-version) the mount annotation is silently ignored') &&
          n.includes('DFS-OPT-OUT fails'),
      ),
    ).toBe(true);
    expect(
      notes.some((n) => n.includes('dev.gvisor.spec.rootfs.directfs: "off" fails to start on runsc:prefeature')),
    ).toBe(true);
    expect(notes.some((n) => n.includes('runsc:legacy (runsc:legacy-version) has no --directfs flag'))).toBe(true);
    expect(notes.at(-1)).toContain(
      'Without --overlay2 the root is a gofer (9p) mount on runsc:legacy but an overlay on runsc:prefeature',
    );
  });
});
