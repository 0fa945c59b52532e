/** Builds JUnit XML from a SuiteResult: one testcase per requirement and per example-table row. */
import junitModule, { type Builder } from 'junit-report-builder';
import type { SuiteResult } from '../runner/suite.js';
import { REQUIREMENTS } from '../model/requirements.js';
import { formatCounterexample } from './text.js';

/** The package is CommonJS; under Node's ESM interop its default export is the builder itself. */
function junitBuilder(): Builder {
  const m = junitModule as unknown as Builder & { default?: Builder };
  return typeof m.newBuilder === 'function' ? m : (m.default as Builder);
}

/** The JUnit XML document as a string (written by the CLI). */
export function buildJunitXml(r: SuiteResult): string {
  const builder = junitBuilder().newBuilder();
  const suite = builder.testSuite().name(`directfs-conformance ${r.target.id}`).time(r.wallMs / 1000);
  suite.property('target', r.target.id).property('version', r.target.version).property('seed', String(r.seed)).property('cases', String(r.cases));
  for (const req of r.requirements) {
    const tc = suite.testCase().className(`directfs-conformance.${r.target.id}`).name(`${req.id}: ${REQUIREMENTS[req.id]}`);
    const summary = `runs=${req.runs} observedMounts=${req.observedMounts} passed=${req.counts.passed} failed=${req.counts.failed} unobservable=${req.counts.unobservable} notApplicable=${req.counts.notApplicable} indeterminate=${req.counts.indeterminate}`;
    if (req.status === 'failed') {
      const ce = req.counterexample;
      tc.failure(ce === null ? `${req.id} failed` : ce.verdict.detail, req.id);
      tc.standardOutput(`${summary}\n${ce === null ? '' : formatCounterexample(ce)}`);
    } else if (req.status === 'indeterminate') {
      tc.error(`${req.id}: ${req.counts.indeterminate} case(s) timed out or crashed; no verdict`, 'indeterminate');
      tc.standardOutput(summary);
    } else if (req.status !== 'passed') {
      tc.skipped();
      tc.standardOutput(`${req.status}: ${summary}`);
    } else {
      tc.standardOutput(summary);
    }
  }
  for (const ex of r.examples) {
    const tc = suite.testCase().className(`directfs-conformance.${r.target.id}.examples`).name(ex.name);
    const own = ex.verdicts.filter((v) => v.status === 'failed');
    if (own.length > 0) tc.failure(own.map((v) => `${v.requirement}: ${v.detail}`).join('\n'), 'example');
    tc.standardOutput(ex.verdicts.map((v) => `${v.requirement}=${v.status}`).join(' '));
  }
  return builder.build();
}
