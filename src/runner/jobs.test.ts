import { describe, expect, it } from 'vitest';
import { CORES_PER_SANDBOX, defaultJobs } from './jobs.js';

describe('defaultJobs', () => {
  it('runs as many sandboxes as the cores hold, at least one', () => {
    expect(CORES_PER_SANDBOX).toBe(1.7);
    expect(defaultJobs(1)).toBe(1);
    expect(defaultJobs(2)).toBe(1);
    expect(defaultJobs(4)).toBe(2);
    expect(defaultJobs(16)).toBe(9);
  });
});
