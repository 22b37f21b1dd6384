import { AppError, type CounterStatus } from '@navbat/shared';

export interface CounterFacts {
  status: CounterStatus;
  operatorId: number | null;
  active: boolean;
  hasTicket: boolean;
}

/** Opening (or resuming) a counter: one operator per counter, one counter per operator. */
export function assertCanOpen(counter: CounterFacts, userId: number, userCounterId: number | null, counterId: number): void {
  if (!counter.active) throw new AppError('COUNTER_INACTIVE', 'this counter is deactivated');
  if (counter.operatorId !== null && counter.operatorId !== userId) {
    throw new AppError('COUNTER_BUSY', 'another operator works this counter');
  }
  if (userCounterId !== null && userCounterId !== counterId) {
    throw new AppError('COUNTER_BUSY', 'you already work another counter; close it first');
  }
}

/** Commands on a counter come from its operator; supervisors may act on any counter. */
export function assertOperates(counter: CounterFacts, userId: number, isSupervisor: boolean): void {
  if (counter.status === 'closed') throw new AppError('COUNTER_NOT_OPEN', 'open the counter first');
  if (!isSupervisor && counter.operatorId !== userId) {
    throw new AppError('COUNTER_NOT_YOURS', 'this counter is worked by another operator');
  }
}

export function assertCanCall(counter: CounterFacts): void {
  if (counter.status !== 'open') throw new AppError('COUNTER_NOT_OPEN', `the counter is ${counter.status}`);
  if (counter.hasTicket) throw new AppError('COUNTER_HAS_TICKET', 'finish the current ticket first');
}

export function assertCanPause(counter: CounterFacts): void {
  if (counter.status !== 'open') throw new AppError('COUNTER_NOT_OPEN', `the counter is ${counter.status}`);
}

export function assertCanClose(counter: CounterFacts): void {
  if (counter.hasTicket) throw new AppError('COUNTER_HAS_TICKET', 'finish the current ticket first');
}
