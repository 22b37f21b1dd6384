import type { CreateWebhookBody, Webhook, WebhookCreated, WebhookDelivery, WebhookSecretRotated } from '@navbat/shared';
import { staffRequest } from '../../lib';

const base = '/api/v1/admin/webhooks';

/** The webhooks administration calls (API.md "Webhooks"), typed with the shared schemas. */
export const webhooksApi = {
  list: () => staffRequest<Webhook[]>(base),
  create: (body: CreateWebhookBody) => staffRequest<WebhookCreated>(base, { method: 'POST', body }),
  setEnabled: (id: number, enabled: boolean) => staffRequest<Webhook>(`${base}/${id}`, { method: 'PATCH', body: { enabled } }),
  remove: (id: number) => staffRequest<null>(`${base}/${id}`, { method: 'DELETE' }),
  deliveries: (id: number, limit = 50) => staffRequest<WebhookDelivery[]>(`${base}/${id}/deliveries?limit=${limit}`),
  retry: (id: number, deliveryId: string) => staffRequest<null>(`${base}/${id}/deliveries/${encodeURIComponent(deliveryId)}/retry`, { method: 'POST' }),
  rotateSecret: (id: number) => staffRequest<WebhookSecretRotated>(`${base}/${id}/rotate-secret`, { method: 'POST' }),
};
