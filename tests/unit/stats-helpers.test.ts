import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constantOffsetMinutes, dayChunks, decideRange, emptySums, localHourOfQuarter, nthSmallest } from '../../server/src/domain/stats';
import { TicketTally, locateP90, minuteRollUpToStats, p90FromWaits, rollUpMinuteSums, type MinuteSums, type TicketWait } from '../../server/src/domain/stats-tally';

describe('nthSmallest (quickselect behind the 90th percentile)', () => {
  it('equals sorting and indexing, for any values and rank', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 200 }), fc.nat(), (values, r) => {
        const k = r % values.length;
        const sorted = [...values].sort((a, b) => a - b);
        expect(nthSmallest(Float64Array.from(values), k)).toBe(sorted[k]);
      }),
    );
  });
});

describe('dayChunks', () => {
  it('cuts a range into consecutive week-long pieces, both ends included', () => {
    expect(dayChunks('2026-10-01', '2026-10-30', 7)).toEqual([
      ['2026-10-01', '2026-10-07'],
      ['2026-10-08', '2026-10-14'],
      ['2026-10-15', '2026-10-21'],
      ['2026-10-22', '2026-10-28'],
      ['2026-10-29', '2026-10-30'],
    ]);
    expect(dayChunks('2026-11-24', '2026-11-24', 7)).toEqual([['2026-11-24', '2026-11-24']]);
    expect(dayChunks('2026-12-30', '2027-01-02', 7)).toEqual([['2026-12-30', '2027-01-02']]);
  });
});

describe('constantOffsetMinutes', () => {
  it('gives the offset of zones that keep one, and null across a daylight-saving change', () => {
    expect(constantOffsetMinutes('Asia/Karachi', '2026-01-01', '2026-12-31')).toBe(300);
    expect(constantOffsetMinutes('Asia/Kolkata', '2026-03-01', '2026-03-31')).toBe(330);
    expect(constantOffsetMinutes('UTC', '2026-11-24', '2026-11-24')).toBe(0);
    expect(constantOffsetMinutes('Europe/London', '2026-11-01', '2026-11-30')).toBe(0);
    expect(constantOffsetMinutes('Europe/London', '2026-07-01', '2026-07-31')).toBe(60);
    expect(constantOffsetMinutes('Europe/London', '2026-10-20', '2026-11-24')).toBeNull();
    expect(constantOffsetMinutes('America/St_Johns', '2026-01-05', '2026-01-06')).toBe(-210);
  });
});

describe('decideRange', () => {
  it('defaults to today, widens one given end to a day, and refuses from after to', () => {
    expect(decideRange('2026-11-24', {})).toEqual({ ok: true, from: '2026-11-24', to: '2026-11-24' });
    expect(decideRange('2026-11-24', { from: '2026-11-01' })).toEqual({ ok: true, from: '2026-11-01', to: '2026-11-24' });
    expect(decideRange('2026-11-24', { from: '2026-12-01' })).toEqual({ ok: true, from: '2026-12-01', to: '2026-12-01' });
    expect(decideRange('2026-11-24', { to: '2026-11-20' })).toEqual({ ok: true, from: '2026-11-20', to: '2026-11-20' });
    expect(decideRange('2026-11-24', { from: '2026-11-21', to: '2026-11-20' })).toMatchObject({ ok: false, code: 'VALIDATION_ERROR' });
  });
});

describe('localHourOfQuarter', () => {
  it('places a UTC quarter of the day with a constant offset as the zone does', () => {
    const instant = Date.UTC(2026, 10, 24, 0, 0);
    for (let q = 0; q < 96; q++) {
      const expected = new Date(instant + q * 900_000 + 300 * 60_000).getUTCHours();
      expect(localHourOfQuarter(q, 300, 'Asia/Karachi')).toBe(expected);
      expect(localHourOfQuarter(Math.floor(instant / 900_000) + q, null, 'Asia/Karachi')).toBe(expected);
    }
    expect(localHourOfQuarter(0, -210, 'America/St_Johns')).toBe(20);
  });
});

describe('the two statistics paths', () => {
  // A ticket as both paths see it: whole seconds, so summing seconds or milliseconds rounds alike.
  const ticket = fc.record({
    serviceId: fc.integer({ min: 1, max: 3 }),
    counterId: fc.integer({ min: 0, max: 3 }),
    operatorId: fc.integer({ min: 0, max: 3 }),
    outcome: fc.constantFrom(0, 1, 2, 3),
    rating: fc.integer({ min: 0, max: 5 }),
    // Waits right on a target or a minute's edge too.
    waitSeconds: fc.option(fc.oneof(fc.integer({ min: 0, max: 7200 }), fc.constantFrom(59, 60, 299, 300, 600, 1200))),
    serviceSeconds: fc.option(fc.integer({ min: 0, max: 1800 })),
  });
  const targets = new Map([
    [1, 10 * 60_000],
    [2, 20 * 60_000],
    [3, 5 * 60_000],
  ]);

  it('the per-ticket tally (SQLite) and the per-minute roll-up (SQL) give the same statistics', () => {
    fc.assert(
      fc.property(fc.array(ticket, { maxLength: 120 }), (tickets) => {
        const tally = new TicketTally(targets);
        for (const t of tickets) {
          tally.add(t.serviceId, t.counterId, t.operatorId, t.outcome, t.rating, t.waitSeconds === null ? null : t.waitSeconds * 1000, t.serviceSeconds === null ? null : t.serviceSeconds * 1000, 0, null);
        }
        // What the grouped SQL query answers for these tickets.
        const groups = new Map<string, MinuteSums>();
        for (const t of tickets) {
          const minute = t.waitSeconds === null ? null : Math.floor(t.waitSeconds / 60);
          const key = [t.serviceId, t.counterId, t.operatorId, minute].join(':');
          let g = groups.get(key);
          if (!g) groups.set(key, (g = { ...emptySums(), serviceId: t.serviceId, counterId: t.counterId || null, operatorId: t.operatorId || null, minute }));
          g.issued++;
          if (t.outcome === 1) g.served++;
          if (t.outcome === 2) g.noShow++;
          if (t.outcome === 3) g.cancelled++;
          if (t.waitSeconds !== null) {
            g.called++;
            g.waitSum += t.waitSeconds;
            if (t.waitSeconds * 1000 <= (targets.get(t.serviceId) as number)) g.slaMet++;
          }
          if (t.outcome === 1 && t.serviceSeconds !== null) {
            g.serviceSum += t.serviceSeconds;
            g.serviceCount++;
          }
          if (t.rating) {
            g.ratingSum += t.rating;
            g.ratingCount++;
          }
        }
        const rollUp = rollUpMinuteSums([...groups.values()]);
        const wanted = locateP90(rollUp.minutes);
        const waits: TicketWait[] = tickets
          .filter((t) => t.waitSeconds !== null)
          .map((t) => ({ serviceId: t.serviceId, counterId: t.counterId || null, operatorId: t.operatorId || null, wait: t.waitSeconds as number, minute: Math.floor((t.waitSeconds as number) / 60) }));
        const viaSql = minuteRollUpToStats('2026-11-24', '2026-11-24', rollUp, p90FromWaits(wanted, waits), new Map());
        const viaTally = tally.toStats('2026-11-24', '2026-11-24', () => 0);
        expect({ ...viaTally, hourly: [] }).toEqual(viaSql);
      }),
    );
  });
});
