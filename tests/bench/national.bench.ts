/**
 * Figure 9 (issue 18): a country on one PostgreSQL. 50 centres × 20 counters, 3 Navbat instances on one
 * PostgreSQL database and one Redis namespace, a day of arrivals compressed to minutes:
 * - tickets issued through the public API (an open loop: Poisson arrivals, random centre and service, the
 *   instances taken in turn, each with an Idempotency-Key);
 * - every counter's operator signed in on one instance (round-robin), looping call-next → a compressed service
 *   time → complete (or, now and then, no-show): closed-loop counters;
 * - one display socket per centre (instances in turn, as a hall's screens would be spread), timing the call-next
 *   request → that centre's display receiving `ticket:called` for that ticket;
 * - at the end: double calls (by the answers and by the database's ticket events), tickets lost or left
 *   waiting, latencies, and the CPU of PostgreSQL, the instances and the load generator from /proc.
 * The instances are not pinned: the OS schedules PostgreSQL, Redis, the 3 instances and the generator on all cores.
 * Centres, services and counters are created through the admin API (in-process `app.inject`, before the
 * instances start); the 1,000 operators are inserted through the users repository with one scrypt hash shared
 * by all (1,000 hashes would take ~50 s of CPU); they still sign in through `POST /auth/login`.
 * `tests/bench/run.ts` runs it as `BENCH_ONLY=9`; `node --import tsx tests/bench/national.bench.ts [--quick]` alone;
 * tests/faults/national.test.ts runs a short one and asserts on it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { DisplayState, TicketCalledEvent } from '@navbat/shared';
import { buildApp } from '../../server/src/app';
import { testConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { insertSession, insertUser } from '../../server/src/db/users.repository';
import { sessionCookie } from '../../server/src/plugins/auth.plugin';
import { sessionLifetimeHours } from '../../server/src/services/auth.service';
import { hashPassword } from '../../server/src/services/passwords';
import { createPgDatabase, postgresAvailable, redisAvailable, redisNamespace } from '../support/pg';
import { adminPassword, allCpus, cpuOfPids, cpuOfProcessesNamed, cpuSince, pinSelf, quantile, sleep, startNavbat, type BenchRow } from './support';
import { staffClient } from '../support/staff-http';

/** A running Navbat instance, however it was started (the built bundle here, the source in the fault test). */
export interface NationalInstance {
  url: string;
  cpuMs(): number;
  stop(): Promise<void>;
}

export interface NationalOptions {
  centres: number;
  countersPerCentre: number;
  servicesPerCentre: number;
  ticketsPerCentre: number;
  /** The day's arrivals are spread over this many seconds (Poisson). */
  arrivalSeconds: number;
  /** After the arrivals, counters keep calling until nothing waits or this many seconds have passed. */
  drainSeconds: number;
  instances: number;
  /** Requests of the load generator in flight at once, at the most (half for arrivals, half for counters). */
  maxInFlight: number;
  /** Share of calls ended with no-show instead of complete. */
  noShowShare: number;
  startInstance: (env: Record<string, string>) => Promise<NationalInstance>;
  log: (line: string) => void;
}

export interface NationalResult {
  options: Omit<NationalOptions, 'startInstance' | 'log'>;
  /** 201 answers to POST tickets, by ticket id. */
  issued: number;
  issueFailures: number;
  /** 201 answers whose ticket is not in the database. */
  lost: number;
  /** Distinct tickets answered by call-next. */
  called: number;
  /** Tickets answered by more than one call-next. */
  doubleCallsByAnswers: number;
  /** Tickets with more than one `called` event in the database. */
  doubleCallsByEvents: number;
  /** Tickets the database holds, and of them those called (first_called_at set). */
  ticketsInDatabase: number;
  calledInDatabase: number;
  waitingAtEnd: number;
  emptyCalls: number;
  /** Unexpected answers, by request and status. */
  errors: Record<string, number>;
  issueMs: number[];
  callMs: number[];
  /** call-next request → the centre's display has `ticket:called` for that ticket; NaN when it never came. */
  displayLagMs: number[];
  /** Scheduled arrival → the request sent (the generator's own backlog when the in-flight cap is reached). */
  arrivalDelayMs: number[];
  arrivalWallSeconds: number;
  wallSeconds: number;
  /** CPU over `idleSeconds` before the day, everything connected and nothing asked: PostgreSQL, and the instances together. */
  idle: { postgresMs: number; instancesMs: number };
  cpu: { postgresMs: number; instancesMs: number[]; generatorMs: number; redisMs: number; machineBusyMs: number; machineMs: number };
}

