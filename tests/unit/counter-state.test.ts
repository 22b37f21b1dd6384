import { describe, expect, it } from 'vitest';
import { assertCanCall, assertCanClose, assertCanOpen, assertCanPause, assertOperates, type CounterFacts } from '../../server/src/domain/counter-state';

const counter = (p: Partial<CounterFacts> = {}): CounterFacts => ({ status: 'open', operatorId: 1, active: true, hasTicket: false, ...p });
const code = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('counter states', () => {
  it('opens a free counter, resumes your own, refuses a busy one', () => {
    expect(code(() => assertCanOpen(counter({ status: 'closed', operatorId: null }), 1, null, 5))).toBeNull();
    expect(code(() => assertCanOpen(counter({ status: 'paused', operatorId: 1 }), 1, 5, 5))).toBeNull();
    expect(code(() => assertCanOpen(counter({ operatorId: 2 }), 1, null, 5))).toBe('COUNTER_BUSY');
  });

  it('one counter per operator', () => {
    expect(code(() => assertCanOpen(counter({ status: 'closed', operatorId: null }), 1, 4, 5))).toBe('COUNTER_BUSY');
  });

  it('a deactivated counter cannot be opened', () => {
    expect(code(() => assertCanOpen(counter({ status: 'closed', operatorId: null, active: false }), 1, null, 5))).toBe('COUNTER_INACTIVE');
  });

  it("only the counter's operator (or a supervisor) acts on it, and only while it is not closed", () => {
    expect(code(() => assertOperates(counter(), 1, false))).toBeNull();
    expect(code(() => assertOperates(counter(), 2, false))).toBe('COUNTER_NOT_YOURS');
    expect(code(() => assertOperates(counter(), 2, true))).toBeNull();
    expect(code(() => assertOperates(counter({ status: 'closed', operatorId: null }), 1, true))).toBe('COUNTER_NOT_OPEN');
  });

  it('calls only while open and empty-handed', () => {
    expect(code(() => assertCanCall(counter()))).toBeNull();
    expect(code(() => assertCanCall(counter({ status: 'paused' })))).toBe('COUNTER_NOT_OPEN');
    expect(code(() => assertCanCall(counter({ hasTicket: true })))).toBe('COUNTER_HAS_TICKET');
  });

  it('pauses only an open counter', () => {
    expect(code(() => assertCanPause(counter()))).toBeNull();
    expect(code(() => assertCanPause(counter({ status: 'paused' })))).toBe('COUNTER_NOT_OPEN');
  });

  it('closes only without a ticket in hand', () => {
    expect(code(() => assertCanClose(counter()))).toBeNull();
    expect(code(() => assertCanClose(counter({ hasTicket: true })))).toBe('COUNTER_HAS_TICKET');
  });
});
