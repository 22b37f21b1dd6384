import { describe, expect, it } from 'vitest';
import { OutboxDispatcher } from '../../server/src/outbox/dispatcher';
import type { Services } from '../../server/src/services';

/** A dispatcher over fake services: it records when each pass's fan-out starts. */
function fakeDispatcher(minGapMs: number) {
  const passes: number[] = [];
  const services = {
    webhooks: {
      fanOutOutbox: async () => {
        passes.push(performance.now());
        return 0;
      },
      deliverDueWebhooks: async () => 0,
    },
  } as unknown as Services;
  const dispatcher = new OutboxDispatcher({ services, send: async () => ({ statusCode: 200 }) as never, minGapMs, onError: (error) => { throw error; } });
  return { dispatcher, passes };
}

describe('outbox dispatcher: passes woken at commit are a gap apart', () => {
  it('the first wake-up runs at once; wake-ups during a pass and its gap make one more pass, the gap after it', async () => {
    const { dispatcher, passes } = fakeDispatcher(60);
    dispatcher.wake();
    await dispatcher.runOnce(); // waits for the first pass (and runs a second, at once: runOnce ignores the gap)
    expect(passes).toHaveLength(2);
    const secondEnded = performance.now();
    for (let i = 0; i < 10; i++) dispatcher.wake();
    const third = dispatcher.runOnce().then(() => passes.length);
    // The wake-ups made one pass, queued before runOnce's: it waited for the gap.
    expect(await third).toBe(4);
    expect(passes[2]! - secondEnded).toBeGreaterThanOrEqual(55);
    // runOnce's own pass followed at once, without a gap.
    expect(passes[3]! - passes[2]!).toBeLessThan(55);
    await dispatcher.stop();
  });

  it('a woken pass after a quiet spell runs at once', async () => {
    const { dispatcher, passes } = fakeDispatcher(30);
    await dispatcher.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 40));
    const woken = performance.now();
    dispatcher.wake();
    await dispatcher.runOnce();
    expect(passes[1]! - woken).toBeLessThan(25);
    await dispatcher.stop();
  });

  it('stop ends a wait for the gap without running the pass', async () => {
    const { dispatcher, passes } = fakeDispatcher(10_000);
    await dispatcher.runOnce();
    dispatcher.wake();
    const started = performance.now();
    await dispatcher.stop();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(passes).toHaveLength(1);
  });
});
