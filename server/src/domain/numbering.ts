/** A ticket's code: the service prefix and the daily number padded to three digits (A007, BF123, A1000). */
export function ticketCode(prefix: string, number: number): string {
  return `${prefix}${String(number).padStart(3, '0')}`;
}
