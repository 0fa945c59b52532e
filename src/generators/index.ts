/** Public entry of the case generators. */
export { caseArbitrary, type CaseArbitraryOptions } from './case-arbitrary.js';
export { arbitraryFor } from './arbitrary-for.js';
export { EXAMPLES, type Example } from './examples.js';
export * from '../model/transforms.js';
