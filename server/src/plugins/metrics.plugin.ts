import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EventBus } from '../services/event-bus';
import type { Services } from '../services';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}

/** Prometheus metrics: tickets issued/called/served, line length per service, HTTP latency. */
export const metricsPlugin = fp(
  async (app, opts: { bus: EventBus; services: Services }) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'navbat_process_' });
    const issued = new Counter({ name: 'navbat_tickets_issued_total', help: 'Tickets issued', labelNames: ['center'], registers: [registry] });
    const called = new Counter({ name: 'navbat_tickets_called_total', help: 'Ticket calls (recalls included)', labelNames: ['center', 'recall'], registers: [registry] });
    const served = new Counter({ name: 'navbat_tickets_served_total', help: 'Tickets completed at a counter', labelNames: ['center'], registers: [registry] });
    const ended = new Counter({ name: 'navbat_tickets_ended_total', help: 'Tickets that left without service, by how', labelNames: ['center', 'how'], registers: [registry] });
    const latency = new Histogram({
      name: 'navbat_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    new Gauge({
      name: 'navbat_queue_length',
      help: 'Tickets waiting, per center and service',
      labelNames: ['center', 'service'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const center of await opts.services.centers.list()) {
          const summary = await opts.services.centers.queueSummary(center.id);
          for (const s of summary.services) this.set({ center: center.id, service: String(s.serviceId) }, s.waiting);
        }
      },
    });

    opts.bus.subscribe((events) => {
      for (const e of events) {
        if (e.type === 'ticket.issued') issued.inc({ center: e.centerId });
        if (e.type === 'ticket.called') called.inc({ center: e.centerId, recall: String(e.recall) });
        if (e.type === 'ticket.changed' && e.command === 'complete') served.inc({ center: e.centerId });
        if (e.type === 'ticket.changed' && (e.command === 'no-show' || e.command === 'cancel')) ended.inc({ center: e.centerId, how: e.command });
        if (e.type === 'tickets.expired') ended.inc({ center: e.centerId, how: 'expire' }, e.ticketIds.length);
      }
    });

    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      latency.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });

    app.decorate('metrics', registry);
  },
  { name: 'metrics' },
);
