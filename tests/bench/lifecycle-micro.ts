/**
 * Dev tool: the CPU cost of one ticket lifecycle (issue, call-next, start, complete) in-process, one request
 * at a time (no HTTP load generator, so it is less sensitive to a busy machine than figure 3).
 *   node --import tsx tests/bench/lifecycle-micro.ts [lifecycles] [waiting]
 * `waiting` tickets are issued first (to other services than the counter's), so the lines are long as in a busy day.
 * Prints CPU ms per lifecycle and per command, then the outbox dispatcher's pass over what they left (the app's
 * dispatcher does not run by itself here: its cost is measured apart); with SQL_TIMING=1 also the SQL statements by
 * total time, of the commands and of the pass.
 */
import { demoAppInProcess } from './in-process';

const n = Number(process.argv[2] ?? 1000);
const waiting = Number(process.argv[3] ?? 0);
const { app, sql, dispose } = await demoAppInProcess('lifecycle-micro');

const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'operator1', password: 'operator1-demo' } });
const cookie = String(login.headers['set-cookie']).split(';')[0]!;
const counters = JSON.parse((await app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/counters', headers: { cookie } })).body) as { id: number; serviceIds?: number[]; services?: { serviceId: number }[] }[];
const counter = counters[0]!;
const serviceIds = counter.serviceIds ?? counter.services!.map((s) => s.serviceId);
const staff = async (url: string, expected: number) => {
  const r = await app.inject({ method: 'POST', url, headers: { cookie }, payload: {} });
  if (r.statusCode !== expected) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
};
await staff(`/api/v1/counters/${counter.id}/open`, 200);

let k = 0;
const steps = {
  issue: async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', headers: { 'idempotency-key': `k-${k++}` }, payload: { serviceId: serviceIds[k % serviceIds.length], language: 'en' } });
    if (r.statusCode !== 201) throw new Error(r.body);
  },
  call: () => staff(`/api/v1/counters/${counter.id}/call-next`, 200),
  start: () => staff(`/api/v1/counters/${counter.id}/start`, 200),
  complete: () => staff(`/api/v1/counters/${counter.id}/complete`, 200),
};
const cpu = { issue: 0, call: 0, start: 0, complete: 0 };
const once = async (measure: boolean) => {
  for (const step of ['issue', 'call', 'start', 'complete'] as const) {
    const c0 = process.cpuUsage();
    await steps[step]();
    const c = process.cpuUsage(c0);
    if (measure) cpu[step] += c.user + c.system;
  }
};
const others = counters.flatMap((c) => c.serviceIds ?? c.services!.map((s) => s.serviceId)).filter((id) => !serviceIds.includes(id));
for (let i = 0; i < waiting; i++) {
  const r = await app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', headers: { 'idempotency-key': `w-${i}` }, payload: { serviceId: others[i % others.length], language: 'en' } });
  if (r.statusCode !== 201) throw new Error(r.body);
}
for (let i = 0; i < 200; i++) await once(false);
await app.outbox.runOnce();
sql?.start();
for (let i = 0; i < n; i++) await once(true);
const ms = (us: number) => (us / 1000 / n).toFixed(3);
const total = cpu.issue + cpu.call + cpu.start + cpu.complete;
console.log(`CPU ${ms(total)} ms per lifecycle over ${n}: issue ${ms(cpu.issue)}, call ${ms(cpu.call)}, start ${ms(cpu.start)}, complete ${ms(cpu.complete)}`);
if (sql) console.log(sql.report(n));
sql?.start();
const c0 = process.cpuUsage();
await app.outbox.runOnce();
const pass = process.cpuUsage(c0);
console.log(`outbox pass over the lifecycles' events: CPU ${ms(pass.user + pass.system)} ms per lifecycle`);
if (sql) console.log(sql.report(n));
await dispose();
