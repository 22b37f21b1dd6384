import fp from 'fastify-plugin';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { AppError } from '@navbat/shared';
import { sessionCookie } from './auth.plugin';
import { isSameOrigin } from './same-origin';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

const helmetOptions: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      mediaSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", 'ws:', 'wss:'],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
  // The hall runs on plain HTTP inside a LAN as often as behind TLS.
  strictTransportSecurity: false,
  crossOriginEmbedderPolicy: false,
};

/**
 * The headers helmet sets for these options, worked out once: none depends on the request (no nonces), and helmet
 * builds its middleware (parsing every CSP directive) each time it is called, which @fastify/helmet did for every
 * request.
 */
function securityHeaders(options: HelmetOptions): [string, string][] {
  const headers = new Map<string, string>();
  const res = {
    setHeader: (name: string, value: string | number) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return [...headers];
}

/** Security headers with a CSP the apps work under, rate limits, and refusal of cross-site staff writes. */
export const securityPlugin = fp(
  async (app, opts: { rateLimitStore?: FastifyRateLimitStoreCtor | undefined }) => {
    const headers = securityHeaders(helmetOptions);
    app.addHook('onRequest', (_request, reply, done) => {
      for (const [name, value] of headers) reply.raw.setHeader(name, value);
      done();
    });

    // Limits are per route (`config.rateLimit`); nothing is limited globally.
    await app.register(rateLimit, {
      global: false,
      // Several instances share one count through Redis (see realtime/scale-out.ts); one instance counts in memory.
      ...(opts.rateLimitStore ? { store: opts.rateLimitStore } : {}),
      errorResponseBuilder: (_request, context) => new AppError('RATE_LIMITED', `too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`),
    });

    // A browser on another site may carry the staff cookie on a simple form post; refuse it.
    app.addHook('onRequest', async (request) => {
      if (safeMethods.has(request.method)) return;
      if (!request.headers.cookie?.includes(sessionCookie)) return;
      if (!isSameOrigin(request.headers)) throw new AppError('CROSS_ORIGIN_REQUEST', 'requests from other sites are refused');
    });
  },
  { name: 'security', dependencies: ['errors'] },
);
