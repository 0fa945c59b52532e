/**
 * The process-wide cap on concurrent target processes. Every process target's
 * run takes a slot before it spawns anything and gives it back once its
 * processes are gone (a single-container run writes its bundle before and
 * removes it after, outside the slot), so `--jobs J` bounds what runs at once
 * across prefetch, paired, reference, variant and shrink runs alike.
 * In-process targets take no slot.
 */

/** Gives a slot back; calling it twice is harmless. */
export type ReleaseSlot = () => void;

interface Waiter {
  grant: (release: ReleaseSlot) => void;
  refuse: () => void;
  signal: AbortSignal | undefined;
}

let capacity = 1;
let inUse = 0;
let peak = 0;
const queue: Waiter[] = [];
/** One abort listener per signal, however many runs wait on it (no listener pile-up on a shared signal). */
const watched = new Map<AbortSignal, () => void>();

/** Sets how many target processes may run at once (the CLI's `--jobs`) and restarts the peak count. */
export function setSandboxSlots(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`sandbox slots must be a whole number >= 1, got ${n}`);
  capacity = n;
  peak = inUse;
  grantWaiting();
}

/** Current cap, slots taken, and the most ever taken at once (for tests and progress output). */
export function sandboxSlotStats(): { capacity: number; inUse: number; peak: number; waiting: number } {
  return { capacity, inUse, peak, waiting: queue.length };
}

function makeRelease(): ReleaseSlot {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    inUse -= 1;
    grantWaiting();
  };
}

function take(): ReleaseSlot {
  inUse += 1;
  peak = Math.max(peak, inUse);
  return makeRelease();
}

function grantWaiting(): void {
  while (inUse < capacity && queue.length > 0) {
    const waiter = queue.shift() as Waiter;
    unwatchIfIdle(waiter.signal);
    waiter.grant(take());
  }
}

function watch(signal: AbortSignal): void {
  if (watched.has(signal)) return;
  const onAbort = (): void => {
    for (const w of queue.filter((q) => q.signal === signal)) {
      queue.splice(queue.indexOf(w), 1);
      w.refuse();
    }
    unwatchIfIdle(signal);
  };
  watched.set(signal, onAbort);
  signal.addEventListener('abort', onAbort, { once: true });
}

function unwatchIfIdle(signal: AbortSignal | undefined): void {
  if (signal === undefined || queue.some((q) => q.signal === signal)) return;
  const onAbort = watched.get(signal);
  if (onAbort === undefined) return;
  watched.delete(signal);
  signal.removeEventListener('abort', onAbort);
}

/**
 * Waits for a free slot. Resolves to its release function, or to null when
 * `signal` is (or becomes) aborted first: nothing may start after an abort.
 */
export function acquireSandboxSlot(signal?: AbortSignal): Promise<ReleaseSlot | null> {
  if (signal?.aborted === true) return Promise.resolve(null);
  if (inUse < capacity && queue.length === 0) return Promise.resolve(take());
  return new Promise((resolve) => {
    queue.push({ grant: resolve, refuse: () => resolve(null), signal });
    if (signal !== undefined) watch(signal);
  });
}

/** Runs `fn` holding a slot; `onRefused` answers instead when the signal aborts before a slot is free. */
export async function withSandboxSlot<T>(
  signal: AbortSignal | undefined,
  fn: () => Promise<T>,
  onRefused: () => T,
): Promise<T> {
  const release = await acquireSandboxSlot(signal);
  if (release === null) return onRefused();
  try {
    return await fn();
  } finally {
    release();
  }
}
