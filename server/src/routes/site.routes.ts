import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { siteConfigSchema } from '@navbat/shared';
import { publicSecurity } from './schemas';

/** What the browser apps need to know about this deployment (PUBLIC_URL for QR codes and links). */
export const siteRoutes: FastifyPluginAsyncZod<{ publicUrl: string | undefined }> = async (app, opts) => {
  app.get(
    '/api/v1/site',
    { schema: { operationId: 'getSiteConfig', security: publicSecurity, tags: ['public'], summary: 'This deployment’s public address', response: { 200: siteConfigSchema } } },
    async (_req, reply) => reply.header('cache-control', 'public, max-age=300').send({ publicUrl: opts.publicUrl ?? null }),
  );
};
