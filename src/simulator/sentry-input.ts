/**
 * What the sentry's mount stages share (runsc boot, reference §2.1–§2.5): the
 * stage's input, a compiled mount, what a spec mount became, and the lookup
 * of the mount a path lies on. Kept apart from `sentry.ts` and
 * `submount.ts` so that neither imports the other at run time.
 */
import { cleanPath } from '../model/resolve.js';
import type { SimConfig } from './config.js';
import type { PodHint, PodHints } from './hints.js';
import type { GoferConf, HostConfs, SpecMount } from './mounts.js';
import type { MountRow } from './mountinfo.js';
import type { FaultName } from './mutants.js';
import type { ProfileSpec } from './profiles.js';
import type { SuppressionPlan } from './suppression.js';

/** What a spec mount became inside the sandbox. */
export interface MountOutcome {
  fs: '9p' | 'overlay' | 'tmpfs' | 'other';
  readOnly: boolean;
  /** 9p/overlay over lisafs without `directfs` requested. */
  suppressed: boolean;
  /** The root of the mounted filesystem is a directory. */
  dirRoot: boolean;
}

/** Input of the sentry stage. */
export interface SentryInput {
  profile: ProfileSpec;
  cfg: SimConfig;
  faults: ReadonlySet<FaultName>;
  rootReadonly: boolean;
  mounts: readonly SpecMount[];
  hints: PodHints;
  host: HostConfs;
  plan: SuppressionPlan;
  /** Whether the gofer merged its LisaFS seccomp rules (reference §4). */
  lisafsKept: boolean;
  stat: (absPath: string) => 'dir' | 'file' | 'missing';
  /** runsc's `--debug`: Debug-level lines are logged. */
  debug: boolean;
}

/** A compiled mount (compileMounts + prepareMounts). */
export interface PreparedMount {
  specIndex: number | null;
  source: string;
  destination: string;
  type: string;
  options: readonly string[];
  hint: PodHint | undefined;
  conf: GoferConf | null;
  goferFd: number | null;
}

/** Deepest mounted row covering `dest` (the latest one at an equal destination). */
export function coveringRow(rows: readonly MountRow[], dest: string): MountRow | undefined {
  const clean = cleanPath(dest);
  let best: MountRow | undefined;
  let bestLength = -1;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as MountRow;
    const p = cleanPath(r.mountPoint);
    const covers = p === '/' || clean === p || (clean.startsWith(p) && clean.charAt(p.length) === '/');
    if (covers && p.length >= bestLength) {
      best = r;
      bestLength = p.length;
    }
  }
  return best;
}
