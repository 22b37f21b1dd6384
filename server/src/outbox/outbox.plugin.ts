import fp from 'fastify-plugin';
import type { Services } from '../services';
import type { EventBus } from '../services/event-bus';
import { OutboxDispatcher } from './dispatcher';
import { createWebhookSender, type WebhookSender } from './webhook-sender';

declare module 'fastify' {
  interface FastifyInstance {
    /** The outbox's dispatcher: `wake()` after a change, `runOnce()` to drive it by hand. */
    outbox: OutboxDispatcher;
  }
}

export interface OutboxPluginOptions {
  services: Services;
  bus: EventBus;
  /** Run the dispatcher with the app (off: nothing is sent unless `runOnce` is called). */
  dispatch: boolean;
  allowPrivateNetworks: boolean;
  /** Tests may send differently (e.g. with a fixed timeout). */
  send?: WebhookSender;
  pollMs?: number;
  /** Deliveries run after each fan-out (citizen messages). */
  afterFanOut?: readonly ((signal: AbortSignal) => Promise<unknown>)[];
}

/** The outbox dispatcher as part of the app: started when the app is ready, woken at commit, stopped on close. */
export const outboxPlugin = fp<OutboxPluginOptions>(
  async (app, options) => {
    const dispatcher = new OutboxDispatcher({
      services: options.services,
      send: options.send ?? createWebhookSender({ allowPrivateNetworks: options.allowPrivateNetworks }),
      ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
      ...(options.afterFanOut ? { afterFanOut: options.afterFanOut } : {}),
      onError: (error) => app.log.error({ err: error }, 'outbox dispatch failed'),
    });
    app.decorate('outbox', dispatcher);
    app.addHook('onClose', () => dispatcher.stop());
    if (!options.dispatch) return;
    const unsubscribe = options.bus.subscribe(() => dispatcher.wake());
    app.addHook('onReady', async () => dispatcher.start());
    app.addHook('onClose', async () => unsubscribe());
  },
  { name: 'outbox' },
);
