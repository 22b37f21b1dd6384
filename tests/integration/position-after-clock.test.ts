import { describe, expect, it } from 'vitest';
import { useTestApp, issue, TestClock } from '../support/test-app';

// A new ticket's place is its line's size less the tickets of its class queued after it: none, but when another
// instance's request, or a clock set back, queued one later. Issuing reads that range only when the line's kept latest
// queue time (migration 2026-12-06T2100-line-sizes-last-queued) is later than the new ticket's.
const t = useTestApp(() => ({ clock: new TestClock('2026-12-06T06:00:00.000Z') }));

describe('a new ticket’s place when its line holds one queued later', () => {
  it('is behind the tickets queued before it and ahead of those queued after it', async () => {
    const take = async () => (await issue(t.app, 1)).body.ticket as { position: number };
    expect((await take()).position).toBe(1);
    t.clock.set('2026-12-06T06:10:00.000Z');
    expect((await take()).position).toBe(2);
    // The clock steps back five minutes: a ticket queued at 06:05 comes before the one queued at 06:10.
    t.clock.set('2026-12-06T06:05:00.000Z');
    expect((await take()).position).toBe(2);
    t.clock.set('2026-12-06T06:06:00.000Z');
    expect((await take()).position).toBe(3);
    // Past the latest time again: behind all four.
    t.clock.set('2026-12-06T06:11:00.000Z');
    expect((await take()).position).toBe(5);
  });
});
