/** Loads the recorded real-runsc runs stored beside this file (test support only). */
import { readFileSync } from 'node:fs';
import type { Case } from '../../model/case.js';
import type { RawRun } from '../../model/raw-run.js';

/** One recorded run: the case it ran, the build, and what runsc printed (logs are excerpts). */
export interface RecordedRun {
  build: 'modern' | 'prefeature' | 'legacy';
  note: string;
  case: Case;
  raw: RawRun;
}

/** Names of the recorded runs. */
export const RECORDED = [
  'modern-optout-none',
  'modern-optout-none-paired',
  'prefeature-optout-none-paired',
  'modern-default-overlay',
  'modern-all-memory',
  'modern-duplicate-sources',
  'modern-rootfs-missing-fields',
  'modern-rootfs-invalid-value',
  'modern-invalid-values',
  'modern-rootfs-optout',
  'modern-flaky-gofer-fatal',
  'modern-directfs-false',
  'modern-rootfs-hint-paired',
  'modern-rootfs-optout-overlay',
  'modern-shadowed-destination',
  'legacy-basic',
  'legacy-directfs-flag',
] as const;
export type RecordedName = (typeof RECORDED)[number];

/** Reads one recorded run. */
export function loadRecorded(name: RecordedName): RecordedRun {
  return JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8')) as RecordedRun;
}
