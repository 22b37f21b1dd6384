/**
 * The raw baselines, run as their own process like the real server: bare Fastify with one prepared
 * better-sqlite3 insert (same journal and synchronous settings as Navbat), and bare Socket.IO that
 * broadcasts one message to every display socket after one SQLite commit.
 */
import crypto from 'node:crypto';
import Fastify from 'fastify';
import SQLite from 'better-sqlite3';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 0);
const file = process.env.DATABASE_FILE ?? ':memory:';
const synchronous = process.env.SQLITE_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL';
/** Size in bytes of the broadcast message, to match Navbat's `ticket:called`. */
const messageBytes = Number(process.env.MESSAGE_BYTES ?? 200);

const sqlite = new SQLite(file);
sqlite.pragma('journal_mode = WAL');
sqlite.pragma(`synchronous = ${synchronous}`);
sqlite.exec(`create table if not exists tickets (
  id integer primary key autoincrement, public_id text not null unique, service_id integer not null,
  priority text not null, status text not null, issued_at text not null)`);
const insert = sqlite.prepare('insert into tickets (public_id, service_id, priority, status, issued_at) values (?, ?, ?, ?, ?) returning id');

const app = Fastify({ logger: false });
app.get('/readyz', async () => ({ status: 'ready' }));

app.post('/tickets', async (req, reply) => {
  const body = req.body as { serviceId?: unknown; priority?: unknown };
  if (typeof body?.serviceId !== 'number') return reply.code(400).send({ error: { code: 'VALIDATION_ERROR', message: 'serviceId' } });
  const publicId = crypto.randomBytes(16).toString('base64url');
  const issuedAt = new Date().toISOString();
  const row = insert.get(publicId, body.serviceId, typeof body.priority === 'string' ? body.priority : 'none', 'waiting', issuedAt) as { id: number };
  return reply.code(201).send({ ticket: { id: row.id, publicId, serviceId: body.serviceId, status: 'waiting', issuedAt } });
});

const setStatus = sqlite.prepare('update tickets set status = ? where id = ?');
app.post('/tickets/:id/:status', async (req) => {
  const { id, status } = req.params as { id: string; status: string };
  setStatus.run(status, Number(id));
  return { ticket: { id: Number(id), status } };
});

const io = new Server(app.server, { serveClient: false, cors: { origin: false } });
const display = io.of('/display');
let seq = 0;
const pad = 'x'.repeat(Math.max(0, messageBytes - 150));
app.post('/call', async () => {
  seq += 1;
  const calledAt = new Date().toISOString();
  insert.get(crypto.randomBytes(16).toString('base64url'), 1, 'none', 'called', calledAt);
  display.emit('ticket:called', { seq, centerId: 'isb-g9', ticketCode: `A${seq}`, counterId: 1, counterName: '1', serviceId: 1, calledAt, recall: false, pad });
  return { seq };
});

await app.listen({ port, host: '127.0.0.1' });
const shutdown = () => {
  io.close();
  void app.close().then(() => {
    sqlite.close();
    process.exit(0);
  });
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
