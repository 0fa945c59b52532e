/** The progress line of a run: cases done of total, requirements failing so far, elapsed time and ETA. */

/** One progress report of the stream of generated cases. */
export interface Progress {
  done: number;
  total: number;
  failed: number;
}

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** `cases 128/400, 1 requirement failing, 12s elapsed, ETA 26s`. */
export function formatProgress(p: Progress, elapsedMs: number): string {
  const eta = p.done === 0 ? '?' : seconds((elapsedMs / p.done) * (p.total - p.done));
  const failing = `${p.failed} requirement${p.failed === 1 ? '' : 's'} failing`;
  return `cases ${p.done}/${p.total}, ${failing}, ${seconds(elapsedMs)} elapsed, ETA ${eta}`;
}

/** How often a terminal's progress line is rewritten at most (the simulator counts thousands of cases a second). */
const TTY_EVERY_MS = 200;

/**
 * A progress printer, called for every case counted: on a terminal one line
 * rewritten in place at most every 200 ms, otherwise a plain line at most
 * every `everyMs`, so CI logs stay short; the first and the last report are
 * always printed.
 */
export function progressPrinter(
  write: (text: string) => void,
  isTty: boolean,
  now: () => number = Date.now,
  everyMs = 10_000,
): (p: Progress) => void {
  const started = now();
  const interval = isTty ? TTY_EVERY_MS : everyMs;
  let last = -Infinity;
  return (p) => {
    const t = now();
    const end = p.done === p.total;
    if (t - last < interval && !end) return;
    last = t;
    const line = formatProgress(p, t - started);
    write(isTty ? `\r${line}${end ? '\n' : ''}` : `${line}\n`);
  };
}
