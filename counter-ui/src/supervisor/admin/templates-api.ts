import type { Language, MessageKind, MessageTemplate, UpdateMessageTemplateBody } from '@navbat/shared';
import { staffRequest } from '../../lib';

const base = '/api/v1/admin/message-templates';

/** The citizen message templates (API.md "Citizen messages"; server/src/routes/messages.routes.ts). */
export const templatesApi = {
  list: () => staffRequest<MessageTemplate[]>(base),
  update: (kind: MessageKind, language: Language, body: UpdateMessageTemplateBody) => staffRequest<MessageTemplate>(`${base}/${kind}/${language}`, { method: 'PUT', body }),
  reset: (kind: MessageKind, language: Language) => staffRequest<MessageTemplate>(`${base}/${kind}/${language}`, { method: 'DELETE' }),
};
