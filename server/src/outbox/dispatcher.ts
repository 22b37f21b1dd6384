import type { Services } from '../services';
import type { WebhookSender } from './webhook-sender';

export interface DispatcherOptions {
  services: Services;
  send: WebhookSender;
  /** The safety-net poll: how often a pass runs without being woken (other instances' commits, retries). */
  pollMs?: number;
  onError?: (error: unknown) => void;
  random?: () => number;
  /** Other deliveries that follow the fan-out (citizen messages), each run once per pass. */
  afterFanOut?: readonly ((signal: AbortSignal) => Promise<unknown>)[];
}

/**
 * Delivers the outbox: each pass fans out the committed events to their consumers, then sends every due
 * delivery. Passes run one at a time; a wake-up during a pass queues one more. Woken at every commit of
 * this instance, and by a poll every few seconds.
 */
export class OutboxDispatcher {
  private chain: Promise<void> = Promise.resolve();
  private queued = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly stopping = new AbortController();

  constructor(private readonly options: DispatcherOptions) {}

  /** Starts polling and runs a first pass at once (what a restart left undelivered goes out now). */
  start(): void {
    this.timer = setInterval(() => this.wake(), this.options.pollMs ?? 2000);
    this.timer.unref();
    this.wake();
  }

  /** Asks for a pass soon; passes asked for while one waits to run are one. */
  wake(): void {
    if (this.queued || this.stopping.signal.aborted) return;
    this.queued = true;
    void this.runOnce();
  }

  /** Runs one full pass after the current one; resolves when it is done (tests drive the dispatcher with it). */
  runOnce(): Promise<void> {
    this.chain = this.chain.then(async () => {
      this.queued = false;
      try {
        await this.pass();
      } catch (error) {
        this.options.onError?.(error);
      }
    });
    return this.chain;
  }

  /** Stops polling, cuts in-flight requests short (they stay due) and waits for the pass to end. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.stopping.abort();
    await this.chain;
  }

  private async pass(): Promise<void> {
    const { services, send, random } = this.options;
    const batch = 100;
    while ((await services.webhooks.fanOutOutbox(batch)) === batch && !this.stopping.signal.aborted);
    for (const deliver of this.options.afterFanOut ?? []) {
      try {
        await deliver(this.stopping.signal);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
    const limit = 16;
    while (!this.stopping.signal.aborted) {
      const due = await services.webhooks.deliverDueWebhooks(send, { limit, signal: this.stopping.signal, ...(random ? { random } : {}) });
      if (due < limit) break;
    }
  }
}
