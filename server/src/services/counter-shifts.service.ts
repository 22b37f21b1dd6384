import type { Counter, User } from '@navbat/shared';
import type { ServiceContext } from './context';
import { findCounterOfOperator, toCounterUpdate, updateCounter } from '../db/counters.repository';
import type { CounterRow } from '../db/schema';
import { orThrow } from '../domain/decision';
import { pauseExpectedUntil } from '../domain/estimate';
import { decideClose, decideOpen, decidePause, type CounterChanges } from '../domain/counter-life';
import { actorOf, counterChanged, runCounterCommand, viewCounter, type CounterCommandInput } from './counter-command';

/**
 * Writes a shift change and answers the counter as it is now. Shift changes are visible to displays (the
 * screen above the counter says closed or paused, and the hall's wait ranges count open counters), so they
 * move the display seq like calls do.
 */
async function applyShift({ trx, counter, now, seq }: CounterCommandInput, changes: CounterChanges, extra: Partial<CounterRow> = {}) {
  const patch = { ...toCounterUpdate(changes), ...extra };
  await updateCounter(trx, counter.id, patch);
  const view = await viewCounter(trx, { ...counter, ...patch }, now);
  return { value: view, events: [{ ...counterChanged(counter, seq), shift: shiftOf[changes.status], counter: view }] };
}

/** The public event of each status a shift change leads to (resuming after a pause is `opened`). */
const shiftOf = { open: 'opened', paused: 'paused', closed: 'closed' } as const;

/** The operator starts working this counter, or resumes it after a pause. */
export function open(ctx: ServiceContext, user: User, counterId: number): Promise<Counter> {
  return runCounterCommand(ctx, counterId, true, async (input) => {
    const mine = await findCounterOfOperator(input.trx, user.id);
    const { changes } = orThrow(decideOpen(input.facts, actorOf(user), mine?.id ?? null, input.now.toISOString()));
    return applyShift(input, changes);
  });
}

/** The counter pauses, with a reason staff screens show and, optionally, how long it expects to be away. */
export function pause(ctx: ServiceContext, user: User, counterId: number, reason: string, expectedMinutes?: number): Promise<Counter> {
  return runCounterCommand(ctx, counterId, true, async (input) => {
    const { changes } = orThrow(decidePause(input.facts, actorOf(user), reason, input.now.toISOString()));
    return applyShift(input, changes, { pause_expected_until: pauseExpectedUntil(input.now, expectedMinutes) });
  });
}

/** The counter closes and is free for another operator. */
export function close(ctx: ServiceContext, user: User, counterId: number): Promise<Counter> {
  return runCounterCommand(ctx, counterId, true, async (input) => {
    const { changes } = orThrow(decideClose(input.facts, actorOf(user), input.now.toISOString()));
    return applyShift(input, changes);
  });
}
