/**
 * Every `not-applicable` verdict says why, and every reason an oracle can give
 * is reached by some case: the example table and generated cases on the
 * simulator (with and without a pre-feature reference), plus the two contexts
 * a run never builds (a paired run that was not made).
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REQUIREMENT_IDS } from '../model/requirements.js';
import { createSimTarget } from '../harness/sim-target.js';
import { ObservationCache, contextFor, type Evaluator } from '../runner/evaluate.js';
import { EXAMPLES } from '../generators/examples.js';
import { arbitraryFor } from '../generators/index.js';
import { judgeAll } from './index.js';
import { caseOf, hint, observedPair, recordedContext, recordedObs, startFailed } from './__fixtures__/kit.js';
import { withoutDirectfsKeys } from '../model/transforms.js';
import type { OracleContext } from './oracle.js';
import type { Case } from '../model/case.js';
import { CLAIM_ANNOTATION } from '../model/vendor-claim.js';
import { POD_EXAMPLES } from '../generators/pod-examples.js';
import { claimCase, vendorContext } from './__fixtures__/dfs-vendor-kit.js';

/** The fixed text each `verdict(…, 'not-applicable', …)` in the oracles starts with. */
function reasonPrefixes(): string[] {
  const dir = new URL('./', import.meta.url);
  const out = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
    const src = readFileSync(new URL(f, dir), 'utf8');
    for (const m of src.matchAll(/'not-applicable',\s*[`']([^`'$]*)/g))
      if ((m[1] ?? '').length >= 8) out.add(m[1] as string);
  }
  return [...out];
}

async function reasonsSeen(): Promise<string[]> {
  const subject = new ObservationCache(createSimTarget('sim'), 10_000);
  const withRef: Evaluator = { subject, reference: new ObservationCache(createSimTarget('sim:prefeature'), 10_000) };
  const noRef: Evaluator = { subject, reference: null };
  // The vendor requirements apply only where a gofer claims mounts.
  const vendor: Evaluator = { subject: new ObservationCache(createSimTarget('sim:vendor'), 10_000), reference: null };
  const generated = REQUIREMENT_IDS.flatMap((id) => fc.sample(arbitraryFor(id), { seed: 11, numRuns: 25 }));
  const cases = [...EXAMPLES.map((e) => e.case), ...generated];
  const details: string[] = [];
  for (const ev of [withRef, noRef, vendor]) {
    for (const c of cases) {
      for (const v of judgeAll(await contextFor(ev, c, REQUIREMENT_IDS))) {
        if (v.status === 'not-applicable') details.push(v.detail);
      }
    }
  }
  for (const ctx of [...rareContexts(), ...(await rareVendorAndPodContexts())]) {
    for (const v of judgeAll(ctx)) if (v.status === 'not-applicable') details.push(v.detail);
  }
  return details;
}

/** Contexts a simulator run does not build: a paired run not made, a flaky hint set, errors that come first. */
function rareContexts(): OracleContext[] {
  const flaky = recordedContext('modern-flaky-gofer-fatal', undefined, 'prefeature-optout-none-paired');
  const podFirst = caseOf([], { 'dev.gvisor.spec.rootfs.directfs': 'off', 'dev.gvisor.spec.mount.a.b.c': 'x' });
  const failed = recordedObs('modern-duplicate-sources');
  // An option the contract does not cover: the paired run may fail to start without that being held against it.
  const data = { destination: '/data', type: 'bind', source: '$ROOT/vol1', options: ['weird'] };
  const uncovered = caseOf([data], hint('h', '$ROOT/vol1', 'off'));
  const started = recordedObs('modern-optout-none');
  // Spec validation rejects a shared bind before any hint is parsed.
  const shared = { destination: '/s', type: 'bind', source: '$ROOT/vol2', options: ['rbind', 'shared'] };
  const specFirst = caseOf([shared], { 'dev.gvisor.spec.mount.a.b.c': 'x' });
  const specError = startFailed(started, 'FetchSpec failed: reading spec: mount option "shared" is not supported');
  return [
    recordedContext('modern-optout-none'),
    flaky,
    { ...flaky, case: withoutDirectfsKeys(flaky.case), paired: { kind: 'no-keys' } },
    { case: podFirst, obs: failed, paired: observedPair(failed), reference: null },
    { case: uncovered, obs: started, paired: observedPair(startFailed(started, 'boom')), reference: null },
    { case: specFirst, obs: specError, paired: observedPair(specError), reference: null },
  ];
}

/** Vendor and pod contexts the generators seldom make: a malformed claim, a fatal hint beside a claim or in a pod. */
async function rareVendorAndPodContexts(): Promise<OracleContext[]> {
  const fatal = { 'dev.gvisor.spec.mount.a.b.c': 'x' };
  const claimed = claimCase({ offC: true });
  const withFatal = { ...claimed, spec: { ...claimed.spec, annotations: { ...claimed.spec.annotations, ...fatal } } };
  const malformed = {
    ...claimed,
    spec: { ...claimed.spec, annotations: { ...claimed.spec.annotations, [CLAIM_ANNOTATION]: '[' } },
  };
  const pod = POD_EXAMPLES[0]?.case as Case;
  const podFatal = { ...pod, spec: { ...pod.spec, annotations: { ...pod.spec.annotations, ...fatal } } };
  return [await vendorContext(withFatal), await vendorContext(malformed), await vendorContext(podFatal, 'sim', 'sim')];
}

describe('not-applicable reasons', () => {
  it('are all given with text a reader can check, and each is reached', async () => {
    const details = await reasonsSeen();
    for (const d of details) expect(d.trim().length, d).toBeGreaterThanOrEqual(15);
    const missing = reasonPrefixes().filter((p) => !details.some((d) => d.startsWith(p) || d.includes(p)));
    expect(missing).toEqual([]);
  }, 120_000);
});
