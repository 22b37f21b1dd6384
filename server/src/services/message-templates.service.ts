import { messageKindSchema, languageSchema, type Language, type MessageKind, type MessageTemplate, type UpdateMessageTemplateBody, type User } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { Executor } from '../db/database';
import { deleteMessageTemplate, findMessageTemplate, listMessageTemplates, upsertMessageTemplate } from '../db/messages.repository';
import { checkTemplate, defaultTemplates } from '../domain/messages';
import { orThrow } from '../domain/decision';
import { audited } from './admin/audited';
import { toMessageTemplate } from './views/message-template.view';

/** Every kind in every language: the admin's text where there is one, else the built-in default. */
export async function listTemplates(ctx: ServiceContext): Promise<MessageTemplate[]> {
  const rows = await listMessageTemplates(ctx.database.db);
  return messageKindSchema.options.flatMap((kind) => languageSchema.options.map((language) => toMessageTemplate(kind, language, rows.find((r) => r.kind === kind && r.language === language))));
}

/** Replaces a template; a placeholder its kind does not know is 400 VALIDATION_ERROR and nothing is stored. */
export function updateTemplate(ctx: ServiceContext, actor: User, kind: MessageKind, language: Language, body: UpdateMessageTemplateBody): Promise<MessageTemplate> {
  orThrow(checkTemplate(kind, body.text));
  return audited(ctx, actor, null, 'message_template', 'update', async (trx) => {
    const row = { kind, language, text: body.text, updated_at: ctx.clock.now().toISOString() };
    await upsertMessageTemplate(trx, row);
    return { id: `${kind}/${language}`, value: toMessageTemplate(kind, language, row), data: body };
  });
}

/** Goes back to the built-in text. */
export function resetTemplate(ctx: ServiceContext, actor: User, kind: MessageKind, language: Language): Promise<MessageTemplate> {
  return audited(ctx, actor, null, 'message_template', 'reset', async (trx) => {
    await deleteMessageTemplate(trx, kind, language);
    return { id: `${kind}/${language}`, value: toMessageTemplate(kind, language, undefined) };
  });
}

/** The text a message of this kind and language is rendered from now. */
export async function templateText(ex: Executor, kind: MessageKind, language: Language): Promise<string> {
  return (await findMessageTemplate(ex, kind, language))?.text ?? defaultTemplates[kind][language];
}
