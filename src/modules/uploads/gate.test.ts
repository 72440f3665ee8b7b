import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createUploadGate } from './gate.js';

/** A request as the gate sees it: its connection's byte count, and whether it is over. */
class FakeRequest extends EventEmitter {
  complete = false;
  destroyed = false;
  socket = { bytesRead: 0 };
  close() {
    this.destroyed = true;
    this.emit('close');
  }
}

/** The indices of `promises` in the order they resolve (filled in as they do). */
function settleOrder(promises: Promise<unknown>[]) {
  const order: number[] = [];
  for (const [i, p] of promises.entries()) {
    p.then(() => order.push(i));
  }
  return order;
}

describe('upload gate', () => {
  it('lets `limit` uploads in at once and the rest in arrival order as turns end', async () => {
    const gate = createUploadGate({ limit: 2 });
    const reqs = Array.from({ length: 5 }, () => new FakeRequest());
    const first = await Promise.all([gate.enter(reqs[0] as FakeRequest), gate.enter(reqs[1] as FakeRequest)]);
    expect(first.map((t) => t.waited)).toEqual([0, 0]);
    const later = reqs.slice(2).map((r) => gate.enter(r));
    const order = settleOrder(later);
    await sleep(5);
    expect(order).toEqual([]);
    expect(gate.stats()).toEqual({ holding: 2, outside: 0, waiting: 3 });
    first[1]?.leave();
    first[1]?.leave(); // idempotent: frees one turn only
    await sleep(1);
    expect(order).toEqual([0]);
    first[0]?.leave();
    await sleep(1);
    expect(order).toEqual([0, 1]);
    const turns = await Promise.all(later.slice(0, 2));
    expect(turns[0]?.waited).toBeGreaterThan(4);
    turns[0]?.leave();
    await later[2];
    expect(order).toEqual([0, 1, 2]);
    expect(gate.stats()).toEqual({ holding: 2, outside: 0, waiting: 0 });
  });

  it('a slow sender gives its turn up and goes on outside the gate; a complete body keeps its turn', async () => {
    const gate = createUploadGate({ limit: 2, windowMs: 40, minBytesPerSecond: 1_000_000 });
    const fast = new FakeRequest();
    const slow = new FakeRequest();
    const done = new FakeRequest();
    const fastTurn = await gate.enter(fast);
    const slowTurn = await gate.enter(slow);
    const next = gate.enter(done);
    let admitted = false;
    next.then(() => {
      admitted = true;
    });
    // fast delivers 1 MB per 10 ms (100 MB/s), slow 100 bytes per 10 ms (10 kB/s).
    for (let i = 0; i < 8 && !admitted; i++) {
      fast.socket.bytesRead += 1_000_000;
      slow.socket.bytesRead += 100;
      await sleep(10);
    }
    for (let i = 0; i < 20 && !admitted; i++) await sleep(10);
    expect(admitted).toBe(true);
    expect(gate.stats()).toEqual({ holding: 2, outside: 1, waiting: 0 });
    // The slow upload finishing later does not free a second turn.
    slowTurn.leave();
    expect(gate.stats()).toEqual({ holding: 2, outside: 0, waiting: 0 });
    // A body that is complete is the server's own work: it keeps its turn however long it takes.
    const doneTurn = await next;
    done.complete = true;
    fast.complete = true;
    await sleep(120);
    expect(gate.stats()).toEqual({ holding: 2, outside: 0, waiting: 0 });
    fastTurn.leave();
    doneTurn.leave();
    expect(gate.stats()).toEqual({ holding: 0, outside: 0, waiting: 0 });
  });

  it('drops a waiter whose connection closes, and lets a closed request through holding nothing', async () => {
    const gate = createUploadGate({ limit: 1 });
    const holder = await gate.enter(new FakeRequest());
    const gone = new FakeRequest();
    const behind = new FakeRequest();
    const goneTurn = gate.enter(gone);
    const behindTurn = gate.enter(behind);
    gone.close();
    (await goneTurn).leave(); // holds nothing: must not free the holder's turn
    expect(gate.stats()).toEqual({ holding: 1, outside: 0, waiting: 1 });
    holder.leave();
    (await behindTurn).leave();
    const closed = new FakeRequest();
    closed.destroyed = true;
    await gate.enter(closed);
    expect(gate.stats()).toEqual({ holding: 0, outside: 0, waiting: 0 });
  });

  it('with limit 0 lets everything in', async () => {
    const gate = createUploadGate({ limit: 0 });
    const turns = await Promise.all(Array.from({ length: 50 }, () => gate.enter(new FakeRequest())));
    expect(turns.every((t) => t.waited === 0)).toBe(true);
    expect(gate.stats().waiting).toBe(0);
  });
});
