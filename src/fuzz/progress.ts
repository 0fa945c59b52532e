/** The fuzzer's progress line: cases, distinct behaviours, failures, crashes, hangs, rate, elapsed. */

/** Counters of a running search. */
export interface FuzzCounts {
  cases: number;
  behaviours: number;
  failures: number;
  crashes: number;
  hangs: number;
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s % 60).padStart(2, '0')}s`;
}

/** `fuzz: 1234 cases, 87 behaviours, 1 failure, 0 crashes, 0 hangs, 205/s, 0m06s`. */
export function formatFuzzProgress(c: FuzzCounts, elapsedMs: number): string {
  const rate = elapsedMs <= 0 ? 0 : (c.cases * 1000) / elapsedMs;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return (
    `fuzz: ${plural(c.cases, 'case')}, ${plural(c.behaviours, 'behaviour')}, ${plural(c.failures, 'failure')}, ` +
    `${plural(c.crashes, 'crash')}, ${plural(c.hangs, 'hang')}`.replace('crashs', 'crashes') +
    `, ${rate.toFixed(rate < 10 ? 1 : 0)}/s, ${clock(elapsedMs)}`
  );
}

/**
 * A progress printer: on a terminal one line rewritten at most once a second;
 * otherwise a plain line every `everyMs`. `done` ends the terminal line.
 */
export function fuzzProgressPrinter(
  write: (text: string) => void,
  isTty: boolean,
  everyMs = 5_000,
): { update(c: FuzzCounts, elapsedMs: number): void; done(c: FuzzCounts, elapsedMs: number): void } {
  let last = 0;
  const interval = isTty ? 1_000 : everyMs;
  return {
    update(c, elapsedMs) {
      if (elapsedMs - last < interval) return;
      last = elapsedMs;
      write(isTty ? `\r${formatFuzzProgress(c, elapsedMs)}\x1b[K` : `${formatFuzzProgress(c, elapsedMs)}\n`);
    },
    done(c, elapsedMs) {
      write(isTty ? `\r${formatFuzzProgress(c, elapsedMs)}\x1b[K\n` : `${formatFuzzProgress(c, elapsedMs)}\n`);
    },
  };
}
