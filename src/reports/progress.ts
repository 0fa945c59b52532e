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

/**
 * A progress printer: on a terminal one line rewritten in place, otherwise a
 * plain line at most every `everyMs` (and the last one), so CI logs stay short.
 */
export function progressPrinter(
  write: (text: string) => void,
  isTty: boolean,
  now: () => number = Date.now,
  everyMs = 10_000,
): (p: Progress) => void {
  const started = now();
  let last = -Infinity;
  return (p) => {
    const t = now();
    const line = formatProgress(p, t - started);
    if (isTty) write(`\r${line}${p.done === p.total ? '\n' : ''}`);
    else if (t - last >= everyMs || p.done === p.total) {
      write(`${line}\n`);
      last = t;
    }
  };
}
