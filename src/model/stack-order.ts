/**
 * When the order of mounts stacked at one destination is known. runsc sorts
 * the spec mounts, plus up to five of its own (/proc, /sys, /dev, /dev/pts,
 * /tmp), by destination length with Go's sort.Slice, an insertion sort, hence
 * stable, up to 12 elements: then a stack is mounted in spec order and its
 * last mount ends up on top. Past that, a stack can end in any order
 * (`findings/stacked-mount-order.sh`).
 */
import type { Case } from './case.js';

/** The most spec mounts whose sort runsc keeps stable. */
export const STABLE_SORT_MAX_SPEC_MOUNTS = 12 - 5;

/** Whether runsc mounts the stacks of `c` in spec order (the spec's last mount at a destination on top). */
export function stackOrderKnown(c: Case): boolean {
  return c.spec.mounts.length <= STABLE_SORT_MAX_SPEC_MOUNTS;
}
