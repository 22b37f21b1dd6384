import { AppError, type TicketStatus } from '@navbat/shared';

/** The commands that change a ticket, each a transition of its state machine. */
export type TicketCommand =
  | 'call'
  | 'recall'
  | 'start'
  | 'complete'
  | 'no-show'
  | 'transfer'
  | 'cancel'
  | 'expire'
  | 'feedback';

const transitions: Record<TicketCommand, { from: readonly TicketStatus[]; to: TicketStatus; refusal: AppError['code'] }> = {
  call: { from: ['waiting'], to: 'called', refusal: 'TICKET_NOT_WAITING' },
  recall: { from: ['called'], to: 'called', refusal: 'TICKET_NOT_CALLED' },
  start: { from: ['called'], to: 'serving', refusal: 'TICKET_NOT_CALLED' },
  complete: { from: ['called', 'serving'], to: 'done', refusal: 'TICKET_NOT_ACTIVE' },
  'no-show': { from: ['called'], to: 'no_show', refusal: 'TICKET_NOT_CALLED' },
  transfer: { from: ['called', 'serving'], to: 'waiting', refusal: 'TICKET_NOT_ACTIVE' },
  cancel: { from: ['waiting'], to: 'cancelled', refusal: 'TICKET_NOT_WAITING' },
  expire: { from: ['waiting'], to: 'expired', refusal: 'TICKET_NOT_WAITING' },
  feedback: { from: ['done'], to: 'done', refusal: 'FEEDBACK_NOT_ALLOWED' },
};

/** The status after `command`, or a typed refusal when the ticket's status does not allow it. */
export function transition(status: TicketStatus, command: TicketCommand): TicketStatus {
  const t = transitions[command];
  if (!t.from.includes(status)) {
    throw new AppError(t.refusal, `cannot ${command} a ticket that is ${status.replace('_', ' ')}`);
  }
  return t.to;
}

export const activeStatuses: readonly TicketStatus[] = ['called', 'serving'];
export const finalStatuses: readonly TicketStatus[] = ['done', 'no_show', 'cancelled', 'expired'];

/** Feedback is taken once, after the ticket was served. */
export function assertFeedbackAllowed(status: TicketStatus, alreadyRated: boolean): void {
  transition(status, 'feedback');
  if (alreadyRated) throw new AppError('FEEDBACK_NOT_ALLOWED', 'this ticket has already been rated');
}
