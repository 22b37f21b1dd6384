import type { DatabaseHandle } from '../db/database';
import type { DomainEvent } from './events';

/** Where time comes from; tests pass a fixed or stepping clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What every service is handed: storage, time, and where to announce committed changes. */
export interface ServiceContext {
  database: DatabaseHandle;
  clock: Clock;
  /** Called only after the transaction that made the changes has committed. */
  publish(events: DomainEvent[]): void;
}
