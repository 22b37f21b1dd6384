import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { AppError, roleRank, type Role, type User } from '@navbat/shared';
import type { Services } from '../services';
import { sessionLifetimeHours } from '../services/auth.service';

export const sessionCookie = 'navbat_session';

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

    const unsign = (value: string | undefined): string | null => {
      if (!value) return null;
      const r = app.unsignCookie(value);
      return r.valid ? r.value : null;
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
