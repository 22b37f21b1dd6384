import fs from 'node:fs';
import { createTestApp, login } from './test-app';

/**
 * The child of a crash round (tests/support/crash-rounds.ts): issues, calls and completes in a tight loop
 * on one SQLite file and prints every answer the moment it arrives, until it is killed.
 *
 *   node --import tsx tests/support/crash-worker.ts <file>
 */
const file = process.argv[2]!;
const t = await createTestApp({ databaseUrl: `file:${file}`, seed: 'none' });
const cookie = await login(t.app, 'operator1', 'operator1-demo');
const headers = { cookie };
await t.app.inject({ method: 'POST', url: '/api/v1/counters/1/open', headers });
const out = (line: string) => fs.writeSync(1, `${line}\n`);
out('ready');
for (let i = 0; ; i++) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId: 1 + (i % 2) } });
  if (res.statusCode === 201) {
    const { ticket } = res.json() as { ticket: { id: number; code: string } };
    out(`issued ${ticket.id} ${ticket.code}`);
  }
  if (i % 3 === 0) {
    const call = await t.app.inject({ method: 'POST', url: '/api/v1/counters/1/call-next', headers });
    if (call.statusCode === 200) out(`called ${(call.json() as { ticket: { id: number } }).ticket.id}`);
    if (call.statusCode === 409) {
      // Holding a ticket from the round before the crash: finish it.
      await t.app.inject({ method: 'POST', url: '/api/v1/counters/1/complete', headers, payload: {} });
      continue;
    }
    const done = await t.app.inject({ method: 'POST', url: '/api/v1/counters/1/complete', headers, payload: {} });
    if (done.statusCode === 200) out(`done ${(done.json() as { ticket: { id: number } }).ticket.id}`);
  }
}
