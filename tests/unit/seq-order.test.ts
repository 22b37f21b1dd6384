import { describe, expect, it } from 'vitest';
import { SeqOrder } from '../../server/src/db/seq-order';

// A command that took a centre's display seq answers after this process's commands with earlier seqs of that
// centre (server/src/db/seq-order.ts): the events of one instance reach displays in seq order.
describe('SeqOrder', () => {
  const settled = async (p: Promise<unknown>) => {
    let done = false;
    void p.then(() => (done = true));
    // Two turns: whatever was ready to settle has settled.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    return done;
  };

  it('a later seq waits for an earlier one still in flight, and goes once it is released', async () => {
    const order = new SeqOrder();
    const first = order.take('isb-g9', 5);
    const second = order.take('isb-g9', 6);
    const waiting = order.after([second]);
    expect(await settled(waiting)).toBe(false);
    first.release();
    expect(await settled(waiting)).toBe(true);
  });

  it('an earlier seq, or nothing in flight, never waits; each centre has an order of its own', async () => {
    const order = new SeqOrder();
    const first = order.take('isb-g9', 5);
    order.take('isb-g9', 6);
    order.take('lhr-1', 2);
    expect(await settled(order.after([first]))).toBe(true);
    expect(await settled(order.after([order.take('lhr-1', 3)]).then(() => undefined))).toBe(false);
    expect(await settled(order.after([]))).toBe(true);
    expect(await settled(order.after([order.take('khi-2', 1)]))).toBe(true);
  });

  it('seqs answered together (one commit group) do not wait for each other, only for an earlier one outside them', async () => {
    const order = new SeqOrder();
    const outside = order.take('isb-g9', 4);
    const group = [order.take('isb-g9', 5), order.take('isb-g9', 6), order.take('lhr-1', 9)];
    const waiting = order.after(group);
    expect(await settled(waiting)).toBe(false);
    outside.release();
    expect(await settled(waiting)).toBe(true);
    expect(await settled(order.after(group.slice(1)))).toBe(false);
  });

  it('a released seq no longer holds anyone back, whichever order they are released in', async () => {
    const order = new SeqOrder();
    const a = order.take('isb-g9', 1);
    const b = order.take('isb-g9', 2);
    const c = order.take('isb-g9', 3);
    const afterC = order.after([c]);
    b.release();
    expect(await settled(afterC)).toBe(false);
    a.release();
    expect(await settled(afterC)).toBe(true);
  });
});
