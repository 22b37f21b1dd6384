/**
 * Figure 1's floor of Navbat's schema (issue 18): what a ticket's own statements cost with no Navbat code around them.
 * A child process records Navbat's issues in-process on the demo hall (`--record`): a copy of the SQLite file before
 * the first, then every statement each issue ran on the connection, in order, with its arguments, and the issue's
 * answer. `statement-floor.server.ts` replays them on a copy of that file behind bare Fastify, one recorded issue per
 * request: the same rows, indexes, triggers, transactions and commits as Navbat's, without its HTTP hooks, validation,
 * decisions, views, outbox and statement layers. One connection, as figure 1's "one connection" row.
 *   node --import tsx tests/bench/statement-floor.ts [seconds]   # the raw route, the floor and Navbat, `NORMAL`
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { snapshot, statementRecorder, statementReplayer, traceFiles, type Trace } from './statement-trace';
import { cpus, issueBody, pinned, pinSelf, postLoad, repoRoot, startNavbat, startProcess, startRawInsertRoute, tempDir, withServer, type Load, type RunningProcess } from './support';

/** Issues recorded: more than one connection's warm-up and measurement take on a fast host (~4,000 a second). */
const recordedIssues = 24_000;

/** Records `count` issues of the demo hall into `dir` (run in a child process: it builds the whole app). */
async function record(dir: string, count: number): Promise<void> {
  const { demoAppInProcess } = await import('./in-process');
  let recorder: ReturnType<typeof statementRecorder> | undefined;
  const { app, database, dispose } = await demoAppInProcess('statement-floor', { onOpen: (sqlite) => (recorder = statementRecorder(sqlite)) });
  const files = traceFiles(dir);
  snapshot(database.sqlite!, files.start);
  const requests: Trace['requests'] = [];
  for (let i = 0; i < count; i++) {
    recorder!.start();
    const answer = await app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, payload: issueBody() });
    const steps = recorder!.stop();
    if (answer.statusCode !== 201) throw new Error(`recording: ${answer.statusCode} ${answer.body}`);
    requests.push({ steps, body: answer.body });
  }
  fs.writeFileSync(files.trace, JSON.stringify({ statements: recorder!.statements, requests } satisfies Trace));
  await dispose();
}

/**
 * A lifecycle's statements without HTTP (issue, call-next, start, complete): Navbat in-process (`app.inject`) issues `n`
 * tickets 10 at a time and 10 counters serve them at once, so commands share commit groups as in figure 3, with the
 * outbox's passes every 50 ms as the server makes them (`wal-pages.ts`'s workload); the same again recorded, then
 * replayed on a copy of the file as it was before, opened as Navbat opens it. Prints the CPU of both per lifecycle
 * (this process's, the checkpointer's thread with it), to set beside figure 3 (whose raw baseline is the four requests
 * over HTTP, each with one statement).
 */
async function lifecycleFloor(n: number, atOnce = 10): Promise<void> {
  const { demoAppInProcess, demoWorkers, issueDemoTickets, serveEveryTicket } = await import('./in-process');
  const { openDatabase } = await import('../../server/src/db/database');
  let recorder: ReturnType<typeof statementRecorder> | undefined;
  const { app, database, dispose } = await demoAppInProcess('statement-floor-lifecycle', { onOpen: (sqlite) => (recorder = statementRecorder(sqlite)) });
  const workers = await demoWorkers(app, atOnce);
  const passes = setInterval(() => void app.outbox.runOnce(), 50);
  const day = async (keys: string) => {
    await issueDemoTickets(app, n, atOnce, keys);
    if ((await serveEveryTicket(app, workers)) !== n) throw new Error('not every ticket was served');
    await app.outbox.runOnce();
  };
  await day('warm-up');
  // Navbat first (not recorded: the recorder's own cost stays out), then the same again recorded.
  const c0 = process.cpuUsage();
  await day('measured');
  const navbat = process.cpuUsage(c0);
  const files = traceFiles(tempDir('statement-floor-lifecycle'));
  snapshot(database.sqlite!, files.start);
  recorder!.start();
  await day('recorded');
  const recorded = recorder!.stop();
  clearInterval(passes);
  await dispose();
  const replayed = openDatabase({ url: files.start, sqliteSynchronous: 'NORMAL', backgroundCheckpoints: true });
  const replay = statementReplayer(replayed.sqlite!, recorder!.statements);
  const c1 = process.cpuUsage();
  replay(recorded);
  const floor = process.cpuUsage(c1);
  await replayed.close();
  const ms = (u: NodeJS.CpuUsage) => ((u.user + u.system) / 1000 / n).toFixed(3);
  console.log(`${n} lifecycles, ${atOnce} counters, \`NORMAL\`: Navbat in-process (app.inject, no HTTP) ${ms(navbat)} ms of CPU a lifecycle; its ${(recorded.length / n).toFixed(1)} statements replayed ${ms(floor)} ms`);
}

