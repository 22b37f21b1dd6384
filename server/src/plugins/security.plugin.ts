import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { AppError } from '@navbat/shared';
import { sessionCookie } from './auth.plugin';
import { isSameOrigin } from './same-origin';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Security headers with a CSP the apps work under, rate limits, and refusal of cross-site staff writes. */
export const securityPlugin = fp(
  async (app, opts: { rateLimitStore?: FastifyRateLimitStoreCtor | undefined }) => {
    await app.register(helmet, {
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
