import { describe, expect, it } from 'vitest';
import { formatProgress, progressPrinter } from './progress.js';

describe('progress', () => {
  it('formats cases, failures, elapsed time and ETA', () => {
    expect(formatProgress({ done: 100, total: 400, failed: 1 }, 30_000)).toBe(
      'cases 100/400, 1 requirement failing, 30s elapsed, ETA 1m30s',
    );
    expect(formatProgress({ done: 0, total: 4, failed: 0 }, 0)).toContain('ETA ?');
  });

  it('prints plain lines at most every interval off a terminal, and always the last one', () => {
    const out: string[] = [];
    let t = 0;
    const print = progressPrinter(
      (x) => out.push(x),
      false,
      () => t,
      10_000,
    );
    print({ done: 1, total: 3, failed: 0 });
    t = 5_000;
    print({ done: 2, total: 3, failed: 0 });
    t = 6_000;
    print({ done: 3, total: 3, failed: 2 });
    expect(out).toEqual([
      'cases 1/3, 0 requirements failing, 0s elapsed, ETA 0s\n',
      'cases 3/3, 2 requirements failing, 6s elapsed, ETA 0s\n',
    ]);
  });

  it('rewrites a terminal line at most every 200 ms, and always the first and the last', () => {
    const out: string[] = [];
    let t = 0;
    const print = progressPrinter(
      (x) => out.push(x),
      true,
      () => t,
    );
    for (let done = 1; done <= 1000; done++) {
      t = done; // a simulator run: a case a millisecond
      print({ done, total: 1000, failed: 0 });
    }
    expect(out.map((x) => /cases (\d+)\//.exec(x)?.[1])).toEqual(['1', '201', '401', '601', '801', '1000']);
  });

  it('rewrites one line on a terminal', () => {
    const out: string[] = [];
    const print = progressPrinter(
      (x) => out.push(x),
      true,
      () => 0,
    );
    print({ done: 1, total: 2, failed: 0 });
    print({ done: 2, total: 2, failed: 0 });
    expect(out.every((x) => x.startsWith('\r'))).toBe(true);
    expect(out[1]?.endsWith('\n')).toBe(true);
  });
});
