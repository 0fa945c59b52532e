/**
 * On the real modern build: the known panic (a `self` overlay of a missing
 * bind source) is a crash finding, kept with a runnable repro.sh. Skipped
 * when runsc:modern is not installed or the test is not root.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Case } from '../model/case.js';
import { resolveTarget } from '../harness/targets.js';
import { ObservationCache, type Evaluator } from '../runner/evaluate.js';
import { realTarget } from '../suites/targets.js';
import { findingsOf } from './finding.js';
import { judgeEvery } from './loop.js';
import { MISSING_SOURCE } from './mutate.js';
import { reproduceFinding } from './reproduce.js';
import { storeFinding } from './store.js';

const modern = realTarget('modern', 1);
const work = mkdtempSync(join(tmpdir(), 'dfc-fuzz-real-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SELF_OVERLAY_OF_MISSING_SOURCE: Case = {
  flags: { directfs: null, overlay2: 'all:self', fileAccess: null, fileAccessMounts: null },
  spec: {
    root: { path: 'rootfs', readonly: false },
    mounts: [{ destination: '/data', type: 'bind', source: MISSING_SOURCE, options: ['rbind'] }],
    annotations: {},
  },
  fixtures: [],
};

describe.skipIf(modern.skip !== null)(
  `the known panic on runsc:modern${modern.skip ? ` (${modern.skip})` : ''}`,
  () => {
    it('is a deterministic crash finding stored with the runsc command line', async () => {
      const target = await resolveTarget('runsc:modern');
      const fresh = (): Evaluator => ({ subject: new ObservationCache(target, 60_000), reference: null });
      try {
        const { obs, verdicts } = await judgeEvery(fresh(), SELF_OVERLAY_OF_MISSING_SOURCE);
        const crash = findingsOf(SELF_OVERLAY_OF_MISSING_SOURCE, obs, verdicts).find((f) => f.kind === 'crash');
        expect(crash, JSON.stringify(obs.error)).toBeDefined();
        const found = await reproduceFinding(crash!, { shrinkOn: null, freshTarget: fresh });
        expect(found.reproduced).toBe('deterministic 3/3');
        const { dir } = storeFinding(work, found, target.info);
        expect(dir).toMatch(/findings\/crash-runsc-[0-9a-f]{10}$/);
        const script = readFileSync(join(dir, 'repro.sh'), 'utf8');
        expect(script).toContain(`'--overlay2=all:self' 'run' '--bundle' "$B"`);
        expect(readFileSync(join(dir, 'verdict.txt'), 'utf8')).toMatch(/error: panic: /);
      } finally {
        await target.close();
      }
    }, 120_000);
  },
);
