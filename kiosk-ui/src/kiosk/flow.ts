import type { Language, Ticket } from '@navbat/shared';

/**
 * The kiosk has three steps: the start screen (agencies, or the services themselves when there is one
 * agency, with the priority line and the language switch), the services of one agency, and the ticket.
 * A tap on a service issues the ticket: there is no confirmation step, the ticket screen offers a cancel.
 * Beside them, check-in ("I have a booking / I joined online") leads from the start to the ticket too.
 */
export type Step = 'start' | 'services' | 'checkin' | 'ticket';

/** How the ticket on screen came from a check-in: issued now (a booking), or one that existed (checked in before, or a remote ticket). */
export type CheckInKind = 'issued' | 'existing';

/** The service being issued: one key per choice, so a double tap, a retry or a reload gets the same ticket. */
export interface PendingIssue {
  serviceId: number;
  priority: string;
  idempotencyKey: string;
}

/** Where a citizen is in taking a token; kept in sessionStorage so a reload resumes the same step. */
export interface Flow {
  step: Step;
  language: Language;
  groupId: number | null;
  /** `none`, or the priority category chosen on the start screen. */
  priority: string;
  pending: PendingIssue | null;
  ticket: Ticket | null;
  printed: boolean;
  /** The code of a ticket the citizen just cancelled ("wrong service"), said once on the next screen. */
  cancelledCode: string | null;
  /** Set when the ticket on screen came from a check-in. */
  checkIn: CheckInKind | null;
}

export type FlowAction =
  | { type: 'language'; language: Language }
  | { type: 'priority'; priority: string }
  | { type: 'group'; groupId: number }
  | { type: 'issue'; pending: PendingIssue }
  | { type: 'issued'; ticket: Ticket }
  | { type: 'checkin' }
  | { type: 'checkedIn'; ticket: Ticket; kind: CheckInKind }
  | { type: 'printed' }
  | { type: 'cancelled'; code: string }
  | { type: 'back' }
  | { type: 'reset'; language: Language };

export function initialFlow(language: Language): Flow {
  return { step: 'start', language, groupId: null, priority: 'none', pending: null, ticket: null, printed: false, cancelledCode: null, checkIn: null };
}

export function flowReducer(flow: Flow, action: FlowAction): Flow {
  switch (action.type) {
    case 'language':
      return { ...flow, language: action.language };
    case 'priority':
      return { ...flow, priority: action.priority, pending: null, cancelledCode: null };
    case 'group':
      return { ...flow, groupId: action.groupId, step: 'services', pending: null, cancelledCode: null };
    case 'issue':
      return { ...flow, pending: action.pending, cancelledCode: null };
    case 'issued':
      return { ...flow, ticket: action.ticket, printed: false, pending: null, checkIn: null, step: 'ticket' };
    case 'checkin':
      return { ...flow, step: 'checkin', groupId: null, pending: null, cancelledCode: null };
    case 'checkedIn':
      // A ticket that existed was printed when it was issued (or lives on the phone): printed on request only.
      return { ...flow, ticket: action.ticket, printed: action.kind === 'existing', pending: null, checkIn: action.kind, step: 'ticket' };
    case 'printed':
      return { ...flow, printed: true };
    case 'cancelled':
      // Back to the services the citizen chose from, with the same priority, to pick the right one.
      return { ...flow, ticket: null, pending: null, printed: false, cancelledCode: action.code, step: flow.groupId === null ? 'start' : 'services' };
    case 'back':
      return { ...flow, step: 'start', groupId: null, pending: null, cancelledCode: null };
    case 'reset':
      return initialFlow(action.language);
  }
}

const storageKey = 'navbat.kiosk.flow.v2';

export function loadFlow(language: Language): Flow {
  try {
    const raw = sessionStorage.getItem(storageKey);
    if (raw) return { ...initialFlow(language), ...(JSON.parse(raw) as Partial<Flow>) };
  } catch {
    // A broken saved flow simply starts over.
  }
  return initialFlow(language);
}

export function saveFlow(flow: Flow): void {
  try {
    sessionStorage.setItem(storageKey, JSON.stringify(flow));
  } catch {
    // Storage full or disabled: the kiosk still works, it just cannot resume after a reload.
  }
}
