import { describe, expect, it } from 'vitest';
import { AppError, type TicketStatus } from '@navbat/shared';
import { assertFeedbackAllowed, transition, type TicketCommand } from '../../server/src/domain/ticket-state';

const statuses: TicketStatus[] = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled', 'expired'];

const legal: Record<Exclude<TicketCommand, 'feedback'>, Partial<Record<TicketStatus, TicketStatus>>> = {
  call: { waiting: 'called' },
  recall: { called: 'called' },
  start: { called: 'serving' },
  complete: { called: 'done', serving: 'done' },
  'no-show': { called: 'no_show' },
  transfer: { called: 'waiting', serving: 'waiting' },
  cancel: { waiting: 'cancelled' },
  expire: { waiting: 'expired' },
};

const refusal: Record<Exclude<TicketCommand, 'feedback'>, string> = {
  call: 'TICKET_NOT_WAITING',
  recall: 'TICKET_NOT_CALLED',
  start: 'TICKET_NOT_CALLED',
  complete: 'TICKET_NOT_ACTIVE',
  'no-show': 'TICKET_NOT_CALLED',
  transfer: 'TICKET_NOT_ACTIVE',
  cancel: 'TICKET_NOT_WAITING',
  expire: 'TICKET_NOT_WAITING',
};

describe('ticket state machine', () => {
  for (const [command, allowed] of Object.entries(legal) as [Exclude<TicketCommand, 'feedback'>, Partial<Record<TicketStatus, TicketStatus>>][]) {
    for (const from of statuses) {
      const to = allowed[from];
      if (to) {
        it(`${command}: ${from} → ${to}`, () => expect(transition(from, command)).toBe(to));
      } else {
        it(`${command}: refused from ${from} with ${refusal[command]}`, () => {
          try {
            transition(from, command);
            expect.unreachable();
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
            expect((error as AppError).code).toBe(refusal[command]);
            expect((error as AppError).status).toBe(409);
          }
        });
      }
    }
  }

  it('feedback is taken once, only after the ticket was done', () => {
    expect(() => assertFeedbackAllowed('done', false)).not.toThrow();
    expect(() => assertFeedbackAllowed('done', true)).toThrow(/already been rated/);
    for (const s of statuses.filter((s) => s !== 'done')) {
      expect(() => assertFeedbackAllowed(s, false)).toThrow(AppError);
    }
  });
});
