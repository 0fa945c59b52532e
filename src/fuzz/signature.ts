/**
 * Behaviour signatures: what of an observation tells one behaviour from
 * another for the guided search (mounts by role, fs type and directfs state, start
 * outcome and error stage, hint warnings, workload results per operation).
 */
import { createHash } from 'node:crypto';
import type { Observation } from '../model/observation.js';
import { errorStage, normalizeError } from '../model/normalize.js';

/** A short stable hash of `text` (hex). */
export function shortHash(text: string, length = 12): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** A hint warning reduced to its kind: quoted values, paths and numbers masked. */
export function warningKind(warning: string): string {
  return warning
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\$ROOT\S*/g, 'PATH')
    .replace(/\d+/g, 'N');
}

/** The behaviour of `obs` as a canonical text (the signature before hashing). */
export function behaviourText(obs: Observation): string {
  // Where a mount sits (its name) and how many alike there are is incidental: which kinds of mount there are
  // (the root or a submount, fs type, directfs state) is not.
  const mounts = [
    ...new Set(obs.mounts.map((m) => `${m.mountPoint === '/' ? 'root' : 'sub'} ${m.fsType} ${m.directfs}`)),
  ];
  mounts.sort();
  const warnings = [...new Set(obs.hintWarnings.map(warningKind))].sort();
  const ops = new Map<string, string>();
  for (const w of obs.workload) {
    const seen = ops.get(w.op);
    ops.set(w.op, seen === 'fail' || !w.ok ? 'fail' : 'ok');
  }
  const workload = [...ops.entries()].map(([op, r]) => `${op}:${r}`).sort();
  return [
    `outcome ${obs.outcome}`,
    `stage ${errorStage(normalizeError(obs.error)) ?? '-'}`,
    `mounts ${mounts.join('; ')}`,
    `warnings ${warnings.join('; ')}`,
    `workload ${workload.join(' ')}`,
  ].join('\n');
}

/** The behaviour signature of `obs`: a short hash of {@link behaviourText}. */
export function behaviourSignature(obs: Observation): string {
  return shortHash(behaviourText(obs));
}
