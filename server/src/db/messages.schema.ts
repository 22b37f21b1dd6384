import type { ColumnType, Generated, Selectable } from 'kysely';

// Citizen messages' tables as stored (see migration 2026-12-01T1050-messages).

/** One citizen message: at most one per (subject, subject_id, kind). Never holds a phone number. */
export interface MessageLogTable {
  id: string;
  /** 'ticket' or 'appointment'. */
  subject: string;
  subject_id: number;
  kind: string;
  center_id: string;
  language: string;
  /** JSON object of the template's placeholders' values. */
  params: string;
  /** pending → sending → sent | skipped | failed, or cancelled before it was due. */
  status: string;
  send_after: string;
  /** The channels it went out on, e.g. "sms,push". */
  channels: ColumnType<string | null, string | null | undefined, string | null>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: string;
  sent_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface MessageTemplatesTable {
  kind: string;
  language: string;
  text: string;
  updated_at: string;
}

export interface PushSubscriptionsTable {
  id: Generated<number>;
  ticket_id: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: string;
}

export type MessageLogRow = Selectable<MessageLogTable>;
export type MessageTemplateRow = Selectable<MessageTemplatesTable>;
export type PushSubscriptionRow = Selectable<PushSubscriptionsTable>;
