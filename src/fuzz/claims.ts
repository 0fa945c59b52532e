/**
 * The cells the generators claim to cover (one row per edge of the contract
 * they aim at). Measured, not wished: each row is reached by the fresh cases
 * of a few seconds of search on the simulator (claims.test.ts checks it).
 */
import type { Cell } from './cells.js';

/** A claimed cell: a name and the dimension values it fixes (the others are free). */
export interface ClaimedCell {
  name: string;
  cell: Partial<Cell>;
}

/** A claimed cell about `mount`, with its hint placement and value when given. */
function claim(
  name: string,
  mount: Cell['mount'],
  hint: Cell['hint'] | undefined,
  value: Cell['value'] | undefined,
  rest: Partial<Cell>,
): ClaimedCell {
  const cell: Partial<Cell> = { mount, ...(hint && { hint }), ...(value && { value }), ...rest };
  return { name, cell };
}

/** Every claimed cell. */
export const CLAIMED_CELLS: readonly ClaimedCell[] = [
  claim('opt-out seen in mountinfo', 'bind-dir', 'on-mount', 'off', { overlay: 'none', observed: 'off' }),
  claim('opt-out beside a self-overlaid root', 'bind-dir', 'on-mount', 'off', { overlay: 'default', observed: 'off' }),
  claim('opt-out under an overlay', 'bind-dir', 'on-mount', 'off', { overlay: 'all', observed: 'unobservable' }),
  claim('opt-out of a file bind', 'bind-file', 'on-mount', 'off', { observed: 'off' }),
  claim('opt-out that fails the start', 'bind-dir', 'on-mount', 'off', { outcome: 'start-failed' }),
  claim('keep: no hint in the case', 'bind-dir', 'none', 'absent', { observed: 'on' }),
  claim('keep: hints on other sources', 'bind-dir', 'elsewhere', 'absent', { observed: 'on' }),
  claim('keep: hint without the key', 'bind-dir', 'on-mount', 'absent', { observed: 'on' }),
  claim('keep: default', 'bind-dir', 'on-mount', 'default', { observed: 'on' }),
  claim('keep: invalid value', 'bind-dir', 'on-mount', 'invalid', { observed: 'on' }),
  claim('keep: invalid value on a file bind', 'bind-file', 'on-mount', 'invalid', {}),
  claim('global off: off hint', 'bind-dir', 'on-mount', 'off', { directfs: 'off', observed: 'off' }),
  claim('global off: default hint', 'bind-dir', 'on-mount', 'default', { directfs: 'off', observed: 'off' }),
  claim('global off: invalid value', 'bind-dir', 'on-mount', 'invalid', { directfs: 'off' }),
  claim('global off: root', 'root', undefined, undefined, { directfs: 'off', overlay: 'none', observed: 'off' }),
  claim('rootfs opt-out seen in mountinfo', 'root', 'on-mount', 'off', { overlay: 'none', observed: 'off' }),
  claim('rootfs opt-out under its overlay', 'root', 'on-mount', 'off', {
    overlay: 'default',
    observed: 'unobservable',
  }),
  claim('rootfs opt-out under global off', 'root', 'on-mount', 'off', { directfs: 'off' }),
  claim('rootfs default', 'root', 'on-mount', 'default', { observed: 'on' }),
  claim('rootfs invalid value fails the start', 'root', 'on-mount', 'invalid', { outcome: 'start-failed' }),
  claim('rootfs hint without directfs', 'root', 'on-mount', 'absent', { outcome: 'start-failed' }),
  claim('overlaid root without hints on it', 'root', 'elsewhere', 'absent', { observed: 'unobservable' }),
  claim('tmpfs beside hints', 'tmpfs', 'elsewhere', 'absent', { observed: 'off' }),
  claim('sentry pseudo fs', 'pseudo', undefined, undefined, { observed: 'off' }),
  claim('bind that fails the start', 'bind-dir', 'elsewhere', undefined, { outcome: 'start-failed' }),
];
