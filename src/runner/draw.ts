/**
 * Drawing the generated cases of a property up front, so they can run in
 * parallel: run i of fast-check has replay path "i", exactly as in a
 * synchronous `fc.check`, but the drawing steps out to the event loop every
 * few hundred values and stops at an abort, so a huge `--cases` never holds
 * off Ctrl-C.
 */
import fc from 'fast-check';
import { yieldToEventLoop } from './evaluate.js';

const YIELD_EVERY = 256;

/** Thrown inside the property to end the draw at an abort (with endOnFailure, fast-check does not shrink it). */
class DrawAborted extends Error {}

/** The first `params.numRuns` values fast-check draws from `arb` with `params.seed`; fewer once `signal` aborts. */
export async function drawCases<T>(
  arb: fc.Arbitrary<T>,
  params: { seed: number; numRuns: number },
  signal?: AbortSignal,
): Promise<T[]> {
  const drawn: T[] = [];
  const property = fc.asyncProperty(arb, async (value) => {
    if (signal?.aborted === true) throw new DrawAborted();
    drawn.push(value);
    if (drawn.length % YIELD_EVERY === 0) await yieldToEventLoop();
  });
  await fc.check(property, { ...params, endOnFailure: true });
  return drawn;
}
