import type { ColumnType, Generated, Selectable } from 'kysely';

/** A supervisor's message to everyone waiting (migration 1300). Never holds a phone number. */
export interface BroadcastsTable {
  id: Generated<number>;
  center_id: string;
  /** Only this service's line; null: the whole centre. */
  service_id: number | null;
  message: string;
  /** 1: also sent as a citizen message. */
  sms: number;
  recipients: number;
  created_by: number | null;
  created_at: string;
  expires_at: string;
  cleared_at: ColumnType<string | null, string | null | undefined, string | null>;
}
export type BroadcastRow = Selectable<BroadcastsTable>;
