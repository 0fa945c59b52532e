import { describe, expect, it } from 'vitest';
import { CORES_PER_SANDBOX, defaultJobs } from './jobs.js';

describe('defaultJobs', () => {
  it('runs as many sandboxes as the cores keep busy, rounded, at least one', () => {
    expect(CORES_PER_SANDBOX).toBe(0.72);
    expect(defaultJobs(1)).toBe(1);
    expect(defaultJobs(2)).toBe(3);
    expect(defaultJobs(4)).toBe(6);
    expect(defaultJobs(16)).toBe(22);
  });

  it('follows a measured cost per sandbox', () => {
    expect(defaultJobs(2, 1.7)).toBe(1);
    expect(defaultJobs(8, 2)).toBe(4);
    expect(defaultJobs(1, 4)).toBe(1);
  });
});
