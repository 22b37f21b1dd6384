import { Gauge, type Registry } from 'prom-client';
import type { Services } from '../services';

/** Gauges read through the services at scrape time: the line per service code, and counters by state. */
export function hallGauges(registry: Registry, services: Services): void {
  new Gauge({
    name: 'navbat_queue_length',
    help: 'Tickets waiting, per centre and service code',
    labelNames: ['center', 'service'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const center of await services.centers.list()) {
        for (const s of (await services.centers.publicServices(center.id)).services) this.set({ center: center.id, service: s.prefix }, s.waiting);
      }
    },
  });
  new Gauge({
    name: 'navbat_counters',
    help: 'Active counters per centre by state (open, paused, closed)',
    labelNames: ['center', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const center of await services.centers.list()) {
        const byState = { open: 0, paused: 0, closed: 0 };
        for (const c of await services.counters.list(center.id)) if (c.active) byState[c.status] += 1;
        for (const [state, n] of Object.entries(byState)) this.set({ center: center.id, state }, n);
      }
    },
  });
}
