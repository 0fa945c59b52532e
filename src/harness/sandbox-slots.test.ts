import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireSandboxSlot, sandboxSlotStats, setSandboxSlots, withSandboxSlot } from './sandbox-slots.js';

afterEach(() => setSandboxSlots(1));

describe('sandbox slots', () => {
  it('never lets more than the cap run at once, and runs everything', async () => {
    setSandboxSlots(3);
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withSandboxSlot(
          undefined,
          async () => {
            running += 1;
            most = Math.max(most, running);
            await delay(2 + (i % 3));
            running -= 1;
            done.push(i);
          },
          () => undefined,
        ),
      ),
    );
    expect(most).toBe(3);
    expect(sandboxSlotStats().peak).toBe(3);
    expect(done).toHaveLength(20);
    expect(sandboxSlotStats().inUse).toBe(0);
  });

  it('refuses waiters once their signal aborts, and starts nothing after it', async () => {
    setSandboxSlots(1);
    const controller = new AbortController();
    const first = await acquireSandboxSlot(controller.signal);
    expect(first).not.toBeNull();
    const waiting = [acquireSandboxSlot(controller.signal), acquireSandboxSlot(controller.signal)];
    expect(sandboxSlotStats().waiting).toBe(2);
    controller.abort();
    expect(await Promise.all(waiting)).toEqual([null, null]);
    expect(await acquireSandboxSlot(controller.signal)).toBeNull();
    first?.();
    first?.();
    expect(sandboxSlotStats().inUse).toBe(0);
  });

  it('adds one abort listener per signal however many runs wait', async () => {
    setSandboxSlots(1);
    const controller = new AbortController();
    let added = 0;
    const original = controller.signal.addEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<AbortSignal['addEventListener']>) => {
      added += 1;
      original(...args);
    }) as AbortSignal['addEventListener'];
    const release = await acquireSandboxSlot(controller.signal);
    const waiters = Array.from({ length: 50 }, () => acquireSandboxSlot(controller.signal));
    expect(added).toBe(1);
    release?.();
    for (const w of waiters) (await w)?.();
    expect(sandboxSlotStats().waiting).toBe(0);
  });

  it('wakes waiters when the cap grows', async () => {
    setSandboxSlots(1);
    const a = await acquireSandboxSlot();
    const b = acquireSandboxSlot();
    expect(sandboxSlotStats().waiting).toBe(1);
    setSandboxSlots(2);
    const rb = await b;
    expect(sandboxSlotStats().inUse).toBe(2);
    a?.();
    rb?.();
  });
});
