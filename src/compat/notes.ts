/**
 * Portability notes: sentences a spec author or a vendor can act on, derived
 * from the probed capabilities only (pure). One note per behaviour that
 * differs from the post-feature contract, and one per flag default that
 * differs between the targets of the report.
 */
import type { TargetInfo } from '../model/target.js';
import type { Capabilities } from '../capabilities/capabilities.js';
import type { PortabilityNote } from './model.js';

/** What the notes read about one target. */
export interface NoteInput {
  info: TargetInfo;
  capabilities: Capabilities;
}

const MOUNT_KEY = 'dev.gvisor.spec.mount.<NAME>.directfs: "off"';
const ROOTFS_KEY = 'dev.gvisor.spec.rootfs.directfs: "off"';

function named(t: NoteInput): string {
  return `${t.info.id} (${t.info.version})`;
}

function notesOfTarget(t: NoteInput): string[] {
  const c = t.capabilities;
  const out: string[] = [];
  if (c.mountOptOut.value === 'rejected') {
    out.push(
      `A spec carrying ${MOUNT_KEY} fails to start on ${named(t)}: the annotation is rejected at sandbox creation ` +
        `(${c.mountOptOut.evidence}). Remove the key from specs sent to this build.`,
    );
  }
  if (c.mountOptOut.value === 'ignored') {
    const warned = c.mountOptOut.evidence.includes('warning:') ? ' (only a log warning says so)' : '';
    out.push(
      `On ${named(t)} the mount annotation is silently ignored${warned}: an opted-out mount keeps directfs ` +
        `(${c.mountOptOut.evidence}), so a gofer that cannot donate a host FD fails there, and DFS-OPT-OUT fails. ` +
        'Use --directfs=false for the whole sandbox on this build instead.',
    );
  }
  if (c.rootfsOptOut.value === 'rejected') {
    out.push(
      `A spec carrying ${ROOTFS_KEY} fails to start on ${named(t)}: ${c.rootfsOptOut.evidence}. ` +
        'Remove the rootfs key for this build.',
    );
  }
  if (c.rootfsOptOut.value === 'ignored') {
    const keeps =
      c.directfsVisible.value === false ? 'this build shows no directfs on any mount' : 'the root keeps directfs';
    out.push(
      `On ${named(t)} the rootfs opt-out is ignored: the sandbox starts and ${keeps} (${c.rootfsOptOut.evidence}).`,
    );
  }
  if (c.directfsFlag.value === false) {
    out.push(
      `${named(t)} has no --directfs flag (${c.directfsFlag.evidence}): leave the flag out of its command line; ` +
        'it serves every mount over the gofer anyway.',
    );
  }
  if (c.vendorClaim.value === 'needs-opt-out') {
    out.push(
      `On ${named(t)} a mount its vendor gofer claims fails to start without the opt-out ` +
        `(${c.vendorClaim.evidence}) and starts with it: give every claimed mount a hint with ${MOUNT_KEY}.`,
    );
  }
  if (c.vendorClaim.value === 'fails-opted-out') {
    out.push(
      `On ${named(t)} a mount its vendor gofer claims fails to start even opted out: ${c.vendorClaim.evidence}.`,
    );
  }
  for (const [what, f] of [
    ['mount opt-out', c.mountOptOut],
    ['rootfs opt-out', c.rootfsOptOut],
  ] as const) {
    if (f.value === 'undetermined') {
      out.push(`The ${what} of ${named(t)} could not be probed (${f.evidence}); its cells are judged in full.`);
    }
  }
  return out;
}

function overlayNote(targets: readonly NoteInput[]): PortabilityNote | null {
  const byShape = new Map<string, string[]>();
  for (const t of targets) {
    const shape = t.capabilities.overlayDefault.value;
    if (shape === 'undetermined') continue;
    byShape.set(shape, [...(byShape.get(shape) ?? []), t.info.id]);
  }
  if (byShape.size < 2) return null;
  const parts = [...byShape].map(
    ([shape, ids]) => `${shape === 'overlay' ? 'an overlay' : 'a gofer (9p) mount'} on ${ids.join(', ')}`,
  );
  return {
    targets: [...byShape.values()].flat(),
    text:
      `Without --overlay2 the root is ${parts.join(' but ')}: pass --overlay2 explicitly when the root's ` +
      'options (and its directfs state) matter.',
  };
}

/** The notes of a report's targets, per target in column order, then the ones comparing targets. */
export function portabilityNotes(targets: readonly NoteInput[]): PortabilityNote[] {
  const notes = targets.flatMap((t) => notesOfTarget(t).map((text) => ({ targets: [t.info.id], text })));
  const overlay = overlayNote(targets);
  return overlay === null ? notes : [...notes, overlay];
}
