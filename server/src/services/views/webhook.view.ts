import type { Webhook, WebhookDelivery, WebhookDeliveryStatus } from '@navbat/shared';
import type { WebhookDeliveryRow, WebhookRow } from '../../db/outbox.schema';

/** A webhook in its API shape: never its secret. */
export const toWebhook = (row: WebhookRow): Webhook => ({
  id: row.id,
  url: row.url,
  events: JSON.parse(row.events) as string[],
  centerId: row.center_id,
  enabled: row.enabled === 1,
  createdAt: row.created_at,
  disabledReason: row.disabled_reason,
});

export const toDelivery = (row: WebhookDeliveryRow): WebhookDelivery => ({
  id: row.id,
  type: row.type,
  status: row.status as WebhookDeliveryStatus,
  attempts: row.attempts,
  lastStatusCode: row.last_status_code,
  nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
  lastAttemptAt: row.last_attempt_at,
  lastError: row.last_error,
  createdAt: row.created_at,
});
