import type { ServiceContext } from './context';
import { bindService } from './bind';
import * as issuing from './issuing.service';
import * as tickets from './tickets.service';
import * as counterReads from './counters.service';
import * as counterShifts from './counter-shifts.service';
import * as calls from './calls.service';
import * as centers from './centers.service';
import { createAuthService } from './auth.service';
import { createAdminService } from './admin.service';
import { createStatsService } from './stats.service';
import { createBootstrapService } from './bootstrap.service';

/** All services of the app, sharing one context; each area's modules of plain functions bound to it. */
export function createServices(ctx: ServiceContext) {
  const { getCounter, ...counterViews } = counterReads;
  const counters = bindService(ctx, { ...counterViews, get: getCounter, ...counterShifts, ...calls });
  const auth = createAuthService(ctx);
  const admin = createAdminService(ctx, counters);
  const bootstrap = createBootstrapService(ctx, admin);
  return {
    tickets: bindService(ctx, { ...issuing, ...tickets }),
    counters,
    centers: bindService(ctx, centers),
    auth,
    admin,
    stats: createStatsService(ctx),
    bootstrap,
  };
}

export type Services = ReturnType<typeof createServices>;