/** One connection alone, as figure 1 measures it after a 2 s warm-up at one connection: the load, and the server's CPU a request. */
async function oneConnection(server: RunningProcess, url: string, seconds: number): Promise<Load & { cpuMsPerRequest: number }> {
  await postLoad(url, issueBody, { connections: 1, duration: 2 });
  const cpu0 = server.cpuMs();
  const load = await postLoad(url, issueBody, { connections: 1, duration: seconds });
  return { ...load, cpuMsPerRequest: (server.cpuMs() - cpu0) / (load.rps * seconds) };
}

/**
 * The floor at one connection: records Navbat's issues (a child process), then replays them behind bare Fastify,
 * pinned as Navbat is, measured for `seconds` after the warm-up.
 */
export async function statementFloorLoad(synchronous: 'FULL' | 'NORMAL', seconds: number): Promise<Load & { cpuMsPerRequest: number }> {
  const dir = tempDir('statement-floor');
  const [cmd, args] = pinned(cpus.server, process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--record', dir, String(recordedIssues)]);
  const recorded = spawnSync(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SQL_TIMING: '' } });
  if (recorded.status !== 0) throw new Error(`recording Navbat's issues failed: ${recorded.stderr.toString().slice(-2000)}`);
  const load = await withServer(
    () => startProcess('tests/bench/statement-floor.server.ts', { TRACE_DIR: dir, DATABASE_FILE: path.join(dir, 'floor.sqlite'), SQLITE_SYNCHRONOUS: synchronous }, { cpu: cpus.server }),
    (floor) => oneConnection(floor, `${floor.url}/tickets`, seconds),
  );
  // The replay answers 503 once the recording runs out: the run is refused, not measured short.
  if (load.non2xx > 0) throw new Error(`the statement floor answered ${load.non2xx} non-2xx: record more than ${recordedIssues} issues`);
  return load;
}

const argv = process.argv.slice(2);
// Run as a program (its path may reach it through a link: `bundled.ts --root` writes into a linked node_modules).
if (process.argv[1] && fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url))) {
  if (argv[0] === '--record') {
    await record(argv[1]!, Number(argv[2]));
    process.exit(0);
  }
  if (argv[0] === '--lifecycle') {
    await lifecycleFloor(Number(argv[1] ?? 3000));
    process.exit(0);
  }
  // A dev tool: the three side by side at `NORMAL`, one connection.
  pinSelf();
  const seconds = Number(argv[0] ?? 6);
  const raw = await withServer(
    () => startRawInsertRoute('NORMAL'),
    (s) => oneConnection(s, `${s.url}/tickets`, seconds),
  );
  const floor = await statementFloorLoad('NORMAL', seconds);
  const navbat = await withServer(
    () => startNavbat({ SQLITE_SYNCHRONOUS: 'NORMAL' }, { cpu: cpus.server }),
    (s) => oneConnection(s, `${s.url}/api/v1/centers/isb-g9/tickets`, seconds),
  );
  const line = (name: string, load: Load & { cpuMsPerRequest: number }) => console.log(`${name.padEnd(48)} ${(1000 / load.rps).toFixed(3)} ms per request, server CPU ${load.cpuMsPerRequest.toFixed(3)} ms`);
  line('raw insert route', raw);
  line("Navbat's statements on bare Fastify (the floor)", floor);
  line('Navbat', navbat);
  process.exit(0);
}
