import type { Counter, User } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { CounterRow } from '../db/schema';
import { counterOfOperatorRead } from '../db/counters.repository';
import { orThrow } from '../domain/decision';
import { pauseExpectedUntil } from '../domain/estimate';
import { decideClose, decideOpen, decidePause } from '../domain/counter-life';
import { actorOf, applyShift, runCounterCommand } from './counter-command';

/** The operator starts working this counter, or resumes it after a pause. */
export function open(ctx: ServiceContext, user: User, counterId: number): Promise<Counter> {
  // On PostgreSQL what the command decides on and answers with is read in one round trip, its writes go with the commit.
  return runCounterCommand(
    ctx,
    counterId,
    true,
    async (input) => {
      const mine = input.alsoFound[0] as CounterRow | undefined;
      const { changes } = orThrow(decideOpen(input.facts, actorOf(user), mine?.id ?? null, input.now.toISOString()));
      return applyShift(input, changes);
    },
    { alsoRead: [counterOfOperatorRead(user.id)], counterView: { operatorIds: [user.id] } },
  );
}

/** The counter pauses, with a reason staff screens show and, optionally, how long it expects to be away. */
export function pause(ctx: ServiceContext, user: User, counterId: number, reason: string, expectedMinutes?: number): Promise<Counter> {
  return runCounterCommand(ctx, counterId, true, async (input) => {
    const { changes } = orThrow(decidePause(input.facts, actorOf(user), reason, input.now.toISOString()));
    return applyShift(input, changes, { pause_expected_until: pauseExpectedUntil(input.now, expectedMinutes) });
  }, { counterView: { operatorIds: [] } });
}

/** The counter closes and is free for another operator. */
export function close(ctx: ServiceContext, user: User, counterId: number): Promise<Counter> {
  return runCounterCommand(ctx, counterId, true, async (input) => {
    const { changes } = orThrow(decideClose(input.facts, actorOf(user), input.now.toISOString()));
    return applyShift(input, changes);
  }, { counterView: { operatorIds: [] } });
}
