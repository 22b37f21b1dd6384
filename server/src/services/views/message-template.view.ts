import { messagePlaceholders, type Language, type MessageKind, type MessageTemplate } from '@navbat/shared';
import type { MessageTemplateRow } from '../../db/messages.schema';
import { defaultTemplates } from '../../domain/messages';

/** A template as the API shows it: the admin's row, or the built-in default when there is none. */
export function toMessageTemplate(kind: MessageKind, language: Language, row: MessageTemplateRow | undefined): MessageTemplate {
  return {
    kind,
    language,
    text: row?.text ?? defaultTemplates[kind][language],
    isDefault: row === undefined,
    placeholders: [...messagePlaceholders[kind]],
    updatedAt: row?.updated_at ?? null,
  };
}
