import { z } from 'zod';
import { languageSchema } from './common.schema';

/**
 * The citizen messages (SMS, and Web Push for `near`, `called` and `broadcast`), one of each kind per ticket or
 * appointment; `broadcast` (a supervisor's message to everyone waiting) once per ticket and broadcast.
 */
export const messageKindSchema = z.enum(['booked', 'reminder', 'near', 'called', 'feedback', 'broadcast']);
export type MessageKind = z.infer<typeof messageKindSchema>;

/** The `{placeholders}` a template of each kind may use; any other is refused (400). */
export const messagePlaceholders: Record<MessageKind, readonly string[]> = {
  booked: ['code', 'service', 'center', 'date', 'time', 'link'],
  reminder: ['code', 'service', 'center', 'date', 'time', 'link'],
  near: ['code', 'service', 'center', 'ahead', 'link'],
  called: ['code', 'service', 'center', 'counter'],
  feedback: ['code', 'service', 'center', 'link'],
  broadcast: ['message', 'code', 'service', 'center', 'link'],
};

const placeholderPattern = /\{([^{}\s]*)\}/g;

/** A template's placeholders that its kind does not know (each once, in order). */
export function unknownPlaceholders(kind: MessageKind, text: string): string[] {
  const known = new Set(messagePlaceholders[kind]);
  const unknown = [...text.matchAll(placeholderPattern)].map((m) => m[1] ?? '').filter((name) => !known.has(name));
  return [...new Set(unknown)];
}

/** The text of a message: each `{name}` replaced by its value (a missing value leaves nothing), spaces tidied. */
export function renderTemplate(text: string, params: Readonly<Record<string, string>>): string {
  return text
    .replace(placeholderPattern, (_, name: string) => params[name] ?? '')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

export const messageTemplateSchema = z
  .object({
    kind: messageKindSchema,
    language: languageSchema,
    text: z.string(),
    /** True while no admin has changed it: the built-in text. */
    isDefault: z.boolean(),
    placeholders: z.array(z.string()),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'MessageTemplate' });
export type MessageTemplate = z.infer<typeof messageTemplateSchema>;

export const messageTemplateParamsSchema = z.object({ kind: messageKindSchema, language: languageSchema });

/** An SMS is at most a few segments: 480 characters. */
export const updateMessageTemplateBodySchema = z.object({ text: z.string().trim().min(1).max(480) }).strict();
export type UpdateMessageTemplateBody = z.infer<typeof updateMessageTemplateBodySchema>;

/** A browser's PushSubscription as `subscription.toJSON()` gives it (RFC 8030 endpoint, RFC 8291 keys). */
export const pushSubscriptionBodySchema = z
  .object({
    endpoint: z.url({ protocol: /^https?$/ }).max(1024),
    expirationTime: z.number().nullable().optional(),
    keys: z
      .object({
        // An uncompressed P-256 point (65 bytes, 0x04 first) and a 16-byte secret, base64url.
        p256dh: z.string().regex(/^B[A-Za-z0-9_-]{86}=?$/, 'a P-256 public key, base64url'),
        auth: z.string().regex(/^[A-Za-z0-9_-]{22}(==)?$/, '16 bytes, base64url'),
      })
      .strict(),
  })
  .strict();
export type PushSubscriptionBody = z.infer<typeof pushSubscriptionBodySchema>;

export const pushSubscribedSchema = z.object({ subscribed: z.literal(true), kinds: z.array(messageKindSchema) }).meta({ id: 'PushSubscribed' });
export type PushSubscribed = z.infer<typeof pushSubscribedSchema>;

export const vapidPublicKeySchema = z.object({ publicKey: z.string() }).meta({ id: 'VapidPublicKey' });
export type VapidPublicKey = z.infer<typeof vapidPublicKeySchema>;

/** What a Web Push message carries (encrypted to the subscription): never a name or a phone number. */
export const pushPayloadSchema = z.object({ kind: messageKindSchema, text: z.string(), url: z.string() });
export type PushPayload = z.infer<typeof pushPayloadSchema>;
