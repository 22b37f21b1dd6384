import fp from 'fastify-plugin';
import { Server, type Namespace } from 'socket.io';
import {
  deviceHeartbeatSchema,
  AppError,
  displayHandshakeSchema,
  staffHandshakeSchema,
  ticketHandshakeSchema,
  type DisplayClientEvents,
  type DisplayServerEvents,
  kioskPrintTimeoutMs,
  type PrintJob,
  printJobAckSchema,
  type PrintJobAck,
  type StaffClientEvents,
  type StaffServerEvents,
  type TicketClientEvents,
  type TicketServerEvents,
  type DeviceHeartbeat,
  type User,
} from '@navbat/shared';
import type { Services } from '../services';
import type { EventBus } from '../services/event-bus';
import type { DomainEvent } from '../services/events';
import { handshakeError, onCommand, onHeartbeat } from './acks';
import { isSameOrigin } from '../plugins/same-origin';
import { Broadcaster } from './broadcaster';
import { keepingAtMost, recoveryPacketsKept } from './recovery';
import { rooms } from './rooms';
import { TicketWatchers, type Watched } from './ticket-watchers';

declare module 'fastify' {
  interface FastifyInstance {
    io: Server;
    /** Resolves once every committed change has reached the sockets. */
    realtimeIdle(): Promise<void>;
    /** Sends a print job to one kiosk's page and waits for its answer ('no-answer': offline or silent). */
    printOnKiosk(centerId: string, deviceId: string, job: PrintJob): Promise<PrintJobAck | 'no-answer'>;
    /** Closes this instance's staff sockets whose session has ended (a logout, a deactivated user, a new password, its expiry). */
    closeEndedStaffSockets(): Promise<void>;
  }
}

/**
 * How often every staff socket's session is checked again: a session that ended elsewhere (another instance,
 * `npm run reset-admin`) or expired closes its sockets within this time; one ended here closes them at once.
 */
export const staffRecheckMs = 30_000;

export interface RealtimeOptions {
  services: Services;
  bus: EventBus;
  /** Installs a cross-instance adapter (Redis) on the server before namespaces are used. */
  configureAdapter?: (io: Server) => Promise<void>;
}

