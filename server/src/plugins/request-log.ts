import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

// Probes, scrapes and static files: hundreds of lines an hour that tell an operator nothing.
const quietPaths = /^\/(healthz|readyz|metrics)$|^\/(kiosk|counter|display|t|book)\/assets\/|^\/assets\/|\.(js|css|map|png|svg|ico|woff2?|mp3|ogg|wav|webmanifest)$/;

/** Whether a request is logged at debug rather than info. */
export function isQuietRequest(url: string): boolean {
  return quietPaths.test(url.split('?')[0] ?? url);
}

/**
 * Fastify's request log, trimmed to what an operator needs: one line per request when it completes (method,
 * path, status, time) instead of two, and probes, /metrics and static assets only at debug.
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, url: request.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else if (isQuietRequest(request.url)) reply.log.debug(line, 'request');
    else reply.log.info(line, 'request');
  }
}
