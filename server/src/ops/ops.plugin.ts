import path from 'node:path';
import fp from 'fastify-plugin';
import { AppError, type Backup } from '@navbat/shared';
import type { DatabaseHandle } from '../db/database';
import { appliedMigrations } from '../db/backup.repository';
import type { Clock } from '../services/context';
import { sendError } from '../plugins/errors.plugin';
import { listBackups, makeBackup, newestBackupAgeHours } from './backup';
import { newerSchemaMessage, schemaState, type SchemaState } from './schema-state';

/** Operations the routes and /readyz use: schema state, backups. */
export interface Ops {
  schema(): Promise<SchemaState>;
  backupNow(): Promise<Backup>;
  backups(): Backup[];
  backupStatus(): { configured: boolean; newest: string | null; ageHours: number | null };
}

declare module 'fastify' {
  interface FastifyInstance {
    ops: Ops;
  }
}

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Decorates `app.ops`, and guards against a rolling upgrade: when another instance has migrated the shared
 * database past what this code knows, this instance stops taking writes (503 SCHEMA_NEWER_THAN_CODE) and
 * /readyz fails, so the balancer sends everything to the new instances.
 */
export const opsPlugin = fp<{ database: DatabaseHandle; clock: Clock; backupDir?: string | undefined; backupKeep?: number | undefined; schemaCheckMs?: number }>(
  async (app, options) => {
    const { database, clock } = options;
    let newer: string[] = [];
    const schema = async () => {
      const state = schemaState(await appliedMigrations(database.db));
      newer = state.newer;
      return state;
    };
    const toApi = (b: { file: string; bytes: number; createdAt: string }): Backup => ({ file: path.basename(b.file), bytes: b.bytes, createdAt: b.createdAt });
    const ops: Ops = {
      schema,
      backupNow: async () => {
        if (!database.sqlite) throw new AppError('BACKUP_NOT_CONFIGURED', 'backups here are for the embedded database file; back PostgreSQL up with pg_dump or continuous archiving (docs/deploy.md)');
        if (database.sqlite.memory) throw new AppError('BACKUP_NOT_CONFIGURED', 'an in-memory database has nothing to back up');
        if (!options.backupDir) throw new AppError('BACKUP_NOT_CONFIGURED', 'set BACKUP_DIR to make backups from here (or run npm run backup on the server)');
        return toApi(await makeBackup(database.sqlite, { dir: options.backupDir, keep: options.backupKeep ?? 14, now: clock.now() }));
      },
      backups: () => (options.backupDir ? listBackups(options.backupDir).map(toApi) : []),
      backupStatus: () => {
        if (!options.backupDir) return { configured: false, newest: null, ageHours: null };
        const ageHours = newestBackupAgeHours(options.backupDir, clock.now());
        return { configured: true, newest: listBackups(options.backupDir)[0]?.createdAt ?? null, ageHours: ageHours === null ? null : Math.round(ageHours * 10) / 10 };
      },
    };
    app.decorate('ops', ops);

    app.addHook('onRequest', async (request, reply) => {
      if (newer.length > 0 && writeMethods.has(request.method)) return sendError(reply, 'SCHEMA_NEWER_THAN_CODE', newerSchemaMessage(newer));
    });
    const refresh = () => schema().catch(() => {});
    await refresh();
    const timer = setInterval(refresh, options.schemaCheckMs ?? 10_000);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'ops' },
);
