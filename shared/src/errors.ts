import { z } from 'zod';

/** Every typed error code the API can answer with, and the HTTP status it maps to. */
export const errorStatus = {
  VALIDATION_ERROR: 400,
  INVALID_JSON: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CROSS_ORIGIN_REQUEST: 403,
  NOT_FOUND: 404,
  CENTER_NOT_FOUND: 404,
  SERVICE_NOT_FOUND: 404,
  SERVICE_GROUP_NOT_FOUND: 404,
  COUNTER_NOT_FOUND: 404,
  TICKET_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  WEBHOOK_NOT_FOUND: 404,
  WEBHOOK_DELIVERY_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  SERVICE_CLOSED: 409,
  DAILY_CAP_REACHED: 409,
  PRIORITY_NOT_ALLOWED: 409,
  TICKET_NOT_WAITING: 409,
  TICKET_NOT_CALLED: 409,
  TICKET_NOT_ACTIVE: 409,
  FEEDBACK_NOT_ALLOWED: 409,
  COUNTER_BUSY: 409,
  COUNTER_NOT_OPEN: 409,
  COUNTER_HAS_TICKET: 409,
  COUNTER_NOT_YOURS: 409,
  COUNTER_INACTIVE: 409,
  NO_CURRENT_TICKET: 409,
  TICKET_NOT_ELIGIBLE: 409,
  TRANSFER_TARGET_INVALID: 409,
  CONFLICT: 409,
  ALREADY_EXISTS: 409,
  IN_USE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  ZONE_NOT_FOUND: 404,
  MALFORMED_REQUEST: 400,
  REQUEST_TIMEOUT: 408,
  URI_TOO_LONG: 414,
  HEADERS_TOO_LARGE: 431,
  INVALID_SIGNATURE: 401,
  PSID_NOT_FOUND: 404,
  PSID_ALREADY_SET: 409,
  PSID_IN_USE: 409,
  NO_FEE: 409,
  PAYMENT_SETTLED: 409,
  JOURNEY_INVALID: 409,
  SLOT_FULL: 409,
  SLOT_NOT_AVAILABLE: 409,
  BOOKING_LIMIT_REACHED: 409,
  APPOINTMENT_NOT_FOUND: 404,
  APPOINTMENT_NOT_BOOKED: 409,
  CODE_NOT_FOUND: 404,
  TOO_EARLY: 409,
  APPOINTMENT_MISSED: 409,
  REMOTE_JOIN_DISABLED: 403,
  DATABASE_UNAVAILABLE: 503,
  STORAGE_FULL: 503,
  SCHEMA_NEWER_THAN_CODE: 503,
  BACKUP_NOT_CONFIGURED: 409,
  DEVICE_NOT_FOUND: 404,
  TOO_MANY_DEVICES: 409,
  CENTER_CLOSED: 409,
  ISSUING_STOPPED: 409,
  HOLIDAY_NOT_FOUND: 404,
  TICKET_NOT_HELD: 409,
  TICKET_NOT_NO_SHOW: 409,
  REOPEN_TOO_LATE: 409,
  BROADCAST_NOT_FOUND: 404,
  BROADCAST_SMS_TOO_SOON: 429,
  SERVICE_INACTIVE: 409,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export const errorCodeSchema = z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]);

export const apiErrorSchema = z
  .object({
    error: z.object({
      code: errorCodeSchema,
      message: z.string(),
      retryAt: z.string().optional().describe('TOO_EARLY, BROADCAST_SMS_TOO_SOON: when to come back (ISO-8601)'),
      serviceId: z.number().int().optional().describe("APPOINTMENT_MISSED: the booked service (the kiosk offers a walk-in ticket for it)"),
    }),
  })
  .meta({ id: 'ApiError' });
export type ApiError = z.infer<typeof apiErrorSchema>;

/** Extra fields of an error answer's `error` object. */
export type ErrorDetails = { retryAt?: string; serviceId?: number };

/** A typed failure thrown by domain and services; the HTTP layer maps its code to a status. */
export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message?: string,
    /** Extra fields of the answer's `error` object (e.g. `retryAt`). */
    public readonly details?: ErrorDetails,
  ) {
    super(message ?? code.toLowerCase().replaceAll('_', ' '));
    this.name = 'AppError';
  }

  get status(): number {
    return errorStatus[this.code];
  }
}
