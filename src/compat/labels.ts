/** The words and marks both human renderings use for statuses and capabilities. */
import type { Capabilities } from '../capabilities/capabilities.js';
import type { CellStatus, CompatCell } from './model.js';

/** Short label and mark of each cell status. */
export const STATUS_LABELS = {
  failed: { mark: '✗', text: 'failed' },
  expected: { mark: '≈', text: 'expected' },
  indeterminate: { mark: '?', text: 'indeterminate' },
  unobservable: { mark: '◌', text: 'unobservable' },
  'not-applicable': { mark: '–', text: 'n/a' },
  passed: { mark: '✓', text: 'passed' },
} as const satisfies Record<CellStatus, { mark: string; text: string }>;

/** A cell in a few words: mark, status and, when judged, the mounts it observed. */
export function cellSummary(c: CompatCell): string {
  const label = STATUS_LABELS[c.status];
  const judged = c.status === 'passed' || c.status === 'failed' || c.status === 'expected';
  return judged
    ? `${label.mark} ${label.text} (${c.runs} runs, ${c.observedMounts} mounts)`
    : `${label.mark} ${label.text}`;
}

/** The capability table's columns: heading and how to read the value from the capabilities. */
export const CAPABILITY_COLUMNS = [
  { heading: 'mount directfs: off', read: (c: Capabilities) => c.mountOptOut },
  { heading: 'rootfs directfs: off', read: (c: Capabilities) => c.rootfsOptOut },
  { heading: '--directfs flag', read: (c: Capabilities) => c.directfsFlag },
  { heading: 'directfs token shown', read: (c: Capabilities) => c.directfsVisible },
  { heading: 'root without --overlay2', read: (c: Capabilities) => c.overlayDefault },
  { heading: 'vendor-claimed mount', read: (c: Capabilities) => c.vendorClaim },
] as const;

/** A capability value as a word (`yes`/`no`/`unknown` for booleans). */
export function capabilityWord(value: string | boolean | null): string {
  if (value === true) return 'yes';
  if (value === false) return 'no';
  return value ?? 'unknown';
}
