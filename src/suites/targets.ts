/**
 * The targets the conformance suites run against, each with the reason it is
 * skipped when it cannot run here. Shared by the suite files.
 */
import type { RequirementId } from '../model/requirements.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readInstalledBuilds } from '../harness/installed.js';

/** One target of the vitest suites. */
export interface SuiteTarget {
  id: string;
  /** Generated cases in all for this target, each judged by every requirement (real builds are slower). */
  cases: number;
  jobs: number;
  /** Why the target cannot run here, or null when it can. */
  skip: string | null;
  /** The pre-feature reference for DFS-DEFAULT-UNCHANGED, null when none can be had (the requirement is then unjudged). */
  reference: string | null;
  /** Requirements the target cannot be judged on (left out of its run, named in the test title). */
  skipRequirements?: readonly RequirementId[];
}

/** Path of the built sim-runsc executable. */
export const SIM_RUNSC = fileURLToPath(new URL('../../dist/cli/sim-runsc.js', import.meta.url));

/** The real build of an alias, with a skip reason when it is not installed. */
export function realTarget(alias: 'modern' | 'prefeature' | 'legacy', cases: number): SuiteTarget {
  const build = readInstalledBuilds().find((b) => b.alias === alias);
  const skip =
    process.getuid?.() !== 0
      ? 'real runsc needs root'
      : build === undefined || !build.present
        ? `runsc:${alias} is not installed (run npm run setup:runsc${build?.note ? `; ${build.note}` : ''})`
        : null;
  const pre = readInstalledBuilds().find((b) => b.alias === 'prefeature');
  const reference = alias === 'modern' && pre !== undefined && pre.present ? 'runsc:prefeature' : null;
  return { id: `runsc:${alias}`, cases, jobs: 2, skip, reference };
}

/** The simulator targets: in-process and through the sim-runsc executable. */
export function simTargets(): SuiteTarget[] {
  return [
    { id: 'sim', cases: 400, jobs: 1, skip: null, reference: 'sim:prefeature' },
    {
      id: SIM_RUNSC,
      cases: 40,
      jobs: 2,
      skip: existsSync(SIM_RUNSC) ? null : 'dist/cli/sim-runsc.js is not built (npm test builds it first)',
      reference: 'sim:prefeature',
      // sim-runsc speaks only `run`: no create/start/wait, so no pods.
      skipRequirements: ['DFS-POD-HINTS', 'DFS-POD-START'],
    },
  ];
}
