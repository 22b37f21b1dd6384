import type { ServiceContext } from './context';
import { bindService } from './bind';
import { createTicketsService } from './tickets.service';
import { createCountersService } from './counters.service';
import { createCentersService } from './centers.service';
import { authFunctions } from './auth.service';
import { adminFunctions } from './admin';
import * as statsService from './stats.service';
import * as reportsService from './reports.service';
import * as bootstrapService from './bootstrap.service';
import * as live from './live.service';

/** All services of the app, sharing one context. */
export function createServices(ctx: ServiceContext) {
  const tickets = createTicketsService(ctx);
  const counters = createCountersService(ctx);
  const centers = createCentersService(ctx);
  const auth = bindService(ctx, authFunctions);
  const admin = bindService(ctx, adminFunctions);
  const stats = bindService(ctx, statsService);
  const reports = bindService(ctx, reportsService);
  const bootstrap = bindService(ctx, bootstrapService);
  return { tickets, counters, centers, auth, admin, stats, reports, bootstrap, live: bindService(ctx, live) };
}

export type Services = ReturnType<typeof createServices>;
