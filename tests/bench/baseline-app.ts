/**
 * What both raw baselines (SQLite and PostgreSQL) serve around their one insert: bare Fastify with
 * `POST /tickets`, and bare Socket.IO broadcasting one message of Navbat's `ticket:called` size to every
 * display socket after one commit (`POST /call`). Only the storage differs between them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import Fastify from 'fastify';
import { Server } from 'socket.io';

export interface BaselineStorage {
  /** Inserts one ticket and returns its id. */
  insert(publicId: string, serviceId: number, priority: string, status: string, at: string): number | Promise<number>;
  /** Updates a ticket's status (figure 3's lifecycle), where the baseline offers it. */
  setStatus?(id: number, status: string): void | Promise<void>;
  close(): void | Promise<void>;
}

export async function serveBaseline(storage: BaselineStorage): Promise<void> {
  const port = Number(process.env.PORT ?? 0);
  /** Size in bytes of the broadcast message, to match Navbat's `ticket:called`. */
  const messageBytes = Number(process.env.MESSAGE_BYTES ?? 200);

  const app = Fastify({ logger: false });
  app.get('/readyz', async () => ({ status: 'ready' }));
  // Figure 7's raw read: the same JSON Navbat answered, from memory (STATIC_JSON_FILE: { name: body }).
  const staticBodies = process.env.STATIC_JSON_FILE ? (JSON.parse(fs.readFileSync(process.env.STATIC_JSON_FILE, 'utf8')) as Record<string, unknown>) : {};
  app.get('/static/:name', async (req, reply) => {
    const body = staticBodies[(req.params as { name: string }).name];
    return body === undefined ? reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'no such body' } }) : body;
  });

  app.post('/tickets', async (req, reply) => {
    const body = req.body as { serviceId?: unknown; priority?: unknown };
    if (typeof body?.serviceId !== 'number') return reply.code(400).send({ error: { code: 'VALIDATION_ERROR', message: 'serviceId' } });
    const publicId = crypto.randomBytes(16).toString('base64url');
    const issuedAt = new Date().toISOString();
    const id = await storage.insert(publicId, body.serviceId, typeof body.priority === 'string' ? body.priority : 'none', 'waiting', issuedAt);
    return reply.code(201).send({ ticket: { id, publicId, serviceId: body.serviceId, status: 'waiting', issuedAt } });
  });

  const { setStatus } = storage;
  if (setStatus) {
    app.post('/tickets/:id/:status', async (req) => {
      const { id, status } = req.params as { id: string; status: string };
      await setStatus(Number(id), status);
      return { ticket: { id: Number(id), status } };
    });
  }

  const io = new Server(app.server, { serveClient: false, cors: { origin: false } });
  const display = io.of('/display');
  let seq = 0;
  const pad = 'x'.repeat(Math.max(0, messageBytes - 150));
  app.post('/call', async () => {
    seq += 1;
    const mine = seq;
    const calledAt = new Date().toISOString();
    await storage.insert(crypto.randomBytes(16).toString('base64url'), 1, 'none', 'called', calledAt);
    display.emit('ticket:called', { seq: mine, centerId: 'isb-g9', ticketCode: `A${mine}`, counterId: 1, counterName: '1', serviceId: 1, calledAt, recall: false, pad });
    return { seq: mine };
  });

  await app.listen({ port, host: '127.0.0.1' });
  const shutdown = () => {
    io.close();
    void app.close().then(async () => {
      await Promise.resolve(storage.close()).catch(() => {});
      process.exit(0);
    });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
