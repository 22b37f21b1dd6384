import fp from 'fastify-plugin';

// Probes, scrapes and static files: hundreds of lines an hour that tell an operator nothing.
const quietPaths = /^\/(healthz|readyz|metrics)$|^\/(kiosk|counter|display|t|book)\/assets\/|^\/assets\/|\.(js|css|map|png|svg|ico|woff2?|mp3|ogg|wav|webmanifest)$/;

/** Whether a request is logged at debug rather than info. */
export function isQuietRequest(url: string): boolean {
  return quietPaths.test(url.split('?')[0] ?? url);
}

/**
 * One line per request an operator cares about (method, path, status, time); probes, /metrics and static
 * assets only at debug. Replaces Fastify's two lines per request (app.ts sets `disableRequestLogging`).
 */
export const requestLogPlugin = fp(
  async (app) => {
    app.addHook('onResponse', async (request, reply) => {
      const line = { method: request.method, url: request.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) };
      if (isQuietRequest(request.url)) request.log.debug(line, 'request');
      else request.log.info(line, 'request');
    });
  },
  { name: 'request-log' },
);
