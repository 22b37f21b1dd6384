/**
 * Where PostgreSQL's time goes when Navbat issues tickets: one Navbat process (as `npm run start:prod` runs it; or N)
 * on a fresh database, 50 connections issuing into 10 centres (or one: `--one-centre`) for 8 s, then the CPU
 * of Navbat and of all PostgreSQL processes per request (from /proc; of it, the backends of the database's
 * connections, without autovacuum and the WAL writer) and the statements by total execution time
 * (pg_stat_statements; its time includes waiting for row locks). `--instances N` runs N Navbat processes behind one
 * Redis (as figure 8 does: all on the server's core, every centre loaded through every instance); `--redis` gives
 * a lone instance Redis too; `--through-first` sends the whole load through the first instance, so the others' CPU is
 * what an instance pays for the requests another serves (the scale-out bus's events); `--by-centre` sends each centre's
 * requests through one instance (centre i through instance i mod N, as a balancer routing by centre would:
 * docs/scale-out.md). Each instance's CPU is reported per request of the whole load.
 *
 *   node --import tsx tests/bench/pg-profile.ts [--one-centre] [--instances N] [--redis] [--through-first | --by-centre]
 *
 * Needs `shared_preload_libraries = 'pg_stat_statements'` for the statement list (without it, the CPU figures
 * only): `psql -h 127.0.0.1 -U postgres -c "alter system set shared_preload_libraries = 'pg_stat_statements'"`
 * and a restart of PostgreSQL. Also the WAL written a request, by kind of record where `pg_walinspect` can be created
 * (PostgreSQL's contrib), and the rows each table had inserted, updated (of them in place, HOT) and deleted a request:
 * figures that do not move with the host's speed; so are each instance's bytes read and written a request (its sockets:
 * HTTP, PostgreSQL, Redis) and the system calls they took. A development tool, not part of `npm run bench`.
 */
import pg from 'pg';
import crypto from 'node:crypto';
import { createPgDatabase, redisTestUrl } from '../support/pg';
import { openDatabase } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { connectionShare, cpuOfPids, cpuOfProcessesNamed, cpuSince, ioOf, postLoad, startNavbat } from './support';
import { addCentres, centreTargets } from './pg-scale.bench';

const oneCentre = process.argv.includes('--one-centre');
const connections = 50;
const instanceCount = Number(process.argv[process.argv.indexOf('--instances') + 1] ?? 1) || 1;
const withRedis = instanceCount > 1 || process.argv.includes('--redis');
const throughFirst = process.argv.includes('--through-first');
const byCentre = process.argv.includes('--by-centre');
const durationSeconds = 8;

/** CPU of all PostgreSQL processes so far, ended ones included. */
const postgresCpuMs = () => cpuOfProcessesNamed('postgres', { endedChildren: true });

const database = await createPgDatabase('profile');