const operatorPassword = 'national-operator-password';
/** The instances sign cookies with the seeding app's secret, so the sessions opened while seeding are theirs too. */
const sessionSecret = testConfig().sessionSecret as string;

interface Centre {
  id: string;
  serviceIds: number[];
  /** Each counter with the services it serves and its operator's session cookie. */
  counters: { id: number; serviceIds: number[]; cookie: string }[];
}

/** A cap on the promises running at once (the generator's in-flight requests). */
function limiter(max: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active < max) active++;
    else await new Promise<void>((resolve) => queue.push(resolve));
    try {
      return await fn();
    } finally {
      const next = queue.shift();
      if (next) next();
      else active--;
    }
  };
}

/**
 * Migrates and fills the database: centres, services and counters through the admin API in-process; operators
 * and their sessions through the users repository, as `POST /auth/login` writes them (the sign-in's scrypt is
 * not what this figure measures: 1,000 of them are ~50 s of CPU).
 */
async function seedCountry(url: string, opts: NationalOptions): Promise<Centre[]> {
  const database = openDatabase({ url });
  try {
    await migrateToLatest(database.db);
    const app = await buildApp({ config: testConfig(), database });
    try {
      await app.services.bootstrap.ensureAdmin(adminPassword);
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: adminPassword } });
      if (login.statusCode !== 200) throw new Error(`admin login: ${login.body}`);
      const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
      const post = async <T>(path: string, payload: unknown): Promise<T> => {
        const res = await app.inject({ method: 'POST', url: path, headers: { cookie }, payload: payload as Record<string, unknown> });
        if (res.statusCode !== 201) throw new Error(`POST ${path}: ${res.statusCode} ${res.body}`);
        return res.json() as T;
      };
      const passwordHash = await hashPassword(operatorPassword);
      const createdAt = new Date().toISOString();
      const expiresAt = new Date(Date.now() + sessionLifetimeHours * 3600_000).toISOString();
      const prefixes = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].slice(0, opts.servicesPerCentre);
      const seedCentre = async (c: number): Promise<Centre> => {
        const id = `nc-${String(c + 1).padStart(3, '0')}`;
        await post('/api/v1/admin/centers', { id, name: { en: `National centre ${c + 1}`, ur: `قومی مرکز ${c + 1}` }, timezone: 'Asia/Karachi' });
        const serviceIds: number[] = [];
        for (const prefix of prefixes) {
          serviceIds.push((await post<{ service: { id: number } }>('/api/v1/admin/services', { centerId: id, prefix, name: { en: `Service ${prefix}`, ur: `سروس ${prefix}` } })).service.id);
        }
        const counters = [];
        for (let k = 0; k < opts.countersPerCentre; k++) {
          // Each counter serves three services (its own first, at weight 2), so every service has several counters.
          const services = [0, 1, 2].map((d) => ({ serviceId: serviceIds[(k + d) % serviceIds.length] as number, weight: d === 0 ? 2 : 1 }));
          const counter = await post<{ counter: { id: number } }>('/api/v1/admin/counters', { centerId: id, name: String(k + 1), zone: 'hall', services });
          const userId = await insertUser(database.db, { username: `op-${c + 1}-${k + 1}`, password_hash: passwordHash, name: `Operator ${k + 1} of centre ${c + 1}`, role: 'operator', active: 1, created_at: createdAt });
          const token = crypto.randomBytes(32).toString('base64url');
          await insertSession(database.db, { id: crypto.createHash('sha256').update(token).digest('hex'), user_id: userId, created_at: createdAt, expires_at: expiresAt });
          counters.push({ id: counter.counter.id, serviceIds: services.map((x) => x.serviceId), cookie: `${sessionCookie}=${app.signCookie(token)}` });
        }
        return { id, serviceIds, counters };
      };
      const limit = limiter(4);
      return await Promise.all(Array.from({ length: opts.centres }, (_, c) => limit(() => seedCentre(c))));
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

