/**
 * The raw PostgreSQL baseline, run as its own process like the real server: one parameterized `pg`
 * insert per ticket (same pool size as Navbat) behind bare Fastify, and bare Socket.IO broadcasting after
 * one PostgreSQL commit (tests/bench/baseline-app.ts).
 */
import pg from 'pg';
import { pgBaselineTable, serveBaseline } from './baseline-app';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL (postgres://…) is required');

const pool = new pg.Pool({ connectionString: url, max: 10 });
pool.on('error', () => {});
await pool.query(pgBaselineTable);

await serveBaseline({
  insert: async (publicId, serviceId, priority, status, at) =>
    (await pool.query<{ id: number }>('insert into tickets (public_id, service_id, priority, status, issued_at) values ($1, $2, $3, $4, $5) returning id', [publicId, serviceId, priority, status, at])).rows[0]!.id,
  close: () => pool.end(),
});
