import type { Appointment, Counter, PublicBroadcast, Ticket, TicketCalledEvent } from '@navbat/shared';
import type { TicketCommand } from '../domain/ticket-life';

/**
 * Facts a committed command announces; the realtime layer turns them into socket events. `ticket` is the
 * changed ticket's public view as the command built it at commit (the one it answered), so nobody builds
 * it again: every command that changes a ticket sets it (optional only for realtime, which falls back to
 * reading the view when a batch has moved it or an event carries none).
 */
export type DomainEvent =
  | { type: 'ticket.issued'; centerId: string; ticketId: number; serviceId: number; seq: number; ticket?: Ticket }
  | { type: 'ticket.changed'; centerId: string; ticketId: number; serviceIds: number[]; seq: number; command: TicketCommand; ticket?: Ticket }
  | {
      type: 'ticket.called';
      centerId: string;
      ticketId: number;
      counterId: number;
      serviceId: number;
      recall: boolean;
      seq: number;
      /** What displays are told, complete at commit so it can go out at once; `zone` is the counter's. */
      announcement: TicketCalledEvent;
      zone: string | null;
      ticket?: Ticket;
    }
  | { type: 'tickets.expired'; centerId: string; ticketIds: number[]; serviceIds: number[]; seq: number; tickets?: Ticket[] }
  | { type: 'counter.changed'; centerId: string; counterId: number; seq: number | null; shift?: CounterShift; servicesChanged?: boolean; counter?: Counter }
  | { type: 'center.changed'; centerId: string; seq: number | null }
  | { type: 'appointment.changed'; centerId: string; seq: null; change: AppointmentChange; appointment: Appointment }
  /** A supervisor's broadcast was sent or cleared: those shown now, newest first. */
  | { type: 'broadcast.changed'; centerId: string; seq: null; broadcasts: PublicBroadcast[] };

/** What happened to an appointment (its public event is `appointment.<change>`). */
export type AppointmentChange = 'booked' | 'checked_in' | 'cancelled' | 'missed';

/** A counter's shift change, which the outbox tells receivers of (with the counter's view). */
export type CounterShift = 'opened' | 'paused' | 'closed';
