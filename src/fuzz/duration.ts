/** Parsing `--duration` values: a whole number of seconds, minutes or hours (`30s`, `10m`, `2h`). */
import { UsageError } from '../model/errors.js';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** The longest search one run may ask for (a week); past it a timer would be absurd. */
export const MAX_DURATION_MS = 7 * 24 * 3_600_000;

/** Milliseconds of a duration like `30s`, `10m` or `2h`; a one-line UsageError for anything else. */
export function parseDuration(raw: string): number {
  const m = /^(\d{1,9})([smh])$/.exec(raw.trim());
  if (m === null) throw new UsageError(`--duration must look like 30s, 10m or 2h, got ${JSON.stringify(raw.slice(0, 40))}`);
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (ms === 0 || ms > MAX_DURATION_MS) throw new UsageError(`--duration must be from 1s to 168h, got ${raw.trim()}`);
  return ms;
}
