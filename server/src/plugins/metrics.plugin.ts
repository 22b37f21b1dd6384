import fp from 'fastify-plugin';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EventBus } from '../services/event-bus';
import type { Services } from '../services';
import { ticketMetrics } from '../metrics/ticket-metrics';
import { hallGauges } from '../metrics/hall-gauges';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}

/**
 * prom-client's gauges that end in `_total`, which `promtool check metrics` refuses for a gauge; the
 * per-type `nodejs_active_handles` etc. stay, and their sum is the same number.
 */
const gaugesNamedLikeCounters = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** Prometheus metrics (docs/operations.md): process, tickets, waits, lines, counters, HTTP latency. */
export const metricsPlugin = fp(
  async (app, opts: { bus: EventBus; services: Services }) => {
    const registry = new Registry();
    // No prefix: stock Node.js dashboards query `process_*` and `nodejs_*`.
    collectDefaultMetrics({ register: registry });
    for (const name of gaugesNamedLikeCounters) registry.removeSingleMetric(name);

    opts.bus.subscribe(ticketMetrics(registry));
    hallGauges(registry, opts.services);

    const latency = new Histogram({
      name: 'navbat_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      latency.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });

    app.decorate('metrics', registry);
  },
  { name: 'metrics' },
);
