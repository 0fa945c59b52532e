/**
 * Findings: what the fuzzer keeps. A failure (a requirement failed), a crash
 * (runsc panicked or died by a signal, or the probe never finished) or a hang
 * (timed out), with the signature that deduplicates it.
 */
import type { Case } from '../model/case.js';
import type { Observation } from '../model/observation.js';
import type { RequirementId } from '../model/requirements.js';
import type { Verdict } from '../model/verdict.js';
import { normalizeError } from '../model/normalize.js';
import { shortHash } from './signature.js';

/** The kinds of finding, in the order a report lists them. */
export const FINDING_KINDS = ['failure', 'crash', 'hang'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** One finding, before or after shrinking. */
export interface Finding {
  kind: FindingKind;
  /** The failed requirement; null for crashes and hangs. */
  requirement: RequirementId | null;
  case: Case;
  obs: Observation;
  /** The failed verdict of a failure; null otherwise. */
  verdict: Verdict | null;
}

/** A Go panic or a fatal signal in a start error. */
const PANIC = /\bpanic:|\bfatal error:|\bSIG(?:SEGV|ABRT|BUS|ILL|KILL)\b|goroutine \d+ \[/;

/** The crash or hang `obs` shows, or null for a run that ended normally (started or a clean start failure). */
export function runFindingKind(obs: Observation): 'crash' | 'hang' | null {
  if (obs.outcome === 'timed-out') return 'hang';
  if (obs.outcome === 'crashed') return 'crash';
  if (obs.error !== null && PANIC.test(obs.error)) return 'crash';
  if (obs.exitCode !== null && obs.exitCode > 128) return 'crash';
  return null;
}

/** Every finding of one judged case: one per failed verdict, plus its crash or hang. */
export function findingsOf(c: Case, obs: Observation, verdicts: readonly Verdict[]): Finding[] {
  const out: Finding[] = verdicts
    .filter((v) => v.status === 'failed')
    .map((v) => ({ kind: 'failure', requirement: v.requirement, case: c, obs, verdict: v }));
  const run = runFindingKind(obs);
  if (run !== null) out.push({ kind: run, requirement: null, case: c, obs, verdict: null });
  return out;
}

/** A message with what varies between equal findings masked: pod container names, quoted values, paths, numbers. */
export function normalizeMessage(text: string): string {
  return (normalizeError(text) ?? '')
    .replace(/\bcontainer [\w.-]+:/g, 'container C:')
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/(?:\$ROOT)?\/[\w./$-]*/g, 'PATH')
    .replace(/\d+/g, 'N')
    .slice(0, 400);
}

/** The shape of the mount a finding concerns: its spec type, its source kind, and the fs type observed there. */
export function failingMountShape(f: Finding): string {
  const dest = f.verdict?.mount;
  if (dest === undefined) return f.kind === 'failure' ? 'case' : `start ${f.obs.outcome}`;
  if (dest === '/') return `root ${f.case.spec.root.readonly ? 'ro' : 'rw'}`;
  const m = f.case.spec.mounts.find((x) => x.destination === dest);
  const fixture = f.case.fixtures.find((x) => m?.source !== undefined && m.source.endsWith(`/${x.path}`));
  const seen = f.obs.mounts.find((x) => x.mountPoint === dest);
  return `${m?.type ?? 'unknown'} ${fixture?.kind ?? 'pseudo'} ${seen?.fsType ?? 'absent'}`;
}

/** The text a finding is deduplicated by: kind, requirement, failing mount shape, normalised message. */
export function findingKey(f: Finding): string {
  const message = f.verdict?.detail ?? f.obs.error ?? f.obs.outcome;
  return [f.kind, f.requirement ?? '-', failingMountShape(f), normalizeMessage(message)].join('\n');
}

/** The directory name of a finding: readable prefix plus a hash of {@link findingKey}. */
export function findingSignature(f: Finding): string {
  return `${f.kind}-${f.requirement ?? 'runsc'}-${shortHash(findingKey(f), 10)}`;
}
