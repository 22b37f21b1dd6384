/**
 * Dev tool: what connecting a hall's displays costs the server. Opens 1,000 `/display` sockets as the apps do
 * (`socketTransports`: a WebSocket first) and as socket.io does by default (an HTTP long-polling handshake, then an
 * upgrade to a WebSocket), and prints the server's CPU time (until the upgrades are over) and the time until all
 * are connected, for each way, twice, alternating. Needs the bundle (`npm run build -w server`).
 *   node --import tsx tests/bench/connect-cost.ts [displays]
 */
import { performance } from 'node:perf_hooks';
import { sleep, startNavbat } from './support';
import { closeAll, connectMany } from './displays';

const count = Number(process.argv[2] ?? 1000);
const settleMs = 1500;
const server = await startNavbat();
const ways: Record<string, Record<string, unknown>> = {
  'WebSocket first (the apps)': {},
  'long-polling, then upgrade (socket.io default)': { transports: ['polling', 'websocket'], tryAllTransports: false },
};
try {
  // What the server spends idle over the settling time, taken off each figure.
  const idle0 = server.cpuMs();
  await sleep(settleMs);
  const idle = server.cpuMs() - idle0;
  for (let round = 0; round < 2; round++) {
    for (const [name, options] of Object.entries(ways)) {
      const cpu0 = server.cpuMs();
      const t0 = performance.now();
      const sockets = await connectMany(`${server.url}/display`, count, { centerId: 'isb-g9' }, options);
      const connected = performance.now() - t0;
      await sleep(settleMs); // upgrades (polling → WebSocket) finish after the connect
      const cpu = server.cpuMs() - cpu0 - idle;
      console.log(`${name}: server CPU ${(cpu / count).toFixed(2)} ms per display (${Math.round(cpu)} ms for ${count}); all connected after ${Math.round(connected)} ms`);
      closeAll(sockets);
      await sleep(1000);
    }
  }
} finally {
  await server.stop();
}
