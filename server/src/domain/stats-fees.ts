/**
 * Fee figures of the statistics and the CSV export, read from the tickets' `payment` audit events (a journey's
 * earlier stops keep their payments only there). A stop's fee is settled once (paid or waived, never both):
 * the first event of a ticket and service that carries a status is that settlement; later ones (a PSID noted
 * after the fact, a repeat) add nothing.
 */
import type { FeeTotals } from '@navbat/shared';

/** What a `payment` event records (see services/payments.service.ts). */
export interface PaymentEventData {
  serviceId?: number;
  amountPkr?: number;
  status?: string;
}

export interface SettledFee {
  ticketId: number;
  serviceId: number;
  amountPkr: number;
  status: 'paid' | 'waived';
}

/** The settlements among a range's payment events, in the order given (oldest first). */
export function settledFees(events: readonly { ticketId: number; data: PaymentEventData | null }[]): SettledFee[] {
  const seen = new Set<string>();
  const settled: SettledFee[] = [];
  for (const { ticketId, data } of events) {
    if (!data || (data.status !== 'paid' && data.status !== 'waived') || typeof data.serviceId !== 'number') continue;
    const key = `${ticketId}:${data.serviceId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    settled.push({ ticketId, serviceId: data.serviceId, amountPkr: data.amountPkr ?? 0, status: data.status });
  }
  return settled;
}

export const noFees = (): FeeTotals => ({ collectedPkr: 0, paid: 0, waived: 0 });

function add(totals: FeeTotals, fee: SettledFee): void {
  if (fee.status === 'paid') {
    totals.paid++;
    totals.collectedPkr += fee.amountPkr;
  } else {
    totals.waived++;
  }
}

/** Fee figures per key (a service, a ticket) and over all. */
export function tallyFees(settled: readonly SettledFee[], keyOf: (fee: SettledFee) => number): { byKey: Map<number, FeeTotals>; total: FeeTotals } {
  const byKey = new Map<number, FeeTotals>();
  const total = noFees();
  for (const fee of settled) {
    const key = keyOf(fee);
    let totals = byKey.get(key);
    if (!totals) byKey.set(key, (totals = noFees()));
    add(totals, fee);
    add(total, fee);
  }
  return { byKey, total };
}
