import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { AppError, roleRank, type Role, type User } from '@navbat/shared';
import type { Services } from '../services';
import { sessionLifetimeHours } from '../services/auth.service';

export const sessionCookie = 'navbat_session';

/** Signed cookie values kept as checked (a centre's staff sign in a few dozen sessions a day). */
const maxVerified = 10_000;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member; set by `requireRole`. */
    user: User | null;
  }
  interface FastifyInstance {
    /** An onRequest hook: 401 without a session, 403 for a weaker role; runs before validation. */
    requireRole(role: Role): onRequestAsyncHookHandler;
    /** The user of a raw Cookie header (for sockets); null without a live session. */
    userFromCookieHeader(header: string | undefined): Promise<User | null>;
    setSessionCookie(reply: FastifyReply, token: string): void;
    sessionToken(request: FastifyRequest): string | null;
  }
}

export const authPlugin = fp(
  async (app, opts: { secret: string; services: Services; secureCookies: boolean }) => {
    await app.register(cookie, { secret: opts.secret });
    app.decorateRequest('user', null);

    // Checking a signature is an HMAC; a counter's console sends the same cookie at every command. The values
    // found valid are kept (at most `maxVerified`), so each is checked once; an invalid one is checked each time.
    const verified = new Map<string, string>();
    const unsign = (value: string | undefined): string | null => {
      if (!value) return null;
      const known = verified.get(value);
      if (known !== undefined) return known;
      const r = app.unsignCookie(value);
      if (!r.valid || r.value === null) return null;
      if (verified.size >= maxVerified) verified.clear();
      verified.set(value, r.value);
      return r.value;
    };

    app.decorate('sessionToken', (request: FastifyRequest) => unsign(request.cookies[sessionCookie]));

    app.decorate('setSessionCookie', (reply: FastifyReply, token: string) => {
      reply.setCookie(sessionCookie, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.secureCookies,
        path: '/',
        signed: true,
        maxAge: sessionLifetimeHours * 3600,
      });
    });

    app.decorate('userFromCookieHeader', async (header: string | undefined) => {
      if (!header) return null;
      const token = unsign(app.parseCookie(header)[sessionCookie]);
      return token ? opts.services.auth.userOfSession(token) : null;
    });

    app.decorate('requireRole', (role: Role): onRequestAsyncHookHandler => {
      return async (request) => {
        const token = unsign(request.cookies[sessionCookie]);
        const user = token ? await opts.services.auth.userOfSession(token) : null;
        if (!user) throw new AppError('UNAUTHENTICATED', 'sign in first');
        if (roleRank[user.role] < roleRank[role]) throw new AppError('FORBIDDEN', `this needs the ${role} role`);
        request.user = user;
      };
    });
  },
  { name: 'auth', dependencies: ['errors'] },
);
