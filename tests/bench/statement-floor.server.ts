/**
 * The statement floor's server (`statement-floor.ts`): bare Fastify replaying Navbat's recorded issues, one per
 * request, on a copy of the file they were recorded on, opened as Navbat opens it (`openDatabase`: the same pragmas,
 * checkpoints off the event loop). Each request runs the next issue's statements in order and answers its body;
 * once they run out it answers 503.
 */
import fs from 'node:fs';
import Fastify from 'fastify';
import { openDatabase } from '../../server/src/db/database';
import { statementReplayer, traceFiles, type Trace } from './statement-trace';

const files = traceFiles(process.env.TRACE_DIR!);
const file = process.env.DATABASE_FILE!;
fs.copyFileSync(files.start, file);
const database = openDatabase({ url: file, sqliteSynchronous: process.env.SQLITE_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL', backgroundCheckpoints: true });
const trace = JSON.parse(fs.readFileSync(files.trace, 'utf8')) as Trace;
const replay = statementReplayer(database.sqlite!, trace.statements);
let next = 0;

const app = Fastify({ logger: false });
app.post('/tickets', async (_req, reply) => {
  const request = trace.requests[next];
  if (!request) return reply.code(503).send({ error: 'the recording ran out' });
  trace.requests[next++] = undefined as never;
  replay(request.steps);
  return reply.code(201).type('application/json; charset=utf-8').send(request.body);
});
app.get('/readyz', async () => ({ ok: true }));
const shutdown = async () => {
  await app.close();
  await database.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
