import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiErrorSchema, backupSchema } from '@navbat/shared';
import { staffErrors, staffSecurity } from './schemas';

/** SQLite backups on demand (admin); scheduled ones are made by the server process. */
export const backupsRoutes: FastifyPluginAsyncZod = async (app) => {
  const admin = app.requireRole('admin');
  const tags = ['operations'];
  app.post(
    '/api/v1/admin/backups',
    {
      onRequest: admin,
      schema: {
        operationId: 'createBackup',
        security: staffSecurity,
        tags,
        summary: 'Back the database up now (SQLite, into BACKUP_DIR)',
        response: { 201: backupSchema, ...staffErrors, 503: apiErrorSchema },
      },
    },
    async (req, reply) => {
      const made = await app.ops.backupNow();
      req.log.info({ backup: made.file, by: req.user!.username }, 'backup made on request');
      return reply.code(201).send(made);
    },
  );
  app.get(
    '/api/v1/admin/backups',
    { onRequest: admin, schema: { operationId: 'listBackups', security: staffSecurity, tags, summary: 'The backups kept in BACKUP_DIR, newest first', response: { 200: z.array(backupSchema), ...staffErrors } } },
    () => app.ops.backups(),
  );
};
