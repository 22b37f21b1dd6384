import type { ServiceContext } from './context';
import { bindService } from './bind';
import * as issuing from './issuing.service';
import * as tickets from './tickets.service';
import * as counterReads from './counters.service';
import * as counterShifts from './counter-shifts.service';
import * as calls from './calls.service';
import * as centers from './centers.service';
import { authFunctions } from './auth.service';
import { adminFunctions } from './admin';
import * as statsService from './stats.service';
import * as reportsService from './reports.service';
import * as bootstrapService from './bootstrap.service';
import * as live from './live.service';
import * as webhooks from './webhooks.service';
import * as webhookDispatch from './webhooks-dispatch.service';
import * as outboxRetention from './outbox-retention.service';
import * as estimates from './estimates.service';
import * as payments from './payments.service';
import * as planner from './planner.service';
import * as messages from './messages.service';
import * as messageTemplates from './message-templates.service';
import * as pushSubscriptions from './push-subscriptions.service';
import * as appointments from './appointments.service';
import * as checkIn from './check-in.service';
import * as remoteJoin from './remote-join.service';
import * as overview from './overview.service';
import * as devices from './devices.service';
import * as bookingStats from './booking-stats.service';
import * as closures from './closures.service';
import * as hold from './hold.service';
import * as control from './control.service';
import * as broadcasts from './broadcasts.service';

/** All services of the app, sharing one context; each area's modules of plain functions bound to it. */
export function createServices(ctx: ServiceContext) {
  const { getCounter, ...counterViews } = counterReads;
  return {
    tickets: bindService(ctx, { ...issuing, ...tickets }),
    counters: bindService(ctx, { ...counterViews, get: getCounter, ...counterShifts, ...calls }),
    centers: bindService(ctx, centers),
    auth: bindService(ctx, authFunctions),
    admin: bindService(ctx, adminFunctions),
    stats: bindService(ctx, statsService),
    reports: bindService(ctx, reportsService),
    bootstrap: bindService(ctx, bootstrapService),
    live: bindService(ctx, live),
    webhooks: bindService(ctx, { ...webhooks, fanOutOutbox: webhookDispatch.fanOutOutbox, deliverDueWebhooks: webhookDispatch.deliverDueWebhooks, purgeDeliveredOutbox: outboxRetention.purgeDeliveredOutbox }),
    estimates: bindService(ctx, estimates),
    payments: bindService(ctx, payments),
    planner: bindService(ctx, planner),
    messages: bindService(ctx, { ...messages, listTemplates: messageTemplates.listTemplates, updateTemplate: messageTemplates.updateTemplate, resetTemplate: messageTemplates.resetTemplate, vapidPublicKey: pushSubscriptions.vapidPublicKey, subscribePush: pushSubscriptions.subscribePush }),
    appointments: bindService(ctx, { ...appointments, ...checkIn, ...remoteJoin }),
    overview: bindService(ctx, overview),
    devices: bindService(ctx, devices),
    bookingStats: bindService(ctx, bookingStats),
    closures: bindService(ctx, closures),
    control: bindService(ctx, { ...hold, ...control }),
    broadcasts: bindService(ctx, broadcasts),
  };
}

export type Services = ReturnType<typeof createServices>;
