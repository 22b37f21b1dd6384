import { useCallback, useEffect, useState } from 'react';
import type { PublicBroadcast, Ticket } from '@navbat/shared';
import { ApiRequestError } from '@navbat/shared/client';
import { api } from '../api';
import { connectTicketSocket } from '../socket';

export type LiveState = 'connecting' | 'live' | 'offline' | 'not-found';

/**
 * One ticket kept current: a REST snapshot first, then the /ticket socket, which resyncs on every
 * (re)connect and whenever the phone wakes up, so reloads, sleeps and server restarts heal by themselves.
 */
export function useLiveTicket(publicId: string) {
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [state, setState] = useState<LiveState>('connecting');
  const [broadcast, setBroadcast] = useState<PublicBroadcast | null>(null);

  // Socket events arrive in order and are the truth; the REST snapshot only fills the first paint.
  const accept = useCallback((next: Ticket) => setTicket(next), []);
  const acceptFirst = useCallback((first: Ticket) => setTicket((current) => current ?? first), []);

  useEffect(() => {
    let stopped = false;
    api
      .ticket(publicId)
      .then(({ ticket: t }) => !stopped && acceptFirst(t))
      .catch((e) => {
        if (!stopped && e instanceof ApiRequestError && e.code === 'TICKET_NOT_FOUND') setState('not-found');
      });

    const socket = connectTicketSocket(publicId);
    const sync = () =>
      socket.emit('ticket:sync', (answer) => {
        if (answer.ok) accept(answer.data.ticket);
      });
    socket.on('connect', () => {
      setState('live');
      sync();
    });
    socket.on('disconnect', () => setState('offline'));
    socket.on('connect_error', (err) => {
      if (/TICKET_NOT_FOUND|no such ticket/i.test(err.message)) {
        setState('not-found');
        socket.disconnect();
      } else setState('offline');
    });
    socket.on('ticket:updated', ({ ticket: t }) => accept(t));
    // The supervisor's message for this ticket's line: sent on every (re)connect and whenever it changes.
    socket.on('broadcast:updated', ({ broadcast: b }) => setBroadcast(b));
    const onVisible = () => {
      if (document.visibilityState === 'visible' && socket.connected) sync();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      document.removeEventListener('visibilitychange', onVisible);
      socket.disconnect();
    };
  }, [publicId, accept, acceptFirst]);

  return { ticket, state, setTicket: accept, broadcast };
}
