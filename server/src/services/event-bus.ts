import type { DomainEvent } from './events';

type Listener = (events: DomainEvent[]) => void;

/** In-process fan-out of committed domain events to the realtime layer and metrics. */
export class EventBus {
  private listeners: Listener[] = [];

  subscribe(listener: Listener): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  publish = (events: DomainEvent[]): void => {
    if (events.length === 0) return;
    for (const l of this.listeners) {
      try {
        l(events);
      } catch {
        // A failing listener must not undo or block a committed command.
      }
    }
  };
}
