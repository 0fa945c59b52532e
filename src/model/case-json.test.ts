import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../generators/examples.js';
import { caseJson } from './case-json.js';

describe('caseJson', () => {
  it('is the JSON of the case, the same for an equal copy', () => {
    const c = (EXAMPLES[0] as (typeof EXAMPLES)[number]).case;
    expect(caseJson(c)).toBe(JSON.stringify(c));
    expect(caseJson(structuredClone(c))).toBe(caseJson(c));
  });

  it('tells different cases apart', () => {
    const [a, b] = EXAMPLES.map((e) => e.case);
    expect(a).toBeDefined();
    expect(caseJson(a as (typeof EXAMPLES)[number]['case'])).not.toBe(caseJson(b as (typeof EXAMPLES)[number]['case']));
  });
});
