import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorStatus, type ErrorCode, type ErrorDetails } from '@navbat/shared';
import { databaseUnavailableCode, databaseUnavailableMessages } from './database-errors';

export function sendError(reply: FastifyReply, code: ErrorCode, message: string, details?: ErrorDetails) {
  return reply.code(errorStatus[code]).type('application/json; charset=utf-8').send({ error: { code, message, ...details } });
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_ERROR',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_ERROR',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_BAD_URL: 'VALIDATION_ERROR',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
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

/**
 * Fastify's `frameworkErrors` option: errors the router meets before any route runs (a bad percent-encoding,
 * an over-long parameter) answer in the contract's shape like every other error.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const code = (error.code && fastifyCodes[error.code]) || 'VALIDATION_ERROR';
  const messages: Record<string, string> = { FST_ERR_MAX_PARAM_LENGTH: 'a path parameter is too long', FST_ERR_BAD_URL: 'the URL is not valid (bad percent-encoding)' };
  const message = (error.code && messages[error.code]) || error.message;
  return sendError(reply, code, message);
}

/** Errors Node's HTTP parser meets (unknown method, Content-Length with Transfer-Encoding…) and the code each answers. */
function clientErrorCode(error: NodeJS.ErrnoException): ErrorCode {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'REQUEST_TIMEOUT';
  if (error.code === 'HPE_HEADER_OVERFLOW') return 'HEADERS_TOO_LARGE';
  return 'MALFORMED_REQUEST';
}

/**
 * Fastify's `clientErrorHandler` option: a request Node cannot even parse gets a raw HTTP answer in the
 * contract's shape, then the connection is closed (its framing cannot be trusted).
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  writeRawError(socket, clientErrorCode(error), 'the request is not valid HTTP');
}

/** Answers on the bare connection in the contract's shape and closes it. */
function writeRawError(socket: Duplex, code: ErrorCode, message: string): void {
  if (socket.writable) {
    const status = errorStatus[code];
    const body = JSON.stringify({ error: { code, message } });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** One error handler: typed codes become their status, validation becomes 400, 5xx hides its detail. */
export const errorsPlugin = fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof AppError) return sendError(reply, error.code, error.message, error.details);
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
      const unavailable = databaseUnavailableCode(error);
      if (unavailable) {
        request.log.warn({ err: error }, 'database unavailable');
        return sendError(reply, unavailable, databaseUnavailableMessages[unavailable] ?? 'try again');
      }
      request.log.error({ err: error }, 'request failed');
      return sendError(reply, 'INTERNAL_ERROR', 'something went wrong on our side; it has been logged');
    });
    // Node hands CONNECT (a proxy's tunnel request) to its own event and, unheard, drops the connection silently.
    app.server.on('connect', (_request, socket: Duplex) => writeRawError(socket, 'METHOD_NOT_ALLOWED', 'CONNECT is not allowed: this is not a proxy'));

    // Every method some route answers; a request the router misses is 405 when the same URL answers one of them.
    const methods = new Set<string>();
    app.addHook('onRoute', (route) => {
      for (const m of [route.method].flat()) methods.add(m.toUpperCase());
    });
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      const allowed = [...methods].filter((method) => method !== request.method && app.findRoute({ method: method as 'GET', url: path }) !== null).sort();
      if (allowed.length > 0) {
        return sendError(reply.header('allow', allowed.join(', ')), 'METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`);
      }
      return sendError(reply, 'NOT_FOUND', `no route ${request.method} ${path}`);
    });
  },
  { name: 'errors' },
);
