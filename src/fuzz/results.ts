/**
 * The results JSON of `fuzz --json` and `merge --json` (schema 1): what a
 * search did, its statistics and its findings. Written by report.ts, read back
 * (validated) by `merge`.
 */
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../model/errors.js';
import { FINDING_KINDS } from './finding.js';

const findingSchema = z.object({
  signature: z.string().regex(/^(failure|crash|hang)-[\w-]+$/),
  kind: z.enum(FINDING_KINDS),
  requirement: z.string().nullable(),
  reproduced: z.string(),
  shrinkAttempts: z.number().int().min(0),
  /** Stored by this search for the first time and not a known finding of the checked-in corpus. */
  new: z.boolean(),
  /** A finding the checked-in corpus stands for. */
  known: z.boolean(),
  /** The finding's directory as written by the search (a label; merge finds it under `findingsDir`). */
  dir: z.string(),
  detail: z.string().nullable(),
});

/** One finding of a results JSON. */
export type ResultFinding = z.infer<typeof findingSchema>;

const timelineSchema = z.array(
  z.object({ elapsedMs: z.number(), cases: z.number().int(), behaviours: z.number().int() }),
);

/** The results JSON schema (a shard's or a merge's). */
export const fuzzResultsSchema = z.object({
  schema: z.literal(1),
  command: z.enum(['fuzz', 'merge']),
  target: z.object({ id: z.string(), version: z.string() }),
  seed: z.number().int(),
  shards: z.array(z.object({ index: z.number().int().min(1), count: z.number().int().min(1) })).min(1),
  guided: z.boolean(),
  interrupted: z.boolean(),
  elapsedMs: z.number().min(0),
  cases: z.number().int().min(0),
  mutated: z.number().int().min(0),
  behaviours: z.number().int().min(0),
  behaviourSignatures: z.array(z.string()),
  /** Distinct behaviours over time, one line per shard. */
  timelines: z.array(timelineSchema),
  counts: z.object({ failures: z.number().int(), crashes: z.number().int(), hangs: z.number().int() }),
  statistics: z.object({
    cells: z.record(z.string(), z.number().int().min(0)),
    dimensions: z.record(z.string(), z.record(z.string(), z.number())),
    claims: z.array(z.object({ name: z.string(), cell: z.record(z.string(), z.string()), cases: z.number() })),
    uncovered: z.array(z.string()),
  }),
  /** Where the finding directories are, relative to this JSON file's directory (null: none stored). */
  findingsDir: z.string().nullable(),
  findings: z.array(findingSchema),
});

/** A results JSON document. */
export type FuzzResults = z.infer<typeof fuzzResultsSchema>;

/** Reads and validates a results JSON; a one-line UsageError naming the file otherwise. */
export function readFuzzResults(file: string): FuzzResults {
  let text: string;
  try {
    if (!statSync(file).isFile()) throw new UsageError(`${file}: not a regular file`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UsageError(`${file}: not valid JSON`);
  }
  const parsed = fuzzResultsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : ` (field ${issue.path.join('.')})`;
    throw new UsageError(`${file}: not a fuzz results JSON: ${issue?.message ?? 'invalid'}${where}`);
  }
  return parsed.data;
}
