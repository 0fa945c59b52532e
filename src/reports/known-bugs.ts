/**
 * Known upstream bugs in the reports: every run lists each one it met as an
 * expected failure (text, results JSON, JUnit); it does not fail the gate
 * unless `--strict-known-bugs` asks for it.
 */
import type { GateDecision, SuiteResult } from '../model/result.js';
import { KNOWN_BUGS, type KnownBugId } from '../oracles/dfs-pod-known-bugs.js';

/** One known bug met by a run: which requirement met it, on how many cases, with one verdict's detail. */
export interface KnownBugSeen {
  id: string;
  requirement: string;
  cases: number;
  summary: string;
  reproducer: string;
  example: string;
}

function describe(id: string): { summary: string; reproducer: string } {
  const bug = (KNOWN_BUGS as Record<string, (typeof KNOWN_BUGS)[KnownBugId] | undefined>)[id];
  return bug === undefined ? { summary: '(unknown id)', reproducer: '' } : bug;
}

/** Every known bug a run met, per requirement. */
export function knownBugsOf(r: SuiteResult): KnownBugSeen[] {
  return r.requirements.flatMap((q) =>
    (q.knownBugs ?? []).map((k) => ({
      ...describe(k.id),
      id: k.id,
      requirement: q.id,
      cases: k.cases,
      example: k.example,
    })),
  );
}

/** Text lines for the summary (none when no known bug was met). */
export function formatKnownBugs(r: SuiteResult, strict: boolean): string {
  const seen = knownBugsOf(r);
  if (seen.length === 0) return '';
  const how = strict
    ? 'failing the gate (--strict-known-bugs)'
    : 'not failing the gate (--strict-known-bugs to fail it)';
  const lines = [`expected failures: known upstream bugs, ${how}:`];
  for (const b of seen) {
    lines.push(`  ${b.requirement} ${b.id}: ${b.cases} case(s): ${b.summary}`);
    lines.push(`    reproducer: ${b.reproducer} RUNSC`, `    e.g. ${b.example}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The gate with `--strict-known-bugs`: a met known bug fails it (exit 1) unless something else already did. */
export function strictGate(g: GateDecision, r: SuiteResult): GateDecision {
  const seen = knownBugsOf(r);
  if (seen.length === 0 || g.exitCode === 1) return g;
  const ids = [...new Set(seen.map((b) => b.id))].join(', ');
  return { ...g, exitCode: 1, summary: `FAILED (--strict-known-bugs): known upstream bug(s) met: ${ids}` };
}
