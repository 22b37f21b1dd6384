import type { Language, Ticket } from '@navbat/shared';
import { newIdempotencyKey } from '@navbat/shared/client';

export type Step = 'language' | 'groups' | 'services' | 'priority' | 'confirm' | 'ticket';

/** Where a citizen is in taking a token; kept in sessionStorage so a reload resumes the same step. */
export interface Flow {
  step: Step;
  language: Language;
  groupId: number | null;
  serviceId: number | null;
  priority: string;
  /** Whether the priority step was shown for this service (Back from the confirmation returns to it). */
  askedPriority: boolean;
  /** One key per confirmation: a double tap, a retry or a reload re-sends it and gets the same ticket. */
  idempotencyKey: string | null;
  ticket: Ticket | null;
  printed: boolean;
}

export type FlowAction =
  | { type: 'language'; language: Language }
  | { type: 'start'; language: Language }
  | { type: 'group'; groupId: number }
  | { type: 'service'; serviceId: number; askPriority: boolean }
  | { type: 'priority'; priority: string }
  | { type: 'issued'; ticket: Ticket }
  | { type: 'printed' }
  | { type: 'back' }
  | { type: 'reset' };

export const initialFlow: Flow = { step: 'language', language: 'en', groupId: null, serviceId: null, priority: 'none', askedPriority: false, idempotencyKey: null, ticket: null, printed: false };

export function flowReducer(flow: Flow, action: FlowAction): Flow {
  switch (action.type) {
    case 'language':
      return { ...flow, language: action.language };
    case 'start':
      return { ...initialFlow, language: action.language, step: 'groups' };
    case 'group':
      return { ...flow, groupId: action.groupId, step: 'services' };
    case 'service':
      return action.askPriority
        ? { ...flow, serviceId: action.serviceId, priority: 'none', askedPriority: true, idempotencyKey: null, step: 'priority' }
        : { ...flow, serviceId: action.serviceId, priority: 'none', askedPriority: false, idempotencyKey: newIdempotencyKey(), step: 'confirm' };
    case 'priority':
      return { ...flow, priority: action.priority, idempotencyKey: newIdempotencyKey(), step: 'confirm' };
    case 'issued':
      return { ...flow, ticket: action.ticket, printed: false, idempotencyKey: null, step: 'ticket' };
    case 'printed':
      return { ...flow, printed: true };
    case 'back': {
      const previous: Record<Step, Step> = { language: 'language', groups: 'language', services: 'groups', priority: 'services', confirm: flow.askedPriority ? 'priority' : 'services', ticket: 'language' };
      return { ...flow, step: previous[flow.step], idempotencyKey: null };
    }
    case 'reset':
      return { ...initialFlow, language: flow.language };
  }
}

const storageKey = 'navbat.kiosk.flow';

export function loadFlow(): Flow {
  try {
    const raw = sessionStorage.getItem(storageKey);
    if (raw) return { ...initialFlow, ...(JSON.parse(raw) as Partial<Flow>) };
  } catch {
    // A broken saved flow simply starts over.
  }
  return initialFlow;
}

export function saveFlow(flow: Flow): void {
  try {
    sessionStorage.setItem(storageKey, JSON.stringify(flow));
  } catch {
    // Storage full or disabled: the kiosk still works, it just cannot resume after a reload.
  }
}
