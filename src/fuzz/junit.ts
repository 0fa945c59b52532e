/**
 * JUnit XML of a search or of merged shards: one testcase per finding (a
 * failure as `<failure>`, a crash or hang as `<error>`, a known one as
 * skipped), or one passing "no new findings" testcase when there is none.
 */
import junitModule, { type Builder } from 'junit-report-builder';

/** The finding fields the JUnit report shows. */
export interface JunitFinding {
  signature: string;
  kind: string;
  requirement: string | null;
  reproduced: string;
  detail: string | null;
  new: boolean;
  known: boolean;
  dir: string;
}

/** The package is CommonJS; under Node's ESM interop its default export is the builder itself. */
function junitBuilder(): Builder {
  const m = junitModule as unknown as Builder & { default?: Builder };
  return typeof m.newBuilder === 'function' ? m : (m.default as Builder);
}

/** The JUnit document: suite `name`, its properties, and a testcase per finding. */
export function buildFuzzJunit(
  name: string,
  properties: Readonly<Record<string, string>>,
  findings: readonly JunitFinding[],
  elapsedMs: number,
): string {
  const builder = junitBuilder().newBuilder();
  const suite = builder
    .testSuite()
    .name(name)
    .time(elapsedMs / 1000);
  for (const [k, v] of Object.entries(properties)) suite.property(k, v);
  const className = `directfs-conformance.${name.replace(/\s+/g, '.')}`;
  for (const f of findings) {
    const title = `${f.kind} ${f.requirement ?? 'runsc'} ${f.signature}`;
    const tc = suite.testCase().className(className).name(title);
    const message = `${f.reproduced}: ${f.detail ?? '-'}`.slice(0, 2_000);
    const state = f.known ? 'known (checked-in corpus)' : f.new ? 'new' : 'already stored';
    tc.standardOutput(`${state}; reproducer: ${f.dir}/repro.sh`);
    if (f.known) tc.skipped();
    else if (!f.new) continue;
    else if (f.kind === 'failure') tc.failure(message, f.requirement ?? 'failure');
    else tc.error(message, f.kind);
  }
  if (!findings.some((f) => f.new)) suite.testCase().className(className).name('no new findings');
  return builder.build();
}
