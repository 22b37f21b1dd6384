/**
 * Dev tool: kiosk requests across a restart. A kiosk issues a ticket every 20 ms while the server is stopped
 * (SIGTERM) and a new process started on the same port and database; prints how many were issued and how many
 * failed (refused, cut, or answered with an error). Needs the bundle (`npm run build -w server`).
 *   node --import tsx tests/bench/restart-requests.ts
 */
import { sleep, startNavbat } from './support';

let server = await startNavbat();
const { port, databaseFile } = server;
const url = server.url;
let issued = 0;
let failed = 0;
let running = true;
const requests: Promise<void>[] = [];
const kiosk = (async () => {
  while (running) {
    const body = JSON.stringify({ serviceId: 1 });
    requests.push(
      fetch(`${url}/api/v1/centers/isb-g9/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
        (r) => void (r.status === 201 ? issued++ : failed++),
        () => void failed++,
      ),
    );
    await sleep(20);
  }
})();
await sleep(300);
await server.stop('SIGTERM');
server = await startNavbat({}, { port, databaseFile });
await sleep(300);
running = false;
await kiosk;
await Promise.all(requests);
console.log(`kiosk requests across a restart: ${issued} issued, ${failed} failed`);
await server.stop('SIGTERM');
