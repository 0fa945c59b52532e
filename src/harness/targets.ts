/** Resolves `--target` strings to Targets, and picks the pre-feature reference of a target. */
import type { Target, TargetInfo } from '../model/target.js';
import { createSimTarget } from './sim-target.js';
import { readInstalledBuilds } from './installed.js';

/** True for simulator target ids (`sim`, `sim:<profile>`, `sim+mutant:<name>`, …). */
export function isSimTargetId(id: string): boolean {
  return id === 'sim' || id.startsWith('sim:') || id.startsWith('sim+');
}

/** The Target a `--target` value names (UsageError when it names nothing usable). */
export async function resolveTarget(id: string): Promise<Target> {
  if (isSimTargetId(id)) return createSimTarget(id);
  // Loaded on demand: runsc's process plumbing (execa and its dependencies) is a sixth of a sim run's startup.
  const { createRunscTarget } = await import('./runsc-target.js');
  return createRunscTarget(id);
}

/**
 * The pre-feature build to compare with for DFS-DEFAULT-UNCHANGED: the
 * simulator's `prefeature` profile for simulator targets, the installed
 * `runsc:prefeature` build for the modern-era `runsc:<alias>` builds, none
 * otherwise. A path target (a program the user named) gets no real build
 * unless `--reference` asks for one: testing a fake must not start real sandboxes.
 */
export function defaultReferenceId(info: TargetInfo): string | null {
  if (info.kind === 'sim') return info.profile === 'prefeature' ? null : 'sim:prefeature';
  if (!info.id.startsWith('runsc:')) return null;
  if (info.profile === 'prefeature' || info.profile === 'legacy') return null;
  const pre = readInstalledBuilds().find((b) => b.alias === 'prefeature');
  return pre !== undefined && pre.present ? 'runsc:prefeature' : null;
}

/**
 * The simulator id that models a real target's behaviour family, used to
 * pre-shrink its failures; null for simulator targets themselves.
 */
export function simulatorFor(info: TargetInfo): string | null {
  if (info.kind === 'sim') return null;
  if (info.profile === 'vendor' || info.profile === 'vendorbug') return `sim:${info.profile}`;
  return info.profile === 'prefeature' ? 'sim:prefeature' : info.profile === 'legacy' ? 'sim:legacy' : 'sim';
}
