/**
 * Dev tool: the cost of one issue in-process (no HTTP load generator), and where its SQL time goes.
 *   node --import tsx tests/bench/issue-micro.ts [tickets] [waitingBefore] [atOnce]
 * Prints ms per issue (median) and, with SQL_TIMING=1, the SQL statements by total time. `atOnce` (1) issues
 * that many at a time, so they share commit groups as under figure 1's load (30 is close to it).
 */
import { performance } from 'node:perf_hooks';
import { quantile } from './support';
import { demoAppInProcess } from './in-process';

const n = Number(process.argv[2] ?? 2000);
const before = Number(process.argv[3] ?? 0);
const atOnce = Number(process.argv[4] ?? 1);
const { app, sql, dispose } = await demoAppInProcess('issue-micro');
let k = 0;
const issue = () =>
  app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', headers: { 'idempotency-key': `k-${k++}` }, payload: { serviceId: 1 + (k % 11), language: 'en' } });
for (let i = 0; i < before; i++) await issue();
for (let i = 0; i < 200; i++) await issue();
sql?.start();
const times: number[] = [];
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let left = n;
await Promise.all(
  Array.from({ length: atOnce }, async () => {
    while (left-- > 0) {
      const s = performance.now();
      const r = await issue();
      times.push(performance.now() - s);
      if (r.statusCode !== 201) throw new Error(r.body);
    }
  }),
);
const total = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(`CPU ${((cpu.user + cpu.system) / 1000 / n).toFixed(3)} ms per issue (user ${(cpu.user / 1000 / n).toFixed(3)}, system ${(cpu.system / 1000 / n).toFixed(3)})`);
console.log(`${n} issues (${before} waiting before, ${atOnce} at a time): ${(total / n).toFixed(3)} ms each, median ${quantile(times, 0.5).toFixed(3)} p99 ${quantile(times, 0.99).toFixed(3)}`);
if (sql) console.log(sql.report(n));
await dispose();
