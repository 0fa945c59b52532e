/** Builds JUnit XML from a SuiteResult: one testcase per requirement and per example-table row. */
import junitModule, { type Builder } from 'junit-report-builder';
import type { SuiteResult } from '../model/result.js';
import type { GateDecision } from '../model/result.js';
import { REQUIREMENTS } from '../model/requirements.js';
import { formatCounterexample } from './text.js';
import { knownBugsOf } from './known-bugs.js';

/** The package is CommonJS; under Node's ESM interop its default export is the builder itself. */
function junitBuilder(): Builder {
  const m = junitModule as unknown as Builder & { default?: Builder };
  return typeof m.newBuilder === 'function' ? m : (m.default as Builder);
}

/** The JUnit XML document as a string (written by the CLI). */
export function buildJunitXml(r: SuiteResult, gate: GateDecision): string {
  const builder = junitBuilder().newBuilder();
  const suite = builder
    .testSuite()
    .name(`directfs-conformance ${r.target.id}`)
    .time(r.wallMs / 1000);
  suite
    .property('target', r.target.id)
    .property('version', r.target.version)
    .property('seed', String(r.seed))
    .property('cases', String(r.cases));
  suite
    .property('gate', gate.summary)
    .property('exitCode', String(gate.exitCode))
    .property('interrupted', String(r.interrupted));
  if (r.interrupted) {
    const tc = suite.testCase().className(`directfs-conformance.${r.target.id}`).name('run completed');
    tc.error('the run was interrupted; requirements after the interruption were not judged', 'interrupted');
  }
  const allowed = new Set(gate.unjudged.filter((u) => u.allowed).map((u) => u.id));
  for (const req of r.requirements) {
    const tc = suite
      .testCase()
      .className(`directfs-conformance.${r.target.id}`)
      .name(`${req.id}: ${REQUIREMENTS[req.id]}`);
    const summary = `runs=${req.runs} observedMounts=${req.observedMounts} passed=${req.counts.passed} failed=${req.counts.failed} unobservable=${req.counts.unobservable} notApplicable=${req.counts.notApplicable} indeterminate=${req.counts.indeterminate}`;
    if (req.status === 'failed') {
      const ce = req.counterexample;
      tc.failure(ce === null ? `${req.id} failed` : ce.verdict.detail, req.id);
      tc.standardOutput(`${summary}\n${ce === null ? '' : formatCounterexample(ce)}`);
    } else if (req.status === 'indeterminate') {
      tc.error(`${req.id}: ${req.counts.indeterminate} case(s) timed out or crashed; no verdict`, 'indeterminate');
      tc.standardOutput(summary);
    } else if (req.status !== 'passed' && allowed.has(req.id)) {
      tc.skipped();
      tc.standardOutput(`${req.status} (allowed by --allow-unjudged): ${req.reason ?? ''}\n${summary}`);
    } else if (req.status !== 'passed') {
      tc.error(`${req.id} ${req.status} for the whole run, not a pass: ${req.reason ?? ''}`, 'unjudged');
      tc.standardOutput(`${req.status}: ${summary}`);
    } else {
      tc.standardOutput(summary);
    }
  }
  // Expected failures: a known upstream bug is a skipped test case, or a failure under --strict-known-bugs.
  const strict = gate.exitCode === 1 && gate.failed.length === 0;
  for (const b of knownBugsOf(r)) {
    const tc = suite
      .testCase()
      .className(`directfs-conformance.${r.target.id}.known-bugs`)
      .name(`${b.requirement} known upstream bug ${b.id}`);
    const text = `${b.cases} case(s): ${b.summary}; reproducer: ${b.reproducer}; e.g. ${b.example}`;
    if (strict) tc.failure(text, 'known-bug');
    else tc.skipped();
    tc.standardOutput(`expected failure (known upstream bug): ${text}`);
  }
  for (const ex of r.examples) {
    const tc = suite.testCase().className(`directfs-conformance.${r.target.id}.examples`).name(ex.name);
    const own = ex.verdicts.filter((v) => v.status === 'failed');
    if (own.length > 0) tc.failure(own.map((v) => `${v.requirement}: ${v.detail}`).join('\n'), 'example');
    tc.standardOutput(ex.verdicts.map((v) => `${v.requirement}=${v.status}`).join(' '));
  }
  return builder.build();
}
