import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply } from 'fastify';
import { AppError, errorStatus, type ErrorCode } from '@navbat/shared';

export function sendError(reply: FastifyReply, code: ErrorCode, message: string) {
  return reply.code(errorStatus[code]).type('application/json; charset=utf-8').send({ error: { code, message } });
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_ERROR',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_ERROR',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_BAD_URL: 'VALIDATION_ERROR',
  FST_ERR_VALIDATION: 'VALIDATION_ERROR',
  FST_ERR_ASYNC_CONSTRAINT: 'VALIDATION_ERROR',
};

function validationMessage(error: FastifyError): string {
  const issues = (error.validation ?? []) as { instancePath?: string; message?: string; params?: { issue?: { path?: unknown[]; message?: string } } }[];
  const parts = issues.slice(0, 5).map((v) => {
    const where = (v.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    return where ? `${where}: ${v.message}` : (v.message ?? 'invalid');
  });
  return `${error.validationContext ?? 'request'} is invalid${parts.length ? ` — ${parts.join('; ')}` : ''}`;
}

/** One error handler: typed codes become their status, validation becomes 400, 5xx hides its detail. */
export const errorsPlugin = fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof AppError) return sendError(reply, error.code, error.message);
      if (error.validation) return sendError(reply, 'VALIDATION_ERROR', validationMessage(error));
      if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error instanceof SyntaxError && error.statusCode === 400)) {
        return sendError(reply, 'INVALID_JSON', 'the body is not valid JSON');
      }
      const mapped = error.code ? fastifyCodes[error.code] : undefined;
      if (mapped) return sendError(reply, mapped, error.message);
      if (error.statusCode === 429) return sendError(reply, 'RATE_LIMITED', 'too many requests; try again in a minute');
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        const byStatus: Record<number, ErrorCode> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' };
        return sendError(reply, byStatus[error.statusCode] ?? 'VALIDATION_ERROR', error.message);
      }
      request.log.error({ err: error }, 'request failed');
      return sendError(reply, 'INTERNAL_ERROR', 'something went wrong on our side; it has been logged');
    });
    app.setNotFoundHandler((request, reply) => sendError(reply, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));
  },
  { name: 'errors' },
);
