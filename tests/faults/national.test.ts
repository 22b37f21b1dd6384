import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, redisAvailable } from '../support/pg';
import { allCpus, repoRoot, startNavbat } from '../bench/support';
import { nationalRun, type NationalResult } from '../bench/national.bench';

/**
 * Figure 9 shortened (issue 18): 50 centres × 20 counters on 3 instances of the built server, one shared
 * PostgreSQL database and one Redis namespace, 30 s of arrivals through the public API. Nothing is called twice,
 * every 201 is in the database (called or still waiting), and every call reaches its centre's display.
 */
const ready = (await postgresAvailable()) && (await redisAvailable());

describe.runIf(ready)('a country on one PostgreSQL, shortened (figure 9)', () => {
  let day: NationalResult;

  beforeAll(() => {
    // The instances run the bundle as deployed (`npm test` builds it too; building again takes about a second).
    execFileSync('npm', ['run', 'build', '-w', 'server', '--silent'], { cwd: repoRoot, stdio: 'inherit' });
  });

  it('calls no ticket twice, loses none and shows every call', async () => {
    day = await nationalRun({
      centres: 50,
      countersPerCentre: 20,
      servicesPerCentre: 5,
      ticketsPerCentre: 12,
      arrivalSeconds: 30,
      drainSeconds: 20,
      instances: 3,
      maxInFlight: 64,
      noShowShare: 0.05,
      startInstance: (env) => startNavbat(env, { cpu: allCpus }),
      log: (line) => console.log(line),
    });
    expect(day.errors, 'unexpected answers').toEqual({});
    expect(day.issued).toBe(50 * 12);
    expect(day.doubleCallsByAnswers, 'a ticket answered by two call-next').toBe(0);
    expect(day.doubleCallsByEvents, 'a ticket with two called events').toBe(0);
    expect(day.lost, '201 answers missing from the database').toBe(0);
    expect(day.ticketsInDatabase, 'tickets no 201 answered').toBe(day.issued);
    expect(day.calledInDatabase + day.waitingAtEnd, 'every ticket called or still waiting').toBe(day.issued);
    expect(day.calledInDatabase).toBe(day.called);
    expect(day.displayLagMs.filter(Number.isNaN).length, 'calls a display never had').toBe(0);
    expect(day.displayLagMs.length, 'a display lag for every call').toBe(day.called);
  });
});
