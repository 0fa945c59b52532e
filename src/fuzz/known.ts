/**
 * The checked-in corpus of known cases: `corpus/<name>/case.json` beside an
 * `expected.json` that says, per target label (`sim`, `sim+mutant:<name>`,
 * `runsc:<alias>`), what replaying the case gives, and which finding
 * signatures the case stands for. The fuzzer reports those findings as known.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { UsageError } from '../model/errors.js';
import { REQUIREMENT_IDS } from '../model/requirements.js';
import { VERDICT_STATUSES } from '../model/verdict.js';

/** The checked-in corpus of this package. */
export const PACKAGE_CORPUS = fileURLToPath(new URL('../../corpus', import.meta.url));

const outcomeSchema = z
  .object({
    /** Exit code `replay` gives on that target (every requirement judged); only given for simulator targets. */
    exit: z.number().int().min(0).max(3).optional(),
    /** Status of these requirements. */
    verdicts: z.record(z.enum(REQUIREMENT_IDS as [string, ...string[]]), z.enum(VERDICT_STATUSES)),
    /** True when the run is a crash finding (a panic, a signal). */
    crash: z.boolean().optional(),
  })
  .strict();

const expectedSchema = z
  .object({
    schema: z.literal(1),
    /** Why the case is in the corpus. */
    about: z.string().min(1),
    expected: z.record(z.string().regex(/^(sim\S*|runsc:[a-z]+)$/), outcomeSchema),
    /** Signatures of the findings this case stands for (a known bug, not a new one). */
    findings: z.array(z.string().regex(/^(failure|crash|hang)-[\w-]+$/)).default([]),
  })
  .strict();

/** What replaying a corpus case on one target gives. */
export type ExpectedOutcome = z.infer<typeof outcomeSchema>;
/** One `expected.json`. */
export type Expected = z.infer<typeof expectedSchema>;

/** One entry of the corpus: its name, its case file and what it is expected to give. */
export interface CorpusEntry {
  name: string;
  caseFile: string;
  expected: Expected;
}

/** The entries of the corpus at `dir`, by name; a one-line UsageError for an entry that does not parse. */
export function readCorpus(dir: string): CorpusEntry[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const file = join(dir, name, 'expected.json');
      const caseFile = join(dir, name, 'case.json');
      if (!existsSync(file) || !existsSync(caseFile))
        throw new UsageError(`${join(dir, name)}: no case.json + expected.json`);
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        throw new UsageError(`${file}: not valid JSON`);
      }
      const parsed = expectedSchema.safeParse(raw);
      if (!parsed.success) throw new UsageError(`${file}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return { name, caseFile, expected: parsed.data };
    });
}

/** The finding signatures the corpus at `dir` stands for (none when there is no such directory). */
export function knownSignatures(dir: string): Set<string> {
  if (!existsSync(dir)) return new Set();
  return new Set(readCorpus(dir).flatMap((e) => e.expected.findings));
}

/**
 * Why a finding is not new, or null when it is: the checked-in corpus stands
 * for its signature, or its failed verdict matches a known upstream bug (the
 * oracles tag those; runs report them as expected failures).
 */
export function knownReason(
  signature: string,
  verdict: { knownBug?: string } | null,
  corpus: ReadonlySet<string>,
): string | null {
  if (verdict?.knownBug !== undefined) return `known upstream bug ${verdict.knownBug}`;
  return corpus.has(signature) ? 'known' : null;
}
