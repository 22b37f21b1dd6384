import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countersRead, listCounters, listSkillsOfCenter, skillsOfCenterRead } from '../../server/src/db/counters.repository';
import { countersHoldingTickets, holdingRead, recentCallsByCounter, recentCallsRead, recentServiceTimes, serviceTimesRead } from '../../server/src/db/estimates.repository';
import { readTogether } from '../../server/src/db/prepared';
import { inTransaction } from '../../server/src/db/transaction';
import { createTestApp, issue, login, type TestApp } from '../support/test-app';

/**
 * `readTogether` runs independent reads as one statement on PostgreSQL (their rows as JSON) and one by one on
 * SQLite: either way each read answers exactly what it answers alone (this file runs on both engines).
 */
describe('reads run together answer what they answer alone', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const cookie = await login(t.app, 'operator1', 'operator1-demo');
    const post = (url: string) => t.app.inject({ method: 'POST', url, headers: { cookie } });
    expect((await post('/api/v1/counters/1/open')).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await issue(t.app, 1)).status).toBe(201);
    for (let i = 0; i < 3; i++) {
      expect((await post('/api/v1/counters/1/call-next')).statusCode).toBe(200);
      t.clock.advance(30_000);
      expect((await post('/api/v1/counters/1/start')).statusCode).toBe(200);
      t.clock.advance(60_000 * (i + 1));
      expect((await post('/api/v1/counters/1/complete')).statusCode).toBe(200);
    }
    expect((await post('/api/v1/counters/1/call-next')).statusCode).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the hall reads of an estimate, with $-numbered arguments shifted, inside a transaction and outside', async () => {
    const since = new Date(t.clock.now().getTime() - 24 * 3600_000).toISOString();
    const alone = {
      calls: await recentCallsByCounter(t.database.db, 'isb-g9', since, 500),
      counters: await listCounters(t.database.db, 'isb-g9'),
      skills: await listSkillsOfCenter(t.database.db, 'isb-g9'),
      holding: await countersHoldingTickets(t.database.db, 'isb-g9'),
      times: await recentServiceTimes(t.database.db, 'isb-g9', [1, 2], since, 20),
    };
    expect(alone.calls).toEqual([{ counterId: 1, serviceId: 1, calls: 4, noShows: 0, firstCalledAt: '2026-11-24T05:00:00.000Z' }]);
    expect(alone.holding).toEqual(new Set([1]));
    // Newest first, in seconds: the order of each read survives.
    expect(alone.times.get(1)).toEqual([180, 120, 60]);
    expect(alone.times.get(2)).toEqual([]);
    expect(alone.counters.length).toBeGreaterThan(1);
    for (const ex of [t.database.db, 'transaction'] as const) {
      const run = (e: typeof t.database.db | Parameters<Parameters<typeof inTransaction>[1]>[0]) =>
        readTogether(e, [
          recentCallsRead('isb-g9', since, 500),
          countersRead('isb-g9'),
          skillsOfCenterRead('isb-g9'),
          holdingRead('isb-g9'),
          serviceTimesRead('isb-g9', 1, since, 20),
          serviceTimesRead('isb-g9', 2, since, 20),
        ] as const);
      const [calls, counters, skills, holding, times1, times2] = ex === 'transaction' ? await inTransaction(t.database, run) : await run(ex);
      expect(calls).toEqual(alone.calls);
      expect(counters).toEqual(alone.counters);
      expect(skills).toEqual(alone.skills);
      expect(holding).toEqual(alone.holding);
      expect(times1).toEqual(alone.times.get(1));
      expect(times2).toEqual(alone.times.get(2));
    }
    expect(await readTogether(t.database.db, [])).toEqual([]);
  });
});
