import { z } from 'zod';
import { roleSchema } from './common.schema';

export const userSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    name: z.string(),
    role: roleSchema,
    active: z.boolean(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

export const loginBodySchema = z
  .object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) })
  .strict();
export type LoginBody = z.infer<typeof loginBodySchema>;

export const userEnvelopeSchema = z.object({ user: userSchema });
export type UserEnvelope = z.infer<typeof userEnvelopeSchema>;

export const usernameSchema = z.string().regex(/^[a-z0-9._-]{3,32}$/, '3–32 of a-z, 0-9, dot, dash, underscore');
export const passwordSchema = z.string().min(8, 'at least 8 characters').max(256);

export const createUserBodySchema = z
  .object({
    username: usernameSchema,
    password: passwordSchema,
    name: z.string().trim().min(1).max(100),
    role: roleSchema,
  })
  .strict();
export type CreateUserBody = z.infer<typeof createUserBodySchema>;
export const updateUserBodySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    role: roleSchema,
    password: passwordSchema,
    active: z.boolean(),
  })
  .partial()
  .strict();
export type UpdateUserBody = z.infer<typeof updateUserBodySchema>;
