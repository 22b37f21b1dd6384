/**
 * Figure 5 — restart: 1,000 displays connected, the server is restarted (SIGTERM, a new process on the
 * same port and database). Measures the share of displays that show the right state again and the time,
 * from the stop, until 95 % of them do. The displays use socket.io-client's reconnection as the display
 * app does, and resync on every connect (`display:snapshot`).
 */
import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { quantile, sleep, startNavbat, type BenchRow } from './support';
import { staffSession } from '../support/staff-http';
import { closeAll, connectMany } from './displays';
import { displayReconnection } from '@navbat/shared';

export interface RestartOptions {
  displays: number;
  log: (line: string) => void;
}

interface DisplayView {
  seq: number;
  serving: string;
  /** When this display last received a state (snapshot or update). */
  at: number;
}

export async function restartBench(opts: RestartOptions): Promise<BenchRow[]> {
  let server = await startNavbat();
  const { port, databaseFile } = server;
  const views: DisplayView[] = [];
  let sockets: Socket[] = [];
  try {
    const op = await staffSession(server.url, 'operator1', 'operator1-demo');
    await op.call('POST', '/api/v1/counters/1/open');
    for (let i = 0; i < 5; i++) {
      await fetch(`${server.url}/api/v1/centers/isb-g9/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: 1 }) });
    }
    await op.call('POST', '/api/v1/counters/1/call-next');

    sockets = await connectMany(`${server.url}/display`, opts.displays, { centerId: 'isb-g9' }, { reconnection: true, ...displayReconnection });
    sockets.forEach((s, i) => {
      views[i] = { seq: -1, serving: '', at: 0 };
      const take = (state: { seq: number; serving: { ticketCode: string; counterId: number }[] }) => {
        views[i] = { seq: state.seq, serving: state.serving.map((c) => `${c.counterId}:${c.ticketCode}`).join(','), at: performance.now() };
      };
      s.on('display:snapshot', take);
      s.on('display:updated', take);
    });
    await sleep(1000);

    // Restart: stop, and start a new process on the same port and file.
    const stoppedAt = performance.now();
    for (const v of views) v.at = 0;
    await server.stop('SIGTERM');
    const downAt = performance.now();
    server = await startNavbat({}, { port, databaseFile });
    const upAt = performance.now();
    // The truth after the restart: a change made right away, which every display must show.
    const op2 = await staffSession(server.url, 'operator1', 'operator1-demo');
    await op2.call('POST', '/api/v1/counters/1/complete', {});
    await op2.call('POST', '/api/v1/counters/1/call-next');
    const truth = (await (await fetch(`${server.url}/api/v1/centers/isb-g9/display`)).json()) as { seq: number; serving: { ticketCode: string; counterId: number }[] };
    const expected = truth.serving.map((c) => `${c.counterId}:${c.ticketCode}`).join(',');

    const deadline = performance.now() + 20_000;
    const right = () => views.filter((v) => v.seq === truth.seq && v.serving === expected);
    while (right().length < views.length && performance.now() < deadline) await sleep(100);
    const ok = right();
    const times = ok.map((v) => v.at - stoppedAt);
    const share = ok.length / views.length;
    const p95 = ok.length >= Math.ceil(views.length * 0.95) ? quantile(times, 0.95 * (views.length / ok.length)) : Number.POSITIVE_INFINITY;
    opts.log(`  navbat: ${(share * 100).toFixed(1)} % of ${views.length} displays right again; p95 ${(p95 / 1000).toFixed(2)} s after the stop (old process exited after ${((downAt - stoppedAt) / 1000).toFixed(2)} s, the new one listened after ${((upAt - stoppedAt) / 1000).toFixed(2)} s)`);
    return [
      { figure: '5 restart', metric: `displays showing the right state (${opts.displays} displays)`, baseline: null, navbat: share * 100, unit: '%', ratio: null, target: '100 %', met: share === 1 },
      { figure: '5 restart', metric: 'time from the stop until 95 % are right', baseline: null, navbat: p95 / 1000, unit: 's', ratio: null, target: '< 3 s', met: p95 < 3000 },
      { figure: '5 restart', metric: 'of which: graceful stop of the old process', baseline: null, navbat: (downAt - stoppedAt) / 1000, unit: 's', ratio: null },
      { figure: '5 restart', metric: 'of which: stop → new process listening', baseline: null, navbat: (upAt - stoppedAt) / 1000, unit: 's', ratio: null },
    ];
  } finally {
    closeAll(sockets);
    await server.stop();
  }
}
