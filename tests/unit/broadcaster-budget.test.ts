import { describe, expect, it } from 'vitest';
import type { Namespace } from 'socket.io';
import { Broadcaster } from '../../server/src/realtime/broadcaster';
import type { Services } from '../../server/src/services';
import type { TicketWatchers } from '../../server/src/realtime/ticket-watchers';
import type { DomainEvent } from '../../server/src/services/events';

/** A broadcaster over fake namespaces: one display listening in the centre's hall, no staff; it records what it sends. */
function fakeBroadcaster() {
  const sent: { room: string; event: string; seq: number }[] = [];
  const nsp = (rooms: Map<string, Set<string>>) => {
    const to = (room: string | string[]) => ({ emit: (event: string, data: { seq: number }) => sent.push({ room: String(room), event, seq: data.seq }) });
    // The broadcaster emits to this instance's sockets only (`local`).
    return { adapter: { rooms }, local: { to } } as unknown as Namespace;
  };
  let seq = 0;
  const services = { centers: { displayStates: async () => [{ zone: null, seq }] } } as unknown as Services;
  const watchers = { refresh: async () => {} } as unknown as TicketWatchers;
  const broadcaster = new Broadcaster(
    { display: nsp(new Map([['display:c1:*', new Set(['d1'])]])), staff: nsp(new Map()) },
    services,
    watchers,
    (error) => {
      throw error;
    },
    false,
  );
  const change = () => {
    seq += 1;
    broadcaster.accept([{ type: 'ticket.issued', centerId: 'c1', ticketId: seq, serviceId: 1, seq } satisfies DomainEvent]);
  };
  return { broadcaster, sent, change, states: () => sent.filter((s) => s.event === 'display:updated') };
}

describe('display states: a budget per centre', () => {
  it('two states go at once, the next waits for the budget, and the last always carries the newest seq', async () => {
    const { broadcaster, change, states } = fakeBroadcaster();
    const started = performance.now();
    for (let i = 0; i < 5; i++) {
      change();
      // Each state job reads after a turn: let it go before the next change.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(states().length).toBe(2);
    await broadcaster.idle();
    // The third waited for a token (about half a second or more after the first two were spent).
    expect(performance.now() - started).toBeGreaterThan(400);
    expect(states().length).toBe(3);
    expect(states().at(-1)!.seq).toBe(5);
  });

  it('at shutdown (idle with hurry) a state waiting for the budget goes at once', async () => {
    const { broadcaster, change, states } = fakeBroadcaster();
    for (let i = 0; i < 3; i++) {
      change();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const before = performance.now();
    await broadcaster.idle({ hurry: true });
    expect(performance.now() - before).toBeLessThan(300);
    expect(states().at(-1)!.seq).toBe(3);
  });
});
