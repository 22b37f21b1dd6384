import { describe, expect, it } from 'vitest';
import type { TicketPayment } from '@navbat/shared';
import { awaitsPayment, decidePayment, decidePaymentNotice, paymentForStop } from '../../server/src/domain/payment';
import { isEligible } from '../../server/src/domain/call-order';

const nowIso = '2026-11-24T06:00:00.000Z';
const unpaid: TicketPayment = { amountPkr: 4500, psid: null, status: 'unpaid', paidAt: null, receiptRef: null };
const psid = '10212345678901234';

describe('payment rules', () => {
  it('a stop with a fee starts unpaid; only payBeforeCall holds the ticket back', () => {
    expect(paymentForStop(null, true)).toEqual({ payment: null, awaitingPayment: false });
    expect(paymentForStop({ amountPkr: 4500 }, false)).toEqual({ payment: unpaid, awaitingPayment: false });
    expect(paymentForStop({ amountPkr: 4500 }, true).awaitingPayment).toBe(true);
    expect([awaitsPayment('paid', true), awaitsPayment('waived', true), awaitsPayment('unpaid', false)]).toEqual([false, false, false]);
    const held = { id: 1, serviceId: 1, priority: 'none', queuedAt: nowIso, issuedAt: nowIso, appointmentAt: null, transferCounterId: null, transferPlacement: null, awaitingPayment: true };
    expect(isEligible(held, { counterId: 1, weights: new Map([[1, 1]]), now: new Date(nowIso) })).toBe(false);
    expect(isEligible({ ...held, awaitingPayment: false }, { counterId: 1, weights: new Map([[1, 1]]), now: new Date(nowIso) })).toBe(true);
  });

  it('sets the PSID once, refuses another or one held by another ticket, and settles once', () => {
    const waiting = { status: 'waiting' as const, payment: unpaid };
    const set = decidePayment(waiting, { psid }, null, 1, nowIso);
    expect(set).toMatchObject({ ok: true, changed: true, settled: false, payment: { psid } });
    const withPsid = { status: 'waiting' as const, payment: { ...unpaid, psid } };
    expect(decidePayment(withPsid, { psid }, 1, 1, nowIso)).toMatchObject({ ok: true, changed: false });
    expect(decidePayment(withPsid, { psid: '10212345678901235' }, null, 1, nowIso)).toMatchObject({ ok: false, code: 'PSID_ALREADY_SET' });
    expect(decidePayment(waiting, { psid }, 2, 1, nowIso)).toMatchObject({ ok: false, code: 'PSID_IN_USE' });
    const paid = decidePayment(withPsid, { status: 'paid', receiptRef: 'R1' }, null, 1, nowIso);
    expect(paid).toMatchObject({ ok: true, settled: true, payment: { status: 'paid', paidAt: nowIso, receiptRef: 'R1' } });
    const settled = { status: 'serving' as const, payment: (paid as { payment: TicketPayment }).payment };
    expect(decidePayment(settled, { status: 'paid', receiptRef: 'R1' }, null, 1, nowIso)).toMatchObject({ ok: true, changed: false });
    expect(decidePayment(settled, { status: 'waived', receiptRef: 'R2' }, null, 1, nowIso)).toMatchObject({ ok: false, code: 'PAYMENT_SETTLED' });
    expect(decidePayment({ status: 'waiting', payment: null }, { psid }, null, 1, nowIso)).toMatchObject({ ok: false, code: 'NO_FEE' });
    expect(decidePayment({ status: 'done', payment: unpaid }, { psid }, null, 1, nowIso)).toMatchObject({ ok: false, code: 'TICKET_NOT_ACTIVE' });
  });

  it("the fee authority's notice pays the PSID's fee once", () => {
    const notice = { psid, status: 'paid' as const, paidAt: nowIso, receiptRef: '1LINK-1' };
    expect(decidePaymentNotice({ ...unpaid, psid }, notice)).toMatchObject({ ok: true, changed: true, payment: { status: 'paid', receiptRef: '1LINK-1' } });
    expect(decidePaymentNotice({ ...unpaid, psid, status: 'waived' }, notice)).toMatchObject({ ok: true, changed: false });
    expect(decidePaymentNotice(unpaid, notice)).toMatchObject({ ok: false, code: 'PSID_NOT_FOUND' });
  });
});