/** CPU so far of each connection to the profiled database (its statements, without autovacuum and the WAL writer). */
async function backendsCpu(): Promise<Map<number, number>> {
  const rows = (await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')).rows;
  return cpuOfPids(rows.map((r) => r.pid));
}
/** The WAL's position (bytes) and each table's rows written so far. */
async function walAndRows(): Promise<{ lsn: number; rows: Map<string, number[]> }> {
  const lsn = Number((await client.query<{ b: string }>("select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text as b")).rows[0]!.b);
  const rows = (await client.query<{ relname: string; i: string; u: string; h: string; d: string }>('select relname, n_tup_ins::text as i, n_tup_upd::text as u, n_tup_hot_upd::text as h, n_tup_del::text as d from pg_stat_user_tables')).rows;
  return { lsn, rows: new Map(rows.map((r) => [r.relname, [Number(r.i), Number(r.u), Number(r.h), Number(r.d)]])) };
}
/** A WAL position in PostgreSQL's notation. */
const lsnText = (bytes: number) => `${Math.floor(bytes / 2 ** 32).toString(16)}/${(bytes % 2 ** 32).toString(16)}`;
const handle = openDatabase({ url: database.url });
await migrateToLatest(handle.db);
await handle.close();
const client = new pg.Client({ connectionString: database.url });
await client.connect();
// False when the extension cannot be created or is not preloaded (its view then refuses to be read).
const statements = await client
  .query('create extension if not exists pg_stat_statements')
  .then(() => client.query('select 1 from pg_stat_statements limit 1'))
  .then(
    () => true,
    () => false,
  );
const redisEnv: Record<string, string> = withRedis ? { REDIS_URL: redisTestUrl, REDIS_KEY_PREFIX: `profile${crypto.randomBytes(4).toString('hex')}` } : {};
const instances = [await startNavbat({ DATABASE_URL: database.url, SEED: 'demo', ...redisEnv })];
for (let i = 1; i < instanceCount; i++) instances.push(await startNavbat({ DATABASE_URL: database.url, SEED: 'none', ...redisEnv }));
const navbat = instances[0]!;
try {
  const centres = oneCentre ? [{ centerId: 'isb-g9', serviceIds: Array.from({ length: 11 }, (_, i) => i + 1) }] : await addCentres(navbat.url);
  const targets = centreTargets(
    (throughFirst ? instances.slice(0, 1) : instances).map((n) => n.url),
    centres,
    byCentre ? 'routed' : 'spread',
  );
  const load = async (duration: number) => {
    const loads = await Promise.all(
      targets.map((t, i) =>
        postLoad(t.url, () => JSON.stringify({ serviceId: t.serviceIds[Math.floor(Math.random() * t.serviceIds.length)], language: 'en' }), {
          connections: connectionShare(connections, targets.length, i),
          duration,
        }),
      ),
    );
    return { rps: loads.reduce((s, l) => s + l.rps, 0), p99: Math.max(...loads.map((l) => l.p99)) };
  };
  await load(2);
  if (statements) await client.query('select pg_stat_statements_reset()');
  const wal0 = await walAndRows();
  const navbat0 = instances.map((n) => n.cpuMs());
  const io0 = instances.map((n) => ioOf(n.child.pid!));
  const postgres0 = postgresCpuMs();
  const backends0 = await backendsCpu();
  const started = Date.now();
  const measured = await load(durationSeconds);
  const wallMs = Date.now() - started;
  const requests = measured.rps * durationSeconds;
  const share = (ms: number) => `${((ms / wallMs) * 100).toFixed(0)} % of a core, ${(ms / requests).toFixed(2)} ms per request`;
  console.log(`${oneCentre ? 'one centre' : `${centres.length} centres`}, ${instances.length} instance(s)${withRedis ? ' with Redis' : ''}${throughFirst ? ', all requests through the first' : ''}${byCentre ? ', each centre through one' : ''}: ${measured.rps.toFixed(0)} req/s, p99 ${measured.p99} ms`);
  instances.forEach((n, i) => {
    const io = ioOf(n.child.pid!);
    const perRequest = (v: number, v0: number, digits = 0) => ((v - v0) / requests).toFixed(digits);
    console.log(`  Navbat ${i + 1}:   ${share(n.cpuMs() - navbat0[i]!)}`);
    // Its sockets (HTTP and PostgreSQL; Redis with several instances): what it read and wrote, and in how many calls.
    console.log(`    read ${perRequest(io.readBytes, io0[i]!.readBytes)} bytes a request in ${perRequest(io.reads, io0[i]!.reads, 2)} calls, wrote ${perRequest(io.writtenBytes, io0[i]!.writtenBytes)} in ${perRequest(io.writes, io0[i]!.writes, 2)}`);
  });
  console.log(`  PostgreSQL: ${share(postgresCpuMs() - postgres0)}`);
  const backends = await backendsCpu();
  console.log(`    of it the database's connections: ${share(cpuSince(backends0, backends))}`);
  // Statistics reach the views when each backend reports them (at most a second after its last transaction).
  await new Promise((r) => setTimeout(r, 1500));
  const wal1 = await walAndRows();
  console.log(`  WAL: ${((wal1.lsn - wal0.lsn) / requests).toFixed(0)} bytes per request; rows per request (inserted / updated, of them HOT / deleted):`);
  for (const [table, now] of wal1.rows) {
    const before = wal0.rows.get(table) ?? [0, 0, 0, 0];
    const d = now.map((v, i) => (v - before[i]!) / requests);
    if (d.some((v) => v >= 0.005)) console.log(`    ${table.padEnd(24)} ${d.map((v) => v.toFixed(2)).join(' / ')}`);
  }
  // The WAL's records by kind (pg_walinspect, in PostgreSQL's contrib; left out where it cannot be created).
  const records = await client
    .query('create extension if not exists pg_walinspect')
    .then(() =>
      client.query<{ kind: string; count: string; bytes: string }>(
        `select "resource_manager/record_type" as kind, count::text, combined_size::text as bytes from pg_get_wal_stats($1::pg_lsn, $2::pg_lsn, true) where count > 0 order by combined_size desc limit 8`,
        [lsnText(wal0.lsn), lsnText(wal1.lsn)],
      ),
    )
    .then(
      (r) => r.rows,
      () => [],
    );
  for (const r of records) console.log(`    WAL ${r.kind.padEnd(22)} ${(Number(r.count) / requests).toFixed(2)} records, ${(Number(r.bytes) / requests).toFixed(0)} bytes per request`);
  if (!statements) console.log('  (pg_stat_statements is not loaded: no statement list)');
  else {
    const top = await client.query<{ calls: string | number; total: string; mean: string; query: string }>(
      `select calls, round(total_exec_time::numeric) as total, round((total_exec_time / calls)::numeric, 3) as mean, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) as query
       from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database()) order by total_exec_time desc limit 12`,
    );
    console.log('  total ms   calls   mean ms  statement');
    for (const r of top.rows) // `calls` is a bigint: a number once the server's parser for them is registered (openDatabase), else text.
      console.log(`  ${String(r.total).padStart(8)} ${String(r.calls).padStart(7)} ${String(r.mean).padStart(9)}  ${r.query}`);
  }
} finally {
  await client.end();
  await Promise.all(instances.map((n) => n.stop()));
  await database.drop();
}
