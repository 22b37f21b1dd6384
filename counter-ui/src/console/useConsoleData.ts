import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { reportDevice, type Counter, type CounterToday, type PriorityCategory, type PublicService, type QueueSummary, type Ticket, type User } from '@navbat/shared';
import { api } from '../lib/api';
import { noteServerTime } from '../lib/clock';
import { connectStaff, type StaffSocket } from '../lib/socket';

export interface ConsoleData {
  counters: Counter[] | null;
  /** The counter this user works now (open or paused), if any. */
  mine: Counter | null;
  services: PublicService[];
  priorities: PriorityCategory[];
  queue: Ticket[] | null;
  summary: QueueSummary | null;
  today: CounterToday | null;
  connected: boolean;
  /** Fetches everything again (after a refusal, a reconnect, or on demand). */
  resync: () => Promise<void>;
  /** Applies a counter the server returned to the local state at once. */
  applyCounter: (counter: Counter) => void;
  /** Applies a ticket a command returned (the counter's current ticket changes with it). */
  applyTicket: (counterId: number, ticket: Ticket | null) => void;
}

const ACTIVE = new Set(['called', 'serving']);

/**
 * The live state of the console: counters, this counter's waiting list, the queue summary and today's
 * figures. Snapshot on every (re)connect of the /staff socket, deltas from its events in between.
 */
export function useConsoleData(centerId: string, user: User): ConsoleData {
  const [counters, setCounters] = useState<Counter[] | null>(null);
  const [services, setServices] = useState<PublicService[]>([]);
  const [priorities, setPriorities] = useState<PriorityCategory[]>([]);
  const [queue, setQueue] = useState<Ticket[] | null>(null);
  const [summary, setSummary] = useState<QueueSummary | null>(null);
  const [today, setToday] = useState<CounterToday | null>(null);
  const [connected, setConnected] = useState(false);

  const mine = useMemo(() => counters?.find((c) => c.operator?.id === user.id && c.status !== 'closed') ?? null, [counters, user.id]);
  const mineId = useRef<number | null>(null);
  mineId.current = mine?.id ?? null;
  // This PC on the devices page, named after the counter it works (docs/supervisor.md "Devices").
  const deviceLabel = useRef<string | null>(null);
  deviceLabel.current = mine?.name ?? null;

  // Responses may arrive out of order; only the latest request of each kind is applied.
  const queueSeq = useRef(0);
  const refreshQueue = useCallback(async () => {
    const id = mineId.current;
    const seq = ++queueSeq.current;
    if (id === null) {
      setQueue(null);
      return;
    }
    try {
      const list = await api.counterQueue(id);
      if (seq === queueSeq.current) setQueue(list);
    } catch {
      // kept as it was; the next event or reconnect refreshes it
    }
  }, []);

  const todaySeq = useRef(0);
  const refreshToday = useCallback(async () => {
    const id = mineId.current;
    const seq = ++todaySeq.current;
    if (id === null) return;
    try {
      const figures = await api.today(id);
      if (seq === todaySeq.current) setToday(figures);
    } catch {
      // same as above
    }
  }, []);

  const countersSeq = useRef(0);
  const resync = useCallback(async () => {
    const seq = ++countersSeq.current;
    const [list, svc, sum] = await Promise.all([
      api.counters(centerId),
      api.services(centerId).catch(() => null),
      api.queueSummary(centerId).catch(() => null),
    ]);
    if (seq !== countersSeq.current) return;
    setCounters(list);
    if (svc) {
      setServices(svc.services);
      setPriorities(svc.priorityCategories);
    }
    if (sum) {
      noteServerTime(sum.at);
      setSummary(sum);
    }
    mineId.current = list.find((c) => c.operator?.id === user.id && c.status !== 'closed')?.id ?? null;
    await Promise.all([refreshQueue(), refreshToday()]);
  }, [centerId, user.id, refreshQueue, refreshToday]);

  const applyCounter = useCallback((counter: Counter) => {
    setCounters((list) => (list ? list.map((c) => (c.id === counter.id ? counter : c)) : list));
  }, []);

  const applyTicket = useCallback((counterId: number, ticket: Ticket | null) => {
    setCounters((list) =>
      list
        ? list.map((c) => (c.id === counterId ? { ...c, currentTicket: ticket && ACTIVE.has(ticket.status) ? ticket : null } : c))
        : list,
    );
  }, []);

  // The waiting list follows the counter this user works.
  useEffect(() => {
    void refreshQueue();
    void refreshToday();
  }, [mine?.id, refreshQueue, refreshToday]);

  const socketRef = useRef<StaffSocket | null>(null);
  useEffect(() => {
    const socket = connectStaff(centerId);
    socketRef.current = socket;
    const stopReporting = reportDevice(socket, () => ({ kind: 'counter', label: deviceLabel.current }));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const scheduleQueue = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void refreshQueue(), 80);
    };
    socket.on('connect', () => {
      setConnected(true);
      resync().catch(() => undefined);
    });
    socket.on('disconnect', () => setConnected(false));
    socket.on('connect_error', () => setConnected(false));
    socket.on('queue:updated', (s) => {
      noteServerTime(s.at);
      setSummary(s);
      scheduleQueue();
    });
    socket.on('ticket:issued', scheduleQueue);
    socket.on('ticket:updated', ({ ticket }) => {
      scheduleQueue();
      // A change to a counter's current ticket that is not a counter command (its fee paid by the fee
      // authority's notice, say) shows at once. Only the same step of the ticket is replaced, so a late event
      // of an earlier command never undoes a later one (counter:updated brings those).
      const sameStep = (current: Ticket | null) =>
        current !== null && current.id === ticket.id && current.status === ticket.status && current.serviceId === ticket.serviceId && current.calledAt === ticket.calledAt;
      setCounters((list) => (list && list.some((c) => sameStep(c.currentTicket)) ? list.map((c) => (sameStep(c.currentTicket) ? { ...c, currentTicket: ticket } : c)) : list));
    });
    socket.on('counter:updated', ({ counter }) => {
      setCounters((list) => {
        if (!list) return list;
        return list.some((c) => c.id === counter.id) ? list.map((c) => (c.id === counter.id ? counter : c)) : [...list, counter];
      });
      if (counter.id === mineId.current) void refreshToday();
    });
    return () => {
      clearTimeout(timer);
      socket.removeAllListeners();
      stopReporting();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [centerId, resync, refreshQueue, refreshToday]);

  // First load does not wait for the socket (it may be slow to connect).
  useEffect(() => {
    resync().catch(() => undefined);
  }, [resync]);

  return { counters, mine, services, priorities, queue, summary, today, connected, resync, applyCounter, applyTicket };
}
