import { AppError, type ErrorCode, type ErrorDetails } from '@navbat/shared';

/** A rule said no: a typed code and a human sentence. Returned as a value, never thrown by the domain. */
export interface Refusal {
  ok: false;
  code: ErrorCode;
  message: string;
  /** Extra fields of the error answer (e.g. `retryAt`). */
  details?: ErrorDetails;
}

/** What a rule decided: `{ ok: true, ...what to do }` or a refusal. */
export type Decision<T extends object = object> = ({ ok: true } & T) | Refusal;

export const refuse = (code: ErrorCode, message: string, details?: ErrorDetails): Refusal => ({ ok: false, code, message, ...(details ? { details } : {}) });

export const allow = <T extends object>(value: T): { ok: true } & T => ({ ok: true, ...value });

/**
 * The service layer's way out of a refused decision: it ends the command's transaction (rolling it back)
 * and the one error handler answers with the code's status.
 */
export function orThrow<T extends object>(decision: Decision<T>): { ok: true } & T {
  if (!decision.ok) throw new AppError(decision.code, decision.message, decision.details);
  return decision;
}
