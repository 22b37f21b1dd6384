import type { ServiceContext } from './context';
import { createTicketsService } from './tickets.service';
import { createCountersService } from './counters.service';
import { createCentersService } from './centers.service';
import { createAuthService } from './auth.service';
import { createAdminService } from './admin.service';
import { createStatsService } from './stats.service';
import { createBootstrapService } from './bootstrap.service';

/** All services of the app, sharing one context. */
export function createServices(ctx: ServiceContext) {
  const tickets = createTicketsService(ctx);
  const counters = createCountersService(ctx);
  const centers = createCentersService(ctx);
  const auth = createAuthService(ctx);
  const admin = createAdminService(ctx, counters);
  const stats = createStatsService(ctx);
  const bootstrap = createBootstrapService(ctx, admin);
  return { tickets, counters, centers, auth, admin, stats, bootstrap };
}

export type Services = ReturnType<typeof createServices>;
