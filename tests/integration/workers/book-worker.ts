// A separate OS process booking one slot many times at once (same database as the others, SQLite file or
// PostgreSQL), optionally all from one phone: prints how many bookings it got and the refusal codes, as one JSON line.
import { openDatabase } from '../../../server/src/db/database';
import { createServices } from '../../../server/src/services';
import type { Clock } from '../../../server/src/services/context';

const [url, start, attempts, key, phone] = process.argv.slice(2) as [string, string, string, string | undefined, string | undefined];
const database = openDatabase({ url, sqliteSynchronous: 'NORMAL' });
const clock: Clock = { now: () => new Date('2026-11-24T05:00:00.000Z') };
const services = createServices({ database, clock, publish: () => {} });

const outcomes = await Promise.all(
  Array.from({ length: Number(attempts) }, async () => {
    try {
      const { appointment } = await services.appointments.book('isb-g9', { serviceId: 1, start, ...(phone ? { phone } : {}) }, key || undefined);
      return { ok: appointment.publicId };
    } catch (error) {
      return { error: (error as { code?: string }).code ?? (error as Error).message };
    }
  }),
);
await database.close();
console.log(JSON.stringify(outcomes));
