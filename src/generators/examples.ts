/**
 * The fixed example table: hand-written cases, at least one per requirement
 * and one per single-container edge case of reference §8, two pods
 * (./pod-examples.ts) and two vendor claims (./vendor-examples.ts). Flag
 * annotations and the flaky "valid + dropped hint with one source" are left
 * out.
 */
import { ERROR_EXAMPLES } from './_internals/examples-errors.js';
import { GOFER_EXAMPLES } from './_internals/examples-gofer.js';
import type { Example } from './_internals/example-kit.js';
import { POD_EXAMPLES } from './pod-examples.js';
import { VENDOR_EXAMPLES } from './vendor-examples.js';

export type { Example };

/** Every example, gofer-mount rows first. */
export const EXAMPLES: readonly Example[] = [...GOFER_EXAMPLES, ...ERROR_EXAMPLES, ...POD_EXAMPLES, ...VENDOR_EXAMPLES];
