import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AppointmentStatus, Channel, CounterStatus, Language, PaymentStatus, Placement, Role, TicketStatus } from '@navbat/shared';
import type { OutboxEventsTable, WebhookDeliveriesTable, WebhooksTable } from './outbox.schema';
import type { MessageLogTable, MessageTemplatesTable, PushSubscriptionsTable } from './messages.schema';
import type { DevicesTable } from './devices.schema';
import type { BroadcastsTable } from './broadcasts.schema';

// Table types as stored: times are ISO-8601 text, booleans 0/1, JSON as text; columns that hold one of a
// contract's enums are typed with it (the server is the only writer).

/** A nullable column an insert may leave out (added by a later migration with a null default). */
type Optional<T> = ColumnType<T, T | undefined, T>;

export interface CentersTable {
  id: string;
  name: string;
  timezone: string;
  opening_hours: string | null;
  priority_categories: string;
  priority_run: number;
  ticker_message: string | null;
  pause_alert_minutes: number;
  /** Booking and remote join settings as JSON (null = the defaults). */
  booking: Optional<string | null>;
  remote_join: Optional<string | null>;
  display_seq: number;
  created_at: string;
  /** Citizens are told "your turn is near" at this many ahead or fewer (migration 1050). */
  notify_ahead: ColumnType<number, number | undefined, number>;
  /** "Stop issuing now" for the whole centre as JSON, null while issuing (migration 1100). */
  issuing_stop: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ServiceGroupsTable {
  id: Generated<number>;
  center_id: string;
  name: string;
  sort_order: number;
}

export interface ServicesTable {
  id: Generated<number>;
  center_id: string;
  group_id: number | null;
  prefix: string;
  name: string;
  sla_target_minutes: number;
  allows_priority: number;
  daily_cap: number | null;
  opening_hours: string | null;
  active: number;
  sort_order: number;
  /** Journeys and fees: a JSON array of service ids, a JSON `{ amountPkr, label }` or null, 0/1. */
  next_service_ids: Generated<string>;
  fee: Optional<string | null>;
  pay_before_call: Generated<number>;
  booking_slot_minutes: ColumnType<number, number | undefined, number>;
  booking_capacity: ColumnType<number, number | undefined, number>;
  /** "Stop issuing now" for this service as JSON, null while issuing (migration 1100). */
  issuing_stop: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  name: string;
  role: Role;
  active: number;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

export interface CountersTable {
  id: Generated<number>;
  center_id: string;
  name: string;
  zone: string | null;
  status: CounterStatus;
  status_since: string;
  pause_reason: string | null;
  operator_id: number | null;
  priority_streak: number;
  active: number;
  /** While paused: when the operator said they would be back (the pause's `expectedMinutes`), else null. */
  pause_expected_until: Optional<string | null>;
  /** The day's services a supervisor set, as JSON (domain/counter-life `DayServices`); null: the usual ones (migration 1300). */
  day_services: Optional<string | null>;
}

export interface CounterServicesTable {
  counter_id: number;
  service_id: number;
  weight: number;
}

export interface TicketsTable {
  id: Generated<number>;
  public_id: string;
  center_id: string;
  service_id: number;
  service_day: string;
  number: number;
  code: string;
  status: TicketStatus;
  priority: string;
  channel: Channel;
  language: Language;
  phone: string | null;
  issued_at: string;
  queued_at: string;
  appointment_at: string | null;
  first_called_at: string | null;
  called_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  /** First call − issue, in ms; set by the first call. */
  wait_ms: number | null;
  /** Finish − start of a served ticket, in ms; set by `complete`. */
  service_ms: number | null;
  counter_id: number | null;
  first_counter_id: number | null;
  operator_id: number | null;
  transfer_counter_id: number | null;
  transfer_placement: Placement | null;
  recall_count: number;
  outcome: string | null;
  rating: number | null;
  feedback_comment: string | null;
  /** The accuracy ledger: estimator v2's wait and 80% range given at issue, and the naive estimate (seconds). */
  estimate_at_issue_s: Optional<number | null>;
  estimate_low_s: Optional<number | null>;
  estimate_high_s: Optional<number | null>;
  naive_at_issue_s: Optional<number | null>;
  /** Journeys and fees: the stops (JSON), when the current stop's line was entered (null: at issue), its payment. */
  journey: Optional<string | null>;
  stop_entered_at: Optional<string | null>;
  payment_amount_pkr: Optional<number | null>;
  psid: Optional<string | null>;
  payment_status: Optional<PaymentStatus | null>;
  paid_at: Optional<string | null>;
  receipt_ref: Optional<string | null>;
  awaiting_payment: Generated<number>;
  /** 0 only for a remote ticket not yet checked in (issue 14); when such a ticket first in line expires. */
  arrived: ColumnType<number, number | undefined, number>;
  arrival_due_at: Optional<string | null>;
  /** The control room: held aside for `transfer_counter_id` until then (domain/call-order `isHeld`); null: not held. */
  hold_until: Optional<string | null>;
  /** 1 while the ticket has a Web Push subscription (kept by messages.repository); with `phone`, who can be told. */
  push_subscribed: Generated<number>;
}

export interface PaymentNoticesTable {
  webhook_id: string;
  ticket_id: number;
  received_at: string;
}

export interface TicketEventsTable {
  id: Generated<number>;
  ticket_id: number;
  center_id: string;
  type: string;
  at: string;
  actor_id: number | null;
  counter_id: number | null;
  data: string | null;
}

export interface DailySequencesTable {
  service_id: number;
  service_day: string;
  last_number: number;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: string;
  created_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  center_id: string | null;
  entity: string;
  entity_id: string;
  action: string;
  data: string | null;
}

export interface AppointmentsTable {
  id: Generated<number>;
  public_id: string;
  code: string;
  center_id: string;
  service_id: number;
  start_at: string;
  end_at: string;
  local_day: string;
  status: AppointmentStatus;
  phone: string | null;
  language: Language;
  ticket_id: number | null;
  created_at: string;
  checked_in_at: string | null;
  cancelled_at: string | null;
}

export interface AppointmentSlotsTable {
  service_id: number;
  start_at: string;
  booked: number;
}

/** A day a centre is closed (migration 1100). */
export interface CenterHolidaysTable {
  center_id: string;
  date: string;
  reason: string;
  created_at: string;
}

export interface Database {
  centers: CentersTable;
  service_groups: ServiceGroupsTable;
  services: ServicesTable;
  users: UsersTable;
  sessions: SessionsTable;
  counters: CountersTable;
  counter_services: CounterServicesTable;
  tickets: TicketsTable;
  ticket_events: TicketEventsTable;
  daily_sequences: DailySequencesTable;
  idempotency_keys: IdempotencyKeysTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  outbox_events: OutboxEventsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  payment_notices: PaymentNoticesTable;
  message_log: MessageLogTable;
  message_templates: MessageTemplatesTable;
  push_subscriptions: PushSubscriptionsTable;
  appointments: AppointmentsTable;
  appointment_slots: AppointmentSlotsTable;
  devices: DevicesTable;
  center_holidays: CenterHolidaysTable;
  broadcasts: BroadcastsTable;
}

export type CenterRow = Selectable<CentersTable>;
export type ServiceGroupRow = Selectable<ServiceGroupsTable>;
export type ServiceRow = Selectable<ServicesTable>;
export type UserRow = Selectable<UsersTable>;
export type CounterRow = Selectable<CountersTable>;
export type TicketRow = Selectable<TicketsTable>;
export type NewTicket = Insertable<TicketsTable>;
export type TicketUpdate = Updateable<TicketsTable>;
export type TicketEventRow = Selectable<TicketEventsTable>;
export type AppointmentRow = Selectable<AppointmentsTable>;
