import type { Generated, Selectable } from 'kysely';

// The outbox's and webhooks' tables as stored (see migration 2026-12-01T1020-outbox-webhooks).

export interface OutboxEventsTable {
  id: Generated<number>;
  type: string;
  center_id: string | null;
  ticket_id: number | null;
  /** The event's `data` as JSON text, exactly as receivers get it. */
  data: string;
  occurred_at: string;
  /**
   * PostgreSQL: 1 once every consumer took its share of the event. Unused on SQLite, where the events fanned out are
   * those up to `outbox_cursor.fanned_up_to` (outbox.repository.ts).
   */
  fanned_out: Generated<number>;
}

export interface WebhooksTable {
  id: Generated<number>;
  url: string;
  /** JSON array: ["*"] or event types. */
  events: string;
  center_id: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: string | null;
  enabled: Generated<number>;
  disabled_reason: string | null;
  created_at: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: number;
  event_id: number;
  type: string;
  status: string;
  attempts: Generated<number>;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  created_at: string;
}

export type OutboxEventRow = Selectable<OutboxEventsTable>;
export type WebhookRow = Selectable<WebhooksTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
