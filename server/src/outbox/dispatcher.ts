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
  /** A pass woken sooner than this after the last one ended waits for the rest (`minPassGapMs`). */
  minGapMs?: number;
}

/**
 * The least time between the end of a pass and the start of the next one a commit wakes. A pass costs about the
 * same for one event as for a hundred (its reads of the outbox, the webhooks, the lines near a turn, the due
 * deliveries and messages); woken at every commit, a busy hall ran ~140 passes a second, ~6 % of the server's CPU
 * in figure 3 of `npm run bench`. Deliveries and messages wait at most this much longer; events are never lost
 * (they stay in the outbox until a pass takes them).
 */
export const minPassGapMs = 50;

/**
 * Delivers the outbox: each pass fans out the committed events to their consumers, then sends every due
 * delivery. Passes run one at a time, `minGapMs` apart when woken; a wake-up during a pass or the gap queues one
 * more. Woken at every commit of this instance, and by a poll every few seconds.
 */
export class OutboxDispatcher {
  private chain: Promise<void> = Promise.resolve();
  private queued = false;
  private timer: NodeJS.Timeout | undefined;
  /** The woken pass waiting for the gap after the last one. */
  private delayed: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  /** When the last pass ended (`performance.now()`), or -Infinity. */
  private lastEnded = -Infinity;
  private readonly stopping = new AbortController();

  constructor(private readonly options: DispatcherOptions) {}

  /** Starts polling and runs a first pass at once (what a restart left undelivered goes out now). */
  start(): void {
    this.timer = setInterval(() => this.wake(), this.options.pollMs ?? 2000);
    this.timer.unref();
    this.wake();
  }

  /**
   * Asks for a pass soon: at once, or when `minGapMs` has passed since the last one ended. Passes asked for
   * while one waits to run are one.
   */
  wake(): void {
    if (this.queued || this.stopping.signal.aborted) return;
    this.queued = true;
    this.chain = this.chain.then(() => this.gap()).then(() => this.passNow());
  }

  /** Runs one full pass after the current one, without waiting for the gap; resolves when it is done (tests drive the dispatcher with it). */
  runOnce(): Promise<void> {
    this.chain = this.chain.then(() => this.passNow());
    return this.chain;
  }

  /** Resolves `minGapMs` after the last pass ended (at once if that is past, or on `stop`). */
  private gap(): Promise<void> | void {
    const wait = this.lastEnded + (this.options.minGapMs ?? minPassGapMs) - performance.now();
    if (wait <= 0 || this.stopping.signal.aborted) return;
    return new Promise((resolve) => {
      this.delayed = { timer: setTimeout(resolve, wait), resolve };
    });
  }

  private async passNow(): Promise<void> {
    this.queued = false;
    this.delayed = undefined;
    if (this.stopping.signal.aborted) return;
    try {
      await this.pass();
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      this.lastEnded = performance.now();
    }
  }

  /** Stops polling, cuts in-flight requests short (they stay due) and waits for the pass to end. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.stopping.abort();
    if (this.delayed) {
      clearTimeout(this.delayed.timer);
      this.delayed.resolve();
    }
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
