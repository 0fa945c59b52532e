/** Opening the target under test and its pre-feature reference as one Evaluator, for the commands that judge cases. */
import type { Target } from '../model/target.js';
import { defaultReferenceId, resolveTarget } from '../harness/targets.js';
import { ObservationCache, type Evaluator } from '../runner/evaluate.js';
import { stringOption, type OptionTable, type ParsedValues } from './args.js';

/** An evaluator with the targets behind it; `close` releases both. */
export interface OpenEvaluator {
  ev: Evaluator;
  target: Target;
  reference: Target | null;
  close(): Promise<void>;
}

/**
 * Resolves `targetId` and its reference: `referenceId` names one, `null` asks
 * for none, `undefined` takes the default reference of the target.
 */
export async function openEvaluator(
  targetId: string,
  referenceId: string | null | undefined,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<OpenEvaluator> {
  const target = await resolveTarget(targetId);
  const refId = referenceId === undefined ? defaultReferenceId(target.info) : referenceId;
  let reference: Target | null = null;
  try {
    reference = refId === null ? null : await resolveTarget(refId);
  } catch (e) {
    await target.close();
    throw e;
  }
  const ev: Evaluator = {
    subject: new ObservationCache(target, timeoutMs, signal),
    reference: reference === null ? null : new ObservationCache(reference, timeoutMs, signal),
  };
  return {
    ev,
    target,
    reference,
    close: async () => {
      await target.close();
      await reference?.close();
    },
  };
}

/** The `--reference` / `--no-reference` pair that {@link openEvaluatorFromOptions} reads, for a command's table. */
export const REFERENCE_OPTIONS = {
  reference: {
    type: 'string',
    value: 'T',
    help: 'pre-feature target for DFS-DEFAULT-UNCHANGED (default: sim:prefeature for sim, runsc:prefeature if installed)',
  },
  'no-reference': { type: 'boolean', help: 'judge no differential requirement against a pre-feature build' },
} as const satisfies OptionTable;

/** {@link openEvaluator} for a command's `--target` (default `sim`), `--reference` and `--no-reference`. */
export function openEvaluatorFromOptions(
  values: ParsedValues,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<OpenEvaluator> {
  const reference = values['no-reference'] === true ? null : stringOption(values, 'reference');
  return openEvaluator(stringOption(values, 'target') ?? 'sim', reference, timeoutMs, signal);
}