/** CPU so far of PostgreSQL's processes serving `databaseName` plus its background processes, from /proc. */
async function serviceCpu(pool: pg.Pool, databaseName: string): Promise<Map<number, number>> {
  const rows = (await pool.query<{ pid: number; datname: string | null; backend_type: string }>('select pid, datname, backend_type from pg_stat_activity')).rows;
  return cpuOfPids(rows.filter((r) => r.datname === databaseName || r.backend_type !== 'client backend').map((r) => r.pid));
}

const idleSeconds = 5;

const redisCpuMs = () => cpuOfProcessesNamed('redis-server');

/** Busy and total CPU time of the whole machine so far, from /proc/stat. */
function machineCpuMs(): { busy: number; total: number } {
  const fields = (fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] as string).trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((s, v) => s + v, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: ((total - idle) * 1000) / 100, total: (total * 1000) / 100 };
}

const exponential = (mean: number) => -Math.log(1 - Math.random()) * mean;

/** One national day on a fresh database; everything is stopped and dropped afterwards. */
export async function nationalRun(opts: NationalOptions): Promise<NationalResult> {
  const { startInstance, log, ...options } = opts;
  const database = await createPgDatabase('national');
  const redis = redisNamespace('national');
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const instances: NationalInstance[] = [];
  const displays: Socket[] = [];
  try {
    const t0 = performance.now();
    const centres = await seedCountry(database.url, opts);
    log(`  seeded ${centres.length} centres × ${opts.countersPerCentre} counters, ${opts.servicesPerCentre} services each (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    for (let i = 0; i < opts.instances; i++) instances.push(await startInstance({ DATABASE_URL: database.url, ...redis.env, SEED: 'none', SESSION_SECRET: sessionSecret, RATE_LIMIT_PER_MINUTE: '0', LOGIN_ATTEMPTS_PER_MINUTE: '0', LOG_LEVEL: 'warn' }));
    const instanceOf = (n: number) => instances[n % instances.length] as NationalInstance;

    // Operators open their counters, each on one instance (in turn).
    const t1 = performance.now();
    const signIn = limiter(8);
    const desks = centres.flatMap((centre) => centre.counters.map((counter) => ({ centre, counter })));
    const operators = await Promise.all(
      desks.map(({ centre, counter }, n) =>
        signIn(async () => {
          const session = staffClient(instanceOf(n).url, counter.cookie);
          const open = await session.call('POST', `/api/v1/counters/${counter.id}/open`);
          if (open.status !== 200) throw new Error(`open counter ${counter.id}: ${open.status} ${JSON.stringify(open.body)}`);
          return { session, centre, counterId: counter.id, serviceIds: counter.serviceIds };
        }),
      ),
    );
    log(`  ${operators.length} operators opened their counters (${((performance.now() - t1) / 1000).toFixed(1)} s)`);

    // One display per centre, instances in turn; `ticket:called` receipts by centre and code, and the waiting
    // counts its states show (an idle operator's console shows them too: they call when something waits).
    const waitingShown = new Map<string, Map<number, number>>();
    const onState = (state: DisplayState) => waitingShown.set(state.centerId, new Map(state.waiting.map((w) => [w.serviceId, w.count])));
    const receipts = new Map<string, number>();
    const pendingLag = new Map<string, number>();
    const displayLagMs: number[] = [];
    const onCalled = (event: TicketCalledEvent) => {
      if (event.recall) return;
      const key = `${event.centerId}/${event.ticketCode}`;
      const now = performance.now();
      const sent = pendingLag.get(key);
      if (sent === undefined) receipts.set(key, now);
      else {
        pendingLag.delete(key);
        displayLagMs.push(now - sent);
      }
    };
    await Promise.all(
      centres.map(
        (centre, n) =>
          new Promise<void>((resolve, reject) => {
            const socket = io(`${instanceOf(n).url}/display`, { transports: ['websocket'], forceNew: true, auth: { centerId: centre.id } });
            displays.push(socket);
            socket.on('ticket:called', onCalled);
            socket.on('display:snapshot', onState);
            socket.on('display:updated', onState);
            const timer = setTimeout(() => reject(new Error(`display of ${centre.id} did not connect`)), 30_000);
            socket.once('display:snapshot', () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );

    // Kiosks and counters are separate clients: each side has half the in-flight cap, so a backlog of arrivals does not hold the counters up.
    const issueSlot = limiter(Math.ceil(opts.maxInFlight / 2));
    const counterSlot = limiter(Math.max(1, Math.floor(opts.maxInFlight / 2)));
    const errors: Record<string, number> = {};
    const fail = (what: string) => (errors[what] = (errors[what] ?? 0) + 1);
    const issuedIds = new Map<number, string>();
    const issueMs: number[] = [];
    const callMs: number[] = [];
    const arrivalDelayMs: number[] = [];
    const callAnswers = new Map<number, number>();
    let issueFailures = 0;
    let emptyCalls = 0;
    const totalTickets = opts.centres * opts.ticketsPerCentre;
    // Mean service time for ~85 % busy counters at the day's arrival rate, spread 0.5–1.5× around it.
    const serviceMs = (0.85 * opts.countersPerCentre * opts.arrivalSeconds * 1000) / opts.ticketsPerCentre;
    log(`  ${totalTickets} tickets over ${opts.arrivalSeconds} s (${(totalTickets / opts.arrivalSeconds).toFixed(0)}/s), service ~${(serviceMs / 1000).toFixed(1)} s, ${opts.maxInFlight} requests in flight at most`);

    // A few seconds with nothing to do: what the instances' own jobs and PostgreSQL cost with 50 centres idle.
    const idleBefore = { postgres: await serviceCpu(pool, database.name), instances: instances.map((s) => s.cpuMs()) };
    await sleep(idleSeconds * 1000);
    const idleAfter = { postgres: await serviceCpu(pool, database.name), instances: instances.map((s) => s.cpuMs()) };
    const idle = { postgresMs: cpuSince(idleBefore.postgres, idleAfter.postgres), instancesMs: idleAfter.instances.reduce((sum, ms, i) => sum + ms - (idleBefore.instances[i] ?? 0), 0) };

    const cpuBefore = { postgres: await serviceCpu(pool, database.name), redis: redisCpuMs(), instances: instances.map((s) => s.cpuMs()), generator: process.cpuUsage(), machine: machineCpuMs() };
    const begun = performance.now();
    let arrivalsDone = false;

    const arrivals = (async () => {
      let at = 0;
      const sends: Promise<void>[] = [];
      for (let n = 0; n < totalTickets; n++) {
        at += exponential((opts.arrivalSeconds * 1000) / totalTickets);
        await sleep(begun + at - performance.now());
        const centre = centres[Math.floor(Math.random() * centres.length)] as Centre;
        const serviceId = centre.serviceIds[Math.floor(Math.random() * centre.serviceIds.length)];
        const url = `${instanceOf(n).url}/api/v1/centers/${centre.id}/tickets`;
        const scheduled = begun + at;
        sends.push(
          issueSlot(async () => {
            const sent = performance.now();
            arrivalDelayMs.push(sent - scheduled);
            try {
              const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify({ serviceId, language: 'en' }) });
              const text = await res.text();
              issueMs.push(performance.now() - sent);
              if (res.status === 201) {
                const { ticket } = JSON.parse(text) as { ticket: { id: number; code: string } };
                issuedIds.set(ticket.id, ticket.code);
              } else {
                issueFailures++;
                fail(`issue ${res.status} ${text.slice(0, 80)}`);
              }
            } catch (error) {
              issueFailures++;
              fail(`issue ${(error as Error).message}`);
            }
          }),
        );
      }
      await Promise.all(sends);
      arrivalsDone = true;
    })();
    let arrivalWallSeconds = 0;
    void arrivals.then(() => (arrivalWallSeconds = (performance.now() - begun) / 1000));

    const drainUntil = () => begun + (opts.arrivalSeconds + opts.drainSeconds) * 1000;
    const everythingCalled = () => arrivalsDone && callAnswers.size >= issuedIds.size;
    const somethingWaits = (centreId: string, serviceIds: number[]) => serviceIds.some((id) => (waitingShown.get(centreId)?.get(id) ?? 0) > 0);
    /** An operator who goes to call takes one off the count they saw, so a hall's idle counters do not all rush at one ticket. */
    const takeOneWaiting = (centreId: string, serviceIds: number[]) => {
      const shown = waitingShown.get(centreId);
      const id = serviceIds.find((s) => (shown?.get(s) ?? 0) > 0);
      if (shown && id !== undefined) shown.set(id, (shown.get(id) as number) - 1);
    };
    const counters = operators.map(async ({ session, centre, counterId, serviceIds }) => {
      // Counters start at random moments of the first service time, as a hall's staff would.
      await sleep(Math.random() * Math.min(serviceMs, 5000));
      while (!everythingCalled() && performance.now() < drainUntil()) {
        const answer = await counterSlot(async () => {
          const sent = performance.now();
          const res = await session.call<{ ticket: { id: number; code: string } }>('POST', `/api/v1/counters/${counterId}/call-next`).catch((error: Error) => ({ status: 0, body: error.message }));
          if (res.status === 200) {
            const { ticket } = res.body as { ticket: { id: number; code: string } };
            callMs.push(performance.now() - sent);
            const key = `${centre.id}/${ticket.code}`;
            const received = receipts.get(key);
            if (received === undefined) pendingLag.set(key, sent);
            else {
              receipts.delete(key);
              displayLagMs.push(received - sent);
            }
            callAnswers.set(ticket.id, (callAnswers.get(ticket.id) ?? 0) + 1);
          } else if (res.status === 204) emptyCalls++;
          else fail(`call-next ${res.status} ${JSON.stringify(res.body).slice(0, 80)}`);
          return res.status;
        });
        if (answer !== 200) {
          // Nothing waits for this counter: the operator waits until the hall's state shows someone waiting for one of
          // its services (or a while has passed), then reacts within a second.
          const giveUp = performance.now() + Math.min(serviceMs, 10_000) * (0.5 + Math.random());
          do {
            while (!somethingWaits(centre.id, serviceIds) && !everythingCalled() && performance.now() < giveUp) await sleep(100);
            await sleep(Math.random() * 1000);
          } while (!somethingWaits(centre.id, serviceIds) && !everythingCalled() && performance.now() < giveUp);
          takeOneWaiting(centre.id, serviceIds);
          continue;
        }
        // The service; once every ticket is called the last citizens are finished at once (the day is over).
        const served = performance.now() + serviceMs * (0.5 + Math.random());
        while (performance.now() < served && !everythingCalled()) await sleep(Math.min(250, served - performance.now()));
        const end = Math.random() < opts.noShowShare ? 'no-show' : 'complete';
        const done = await counterSlot(() => session.call('POST', `/api/v1/counters/${counterId}/${end}`, end === 'complete' ? {} : undefined).catch((error: Error) => ({ status: 0, body: error.message })));
        if (done.status !== 200) fail(`${end} ${done.status} ${JSON.stringify(done.body).slice(0, 80)}`);
      }
    });
    await arrivals;
    await Promise.all(counters);
    const wallSeconds = (performance.now() - begun) / 1000;
    const cpuAfter = { postgres: await serviceCpu(pool, database.name), redis: redisCpuMs(), instances: instances.map((s) => s.cpuMs()), generator: process.cpuUsage(cpuBefore.generator), machine: machineCpuMs() };
    // The last broadcasts are on their way; then any call a display has not had counts as never arrived.
    for (let i = 0; i < 50 && pendingLag.size > 0; i++) await sleep(100);
    for (const _ of pendingLag) displayLagMs.push(Number.NaN);

    const tickets = (await pool.query<{ id: number; code: string }>('select id, code from tickets')).rows;
    const byId = new Map(tickets.map((t) => [Number(t.id), t.code]));
    const counts = (await pool.query<{ waiting: number; called: number }>("select count(*) filter (where status = 'waiting')::int as waiting, count(*) filter (where first_called_at is not null)::int as called from tickets")).rows[0] as { waiting: number; called: number };
    const calledTwice = (await pool.query("select ticket_id from ticket_events where type = 'called' group by ticket_id having count(*) > 1")).rowCount ?? 0;
    return {
      options,
      issued: issuedIds.size,
      issueFailures,
      lost: [...issuedIds].filter(([id, code]) => byId.get(id) !== code).length,
      called: callAnswers.size,
      doubleCallsByAnswers: [...callAnswers.values()].filter((n) => n > 1).length,
      doubleCallsByEvents: calledTwice,
      ticketsInDatabase: tickets.length,
      calledInDatabase: counts.called,
      waitingAtEnd: counts.waiting,
      emptyCalls,
      errors,
      issueMs,
      callMs,
      displayLagMs,
      arrivalDelayMs,
      arrivalWallSeconds,
      wallSeconds,
      idle,
      cpu: {
        postgresMs: cpuSince(cpuBefore.postgres, cpuAfter.postgres),
        instancesMs: cpuAfter.instances.map((ms, i) => ms - (cpuBefore.instances[i] ?? 0)),
        generatorMs: (cpuAfter.generator.user + cpuAfter.generator.system) / 1000,
        redisMs: cpuAfter.redis - cpuBefore.redis,
        machineBusyMs: cpuAfter.machine.busy - cpuBefore.machine.busy,
        machineMs: cpuAfter.machine.total - cpuBefore.machine.total,
      },
    };
  } finally {
    for (const socket of displays) socket.close();
    await Promise.all(instances.map((s) => s.stop()));
    await pool.end();
    await redis.drop().catch(() => {});
    await database.drop();
  }
}

/** The figure's rows: counts (double calls target 0), latencies, and where the CPU went. */
export function nationalRows(r: NationalResult): BenchRow[] {
  const figure = '9 a country on one PostgreSQL';
  const o = r.options;
  const shape = `${o.centres} centres × ${o.countersPerCentre} counters, ${o.instances} instances`;
  const row = (metric: string, navbat: number, unit: string, extra: Partial<BenchRow> = {}): BenchRow => ({ figure, metric, baseline: null, navbat, unit, ratio: null, ...extra });
  const late = (xs: number[]) => xs.map((x) => (Number.isNaN(x) ? Number.POSITIVE_INFINITY : x));
  const doubleCalls = Math.max(r.doubleCallsByAnswers, r.doubleCallsByEvents);
  const cpu = r.cpu;
  const instancesMs = cpu.instancesMs.reduce((s, v) => s + v, 0);
  const listed = cpu.postgresMs + instancesMs + cpu.generatorMs + cpu.redisMs;
  const seconds = (ms: number) => ms / 1000;
  return [
    row(`tickets issued (201), ${shape}, ${o.centres * o.ticketsPerCentre} arrivals over ${o.arrivalSeconds} s`, r.issued, ''),
    row('tickets lost (a 201 answer whose ticket the database does not hold)', r.lost, '', { target: '0', met: r.lost === 0 }),
    row('tickets called (distinct, by call-next answers)', r.called, ''),
    row('double calls (by answers, and by `called` events in the database)', doubleCalls, '', { target: '0', met: doubleCalls === 0 }),
    row('tickets left waiting at the end', r.waitingAtEnd, ''),
    row('p50 call-next latency', quantile(r.callMs, 0.5), 'ms'),
    row('p99 call-next latency', quantile(r.callMs, 0.99), 'ms'),
    row('p50 issue latency', quantile(r.issueMs, 0.5), 'ms'),
    row('p99 issue latency', quantile(r.issueMs, 0.99), 'ms'),
    row('p99 arrival delay at the generator (in-flight cap)', quantile(r.arrivalDelayMs, 0.99), 'ms'),
    row('p50 call-next request → the centre display has the call', quantile(late(r.displayLagMs), 0.5), 'ms'),
    row('p99 call-next request → the centre display has the call', quantile(late(r.displayLagMs), 0.99), 'ms'),
    row('calls a display never had', r.displayLagMs.filter(Number.isNaN).length, '', { target: '0', met: r.displayLagMs.every((x) => !Number.isNaN(x)) }),
    row("PostgreSQL's CPU share (of PostgreSQL + instances + Redis + generator)", (100 * cpu.postgresMs) / listed, '%'),
    row('CPU: PostgreSQL', seconds(cpu.postgresMs), 's'),
    ...cpu.instancesMs.map((ms, i) => row(`CPU: instance ${i + 1}`, seconds(ms), 's')),
    row('CPU: Redis', seconds(cpu.redisMs), 's'),
    row('CPU: load generator', seconds(cpu.generatorMs), 's'),
    row(`CPU while idle (${idleSeconds} s before the day, everything connected): PostgreSQL`, (100 * r.idle.postgresMs) / (idleSeconds * 1000), '% of a core'),
    row(`CPU while idle: the ${o.instances} instances together`, (100 * r.idle.instancesMs) / (idleSeconds * 1000), '% of a core'),
    row(`CPU: machine busy (of ${seconds(cpu.machineMs).toFixed(0)} s on all cores, ${r.wallSeconds.toFixed(0)} s wall)`, (100 * cpu.machineBusyMs) / cpu.machineMs, '%'),
  ];
}

/** The full (or quick) figure on the built bundle, the instances unpinned. */
export async function nationalBench(opts: { quick: boolean; log: (line: string) => void }): Promise<BenchRow[]> {
  if (!(await postgresAvailable()) || !(await redisAvailable())) {
    opts.log('  PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) is not reachable: figure 9 skipped');
    return [];
  }
  // Everything on every core: the OS schedules PostgreSQL, Redis, the instances and this generator.
  pinSelf(allCpus);
  const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  const result = await nationalRun({
    centres: env('NATIONAL_CENTRES', 50),
    countersPerCentre: env('NATIONAL_COUNTERS', 20),
    servicesPerCentre: 5,
    ticketsPerCentre: env('NATIONAL_TICKETS_PER_CENTRE', opts.quick ? 12 : 100),
    arrivalSeconds: env('NATIONAL_SECONDS', opts.quick ? 30 : 240),
    drainSeconds: opts.quick ? 20 : 60,
    instances: 3,
    maxInFlight: 64,
    noShowShare: 0.05,
    startInstance: (instanceEnv) => startNavbat(instanceEnv, { cpu: allCpus }),
    log: opts.log,
  });
  pinSelf();
  const counted = Object.entries(result.errors);
  if (counted.length > 0) opts.log(`  unexpected answers: ${counted.map(([what, n]) => `${what} ×${n}`).join('; ')}`);
  opts.log(`  arrivals took ${result.arrivalWallSeconds.toFixed(0)} s, the whole day ${result.wallSeconds.toFixed(0)} s; ${result.emptyCalls} empty call-next answers`);
  return nationalRows(result);
}

if (process.argv[1]?.endsWith('national.bench.ts')) {
  const rows = await nationalBench({ quick: process.argv.includes('--quick'), log: (line) => console.log(line) });
  for (const r of rows) console.log(`${r.metric} | ${r.navbat.toFixed(r.unit === 'ms' || r.unit === 's' ? 1 : 0)} ${r.unit}${r.target ? ` | target ${r.target}: ${r.met ? 'met' : 'MISSED'}` : ''}`);
  process.exit(rows.some((r) => r.met === false) ? 1 : 0);
}