/** Socket.IO on the Fastify server: /display and /ticket (public), /staff (session cookie). */
export const realtimePlugin = fp(
  async (app, opts: RealtimeOptions) => {
    const io = new Server(app.server, {
      serveClient: false,
      cors: { origin: false },
      // A dropped display gets back missed packets when it returns within two minutes (at most the last
      // `recoveryPacketsKept`: recovery.ts). With Redis, `configureAdapter` puts the Redis Streams adapter in its place.
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
      adapter: keepingAtMost(recoveryPacketsKept),
      pingInterval: 10_000,
      pingTimeout: 8_000,
    });
    if (opts.configureAdapter) await opts.configureAdapter(io);

    // A device over its limit (TOO_MANY_DEVICES) or a failed write is logged, never answered.
    const heartbeatFailed = (error: unknown) => app.log.warn({ err: error }, 'device heartbeat not recorded');
    const display = io.of('/display') as unknown as Namespace<DisplayClientEvents, DisplayServerEvents>;
    const ticket = io.of('/ticket') as unknown as Namespace<TicketClientEvents, TicketServerEvents>;
    const staff = io.of('/staff') as unknown as Namespace<StaffClientEvents, StaffServerEvents, Record<string, never>, { user: User; centerId: string }>;

    // ---- /display ----
    display.use((socket, next) => {
      const parsed = displayHandshakeSchema.safeParse(socket.handshake.auth ?? {});
      if (!parsed.success) return next(handshakeError('VALIDATION_ERROR', 'handshake auth needs { centerId, zone? }'));
      const { centerId, zone = null } = parsed.data;
      // The same check as GET …/display: an unknown center or zone is refused with its code.
      opts.services.centers.requireDisplayZone(centerId, zone).then(
        () => {
          socket.data = { centerId, zone };
          next();
        },
        (error: unknown) => {
          const code = error instanceof AppError ? error.code : 'SERVICE_UNAVAILABLE';
          next(handshakeError(code, error instanceof AppError ? error.message : 'try again'));
        },
      );
    });
    display.on('connection', async (socket) => {
      const { centerId, zone } = socket.data as { centerId: string; zone: string | null };
      await socket.join(rooms.display(centerId, zone));
      onCommand(socket, 'display:sync', () => opts.services.centers.displayState(centerId, zone));
      const record = (beat: DeviceHeartbeat) => {
        // A kiosk's page takes the print jobs sent to its device id (docs/control-room.md "Printing on a kiosk").
        if (beat.kind === 'kiosk') void socket.join(rooms.kiosk(centerId, beat.deviceId));
        return opts.services.devices.heartbeat(centerId, beat);
      };
      onHeartbeat(socket, (p) => deviceHeartbeatSchema.safeParse(p), record, heartbeatFailed);
      try {
        socket.emit('display:snapshot', await opts.services.centers.displayState(centerId, zone));
      } catch (error) {
        app.log.warn({ err: error }, 'display snapshot failed');
      }
    });

    // ---- /ticket ----
    const watchers = new TicketWatchers(ticket as unknown as Namespace, opts.services.live);
    ticket.use((socket, next) => {
      const parsed = ticketHandshakeSchema.safeParse(socket.handshake.auth ?? {});
      if (!parsed.success) return next(handshakeError('VALIDATION_ERROR', 'handshake auth needs { publicId }'));
      opts.services.live.watchedTicket(parsed.data.publicId).then(
        (watched) => {
          if (!watched) return next(handshakeError('TICKET_NOT_FOUND', 'no such ticket'));
          socket.data = watched;
          next();
        },
        () => next(handshakeError('SERVICE_UNAVAILABLE', 'try again')),
      );
    });
    ticket.on('connection', async (socket) => {
      const { publicId, ...watched } = socket.data as Watched & { publicId: string };
      await socket.join(rooms.ticket(publicId));
      watchers.add(publicId, watched);
      socket.on('disconnect', () => watchers.remove(publicId));
      const current = () => opts.services.tickets.getByPublicId(publicId).then((t) => ({ ticket: t }));
      onCommand(socket, 'ticket:sync', current);
      try {
        socket.emit('ticket:updated', await current());
        socket.emit('broadcast:updated', { broadcast: await opts.services.broadcasts.forTicket(watched.centerId, watched.serviceId, watched.status) });
      } catch (error) {
        app.log.warn({ err: error }, 'ticket snapshot failed');
      }
    });

    // ---- /staff ----
    staff.use((socket, next) => {
      const parsed = staffHandshakeSchema.safeParse(socket.handshake.auth ?? {});
      // A page of another site may open a socket with the staff cookie, just as it may post a form.
      if (!isSameOrigin(socket.handshake.headers)) return next(handshakeError('CROSS_ORIGIN_REQUEST', 'connections from other sites are refused'));
      app.userFromCookieHeader(socket.handshake.headers.cookie).then(
        async (user) => {
          if (!user) return next(handshakeError('UNAUTHENTICATED', 'sign in first'));
          if (!parsed.success) return next(handshakeError('VALIDATION_ERROR', 'handshake auth needs { centerId }'));
          try {
            await opts.services.centers.requireCenter(parsed.data.centerId);
          } catch {
            return next(handshakeError('CENTER_NOT_FOUND', `no center ${parsed.data.centerId}`));
          }
          socket.data = { user, centerId: parsed.data.centerId };
          next();
        },
        () => next(handshakeError('SERVICE_UNAVAILABLE', 'try again')),
      );
    });
    staff.on('connection', async (socket) => {
      const { centerId } = socket.data;
      await socket.join(rooms.staff(centerId));
      onCommand(socket, 'queue:sync', () => opts.services.centers.queueSummary(centerId));
      onHeartbeat(socket, (p) => deviceHeartbeatSchema.safeParse(p), (beat) => opts.services.devices.heartbeat(centerId, beat), heartbeatFailed);
      try {
        socket.emit('queue:updated', await opts.services.centers.queueSummary(centerId));
      } catch (error) {
        app.log.warn({ err: error }, 'queue snapshot failed');
      }
    });

    const broadcaster = new Broadcaster(
      { display: display as unknown as Namespace, staff: staff as unknown as Namespace },
      opts.services,
      watchers,
      (error) => app.log.error({ err: error }, 'broadcast failed'),
      opts.configureAdapter !== undefined,
    );
    const unsubscribe = opts.bus.subscribe((events) => {
      broadcaster.accept(events);
      // Displays, consoles and phones connected to other instances are served there, from these events.
      if (opts.configureAdapter) ticket.serverSideEmit('domain:events', events);
    });
    ticket.on('domain:events' as never, (events: DomainEvent[]) => broadcaster.accept(events, 'elsewhere'));

    app.decorate('io', io);
    app.decorate('realtimeIdle', () => broadcaster.idle());
    app.decorate('printOnKiosk', async (centerId: string, deviceId: string, job: PrintJob) => {
      try {
        const raw: unknown[] = await display.to(rooms.kiosk(centerId, deviceId)).timeout(kioskPrintTimeoutMs).emitWithAck('print:ticket', job);
        const answers = raw.flatMap((a) => {
          const parsed = printJobAckSchema.safeParse(a);
          return parsed.success ? [parsed.data] : [];
        });
        // The same kiosk open twice: one print is enough, a refusal only when every page refused.
        return answers.find((a) => a.ok) ?? answers[0] ?? 'no-answer';
      } catch {
        return 'no-answer';
      }
    });
    // A staff socket lives no longer than its session. Closed (not just told to leave), so the page reconnects
    // at once and its handshake says why: `UNAUTHENTICATED`, and the console asks to sign in again.
    const closeEndedStaffSockets = async () => {
      for (const socket of [...staff.sockets.values()]) {
        const user = await app.userFromCookieHeader(socket.handshake.headers.cookie).catch(() => undefined);
        // undefined: the database did not answer; the socket stays until a check that can tell.
        // The connection itself, without a "leave" message: that would stop the page's reconnecting.
        if (user === null) socket.conn.close();
      }
    };
    app.decorate('closeEndedStaffSockets', closeEndedStaffSockets);
    const recheck = setInterval(() => void closeEndedStaffSockets(), staffRecheckMs);
    recheck.unref();
    app.addHook('preClose', async () => {
      clearInterval(recheck);
      unsubscribe();
      await broadcaster.idle({ hurry: true }).catch(() => {});
      io.disconnectSockets(true);
      // Socket.IO's close also closes the HTTP server; Fastify closes it itself.
      await new Promise<void>((resolve) => {
        io.engine.close();
        resolve();
      });
    });
  },
  { name: 'realtime' },
);
