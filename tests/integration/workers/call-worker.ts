// A separate OS process working some counters of a shared SQLite file: it calls next and completes as
// fast as it can until the line is empty, then prints what it called as one JSON line.
import type { User } from '@navbat/shared';
import { openDatabase } from '../../../server/src/db/database';
import { createServices } from '../../../server/src/services';
import { systemClock } from '../../../server/src/services/context';
import { findUser } from '../../../server/src/db/users.repository';
import { findCounter } from '../../../server/src/db/counters.repository';

const [file, ...counterArgs] = process.argv.slice(2);
const counterIds = counterArgs.map(Number);
const database = openDatabase({ url: `file:${file}`, sqliteSynchronous: 'NORMAL' });
const services = createServices({ database, clock: systemClock, publish: () => {} });

const called: number[] = [];
const errors: string[] = [];

async function work(counterId: number) {
  const counter = await findCounter(database.db, counterId);
  const row = await findUser(database.db, counter!.operator_id!);
  const user: User = { id: row!.id, username: row!.username, name: row!.name, role: 'operator', active: true };
  for (let idle = 0; idle < 3; ) {
    try {
      const ticket = await services.counters.callNext(user, counterId);
      if (!ticket) {
        idle++;
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      idle = 0;
      called.push(ticket.id);
      await services.counters.complete(user, counterId);
    } catch (error) {
      errors.push(`${(error as { code?: string }).code ?? ''} ${(error as Error).message}`);
      if (errors.length > 20) break;
    }
  }
}

await Promise.all(counterIds.map(work));
process.stdout.write(JSON.stringify({ called, errors }) + '\n');
await database.close();
