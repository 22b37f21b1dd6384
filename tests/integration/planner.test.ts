import { describe, expect, it } from 'vitest';
import { useTestApp, issue, staffClient } from '../support/test-app';
import { exponential, seededRandom } from '../support/random';
import { countersNeededC, erlangCFigures } from '../../server/src/domain/erlang';

const t = useTestApp();
const WHAT_IF = '/api/v1/centers/isb-g9/plan/what-if';

/**
 * A morning at counters 1–3 (A and B, shared, with weights) driven through the real API: Poisson arrivals,
 * 10% priority, exponential counter times; a free counter calls the next ticket at once, as operators do.
 * Returns the waits the hall recorded.
 */
async function simulateMorning(day: string, o: { seed: number; arrivals: number; meanGapSeconds: number; meanServiceSeconds: number; noShowEvery?: number }) {
  const random = seededRandom(o.seed);
  const ops = [await staffClient(t.app, 'operator1'), await staffClient(t.app, 'operator2'), await staffClient(t.app, 'operator3')];
  const start = Date.parse(`${day}T04:00:00.000Z`); // 09:00 in Karachi
  t.clock.set(new Date(start).toISOString());
  for (let c = 0; c < 3; c++) expect((await ops[c]!('POST', `/api/v1/counters/${c + 1}/open`)).status).toBe(200);
  const arrivals: number[] = [];
  let at = start;
  for (let i = 0; i < o.arrivals; i++) arrivals.push((at += Math.round(exponential(random, o.meanGapSeconds * 1000))));
  const busyUntil: (number | null)[] = [null, null, null];
  let next = 0;
  let calls = 0;
  for (;;) {
    const pending = busyUntil.filter((b): b is number => b !== null);
    const now = Math.min(arrivals[next] ?? Infinity, ...pending);
    if (now === Infinity) break;
    t.clock.set(new Date(now).toISOString());
    for (let c = 0; c < 3; c++) {
      if (busyUntil[c] !== now) continue;
      const outcome = o.noShowEvery && calls % o.noShowEvery === 0 ? 'no-show' : 'complete';
      expect((await ops[c]!('POST', `/api/v1/counters/${c + 1}/${outcome}`)).status).toBe(200);
      busyUntil[c] = null;
    }
    while (arrivals[next] === now) {
      next++;
      expect((await issue(t.app, random() < 0.7 ? 1 : 2, random() < 0.1 ? { priority: 'senior' } : {})).status).toBe(201);
    }
    for (let c = 0; c < 3; c++) {
      if (busyUntil[c] !== null) continue;
      const r = await ops[c]!('POST', `/api/v1/counters/${c + 1}/call-next`);
      if (r.status === 204) continue;
      expect(r.status).toBe(200);
      calls++;
      busyUntil[c] = now + Math.max(1000, Math.round(exponential(random, o.meanServiceSeconds * 1000)));
    }
  }
  for (let c = 0; c < 3; c++) await ops[c]!('POST', `/api/v1/counters/${c + 1}/close`);
}

describe('what-if (Erlang C and A)', () => {
  it('answers the textbook case and the fewest counters meeting the target', async () => {
    const sup = await staffClient(t.app, 'supervisor');
    const r = await sup('POST', WHAT_IF, { arrivalsPerHour: 200, avgServiceSeconds: 180, targetSeconds: 20 });
    expect(r.status).toBe(200);
    expect(r.body.offeredLoad).toBeCloseTo(10, 10);
    expect(r.body.recommendedCounters).toBe(14);
    expect(r.body.counters).toBe(14);
    expect(r.body.erlangC.probWait).toBeCloseTo(0.1741, 4);
    expect(r.body.erlangC.serviceLevelPercent).toBeCloseTo(88.84, 2);
    expect(r.body.erlangC.avgWaitSeconds).toBeCloseTo(7.84, 2);
    expect(r.body.erlangC.occupancyPercent).toBeCloseTo(71.43, 2);
    expect(r.body.erlangA).toBeNull();
    expect(r.body.targetPercent).toBe(80);

    const a = await sup('POST', WHAT_IF, { arrivalsPerHour: 60, avgServiceSeconds: 480, patienceSeconds: 1200, counters: 9, targetSeconds: 60 });
    expect(a.status).toBe(200);
    expect(a.body.counters).toBe(9);
    expect(a.body.erlangA.probWait).toBeCloseTo(0.4791, 4);
    expect(a.body.erlangA.probAbandon).toBeCloseTo(0.0628, 4);
    expect(a.body.erlangA.avgWaitSeconds).toBeCloseTo(75.4, 1);
    // The recommendation follows Erlang A when patience is given (citizens who give up shorten the line).
    expect(a.body.recommendedCounters).toBeLessThanOrEqual(countersNeededC(8, 480, { share: 0.8, seconds: 60 }));
  });

  it('reports no steady state when counters ≤ offered load, and a finite Erlang A', async () => {
    const sup = await staffClient(t.app, 'supervisor');
    const r = await sup('POST', WHAT_IF, { arrivalsPerHour: 60, avgServiceSeconds: 480, counters: 8, patienceSeconds: 1200 });
    expect(r.status).toBe(200);
    expect(r.body.erlangC).toEqual({ probWait: 1, avgWaitSeconds: null, serviceLevelPercent: 0, occupancyPercent: 100 });
    expect(Number.isFinite(r.body.erlangA.avgWaitSeconds)).toBe(true);
  });

  it('refuses bad input with a typed 400, and checks the role first', async () => {
    const sup = await staffClient(t.app, 'supervisor');
    for (const body of [
      { arrivalsPerHour: 0, avgServiceSeconds: 180 },
      { arrivalsPerHour: 100_001, avgServiceSeconds: 180 },
      { arrivalsPerHour: 10, avgServiceSeconds: 0.5 },
      { arrivalsPerHour: 10, avgServiceSeconds: 86_401 },
      { arrivalsPerHour: 10, avgServiceSeconds: 180, counters: 0 },
      { arrivalsPerHour: 10, avgServiceSeconds: 180, counters: 5001 },
      { arrivalsPerHour: 10, avgServiceSeconds: 180, counters: 2.5 },
      { arrivalsPerHour: 10, avgServiceSeconds: 180, targetPercent: 100 },
      { arrivalsPerHour: 10, avgServiceSeconds: 180, patienceSeconds: 0 },
      { arrivalsPerHour: '10', avgServiceSeconds: 180 },
      { arrivalsPerHour: 10, avgServiceSeconds: 180, extra: 1 },
    ]) {
      const r = await sup('POST', WHAT_IF, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_ERROR');
    }
    expect((await sup('POST', '/api/v1/centers/nowhere/plan/what-if', { arrivalsPerHour: 10, avgServiceSeconds: 60 })).body.error.code).toBe('CENTER_NOT_FOUND');
    const op = await staffClient(t.app, 'operator1');
    expect((await op('POST', WHAT_IF, { arrivalsPerHour: 0 })).status).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: WHAT_IF, payload: {} })).statusCode).toBe(401);
    expect((await sup('GET', '/api/v1/centers/isb-g9/plan?weekday=8')).status).toBe(400);
    expect((await sup('GET', '/api/v1/centers/isb-g9/plan?weeks=0')).status).toBe(400);
    expect((await sup('POST', '/api/v1/centers/isb-g9/plan/replay', { date: '24-11-2026' })).status).toBe(400);
    const unknown = await sup('POST', '/api/v1/centers/isb-g9/plan/replay', { date: '2026-11-17', counters: [{ id: 1, serviceIds: [999] }] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('SERVICE_NOT_FOUND');
  });
});

describe('the weekday plan', () => {
  it('learns arrivals, service time and opened counters per hour from the same weekday of past weeks', async () => {
    // Two past Tuesdays (24 Nov 2026 is a Tuesday): 10:00–11:00 local, service A only, counter 1, 5 minutes each.
    for (const [day, count] of [['2026-11-17', 8], ['2026-11-10', 12]] as const) {
      const op = await staffClient(t.app, 'operator1');
      t.clock.set(`${day}T05:00:00.000Z`);
      expect((await op('POST', '/api/v1/counters/1/open')).status).toBe(200);
      for (let i = 0; i < count; i++) {
        t.clock.set(`${day}T05:${String(i * 4).padStart(2, '0')}:00.000Z`);
        expect((await issue(t.app, 1)).status).toBe(201);
      }
      for (let i = 0; i < count; i++) {
        t.clock.set(`${day}T05:${String(i * 4).padStart(2, '0')}:30.000Z`);
        expect((await op('POST', '/api/v1/counters/1/call-next')).status).toBe(200);
        expect((await op('POST', '/api/v1/counters/1/start')).status).toBe(200);
        t.clock.advance(300_000);
        expect((await op('POST', '/api/v1/counters/1/complete')).status).toBe(200);
      }
      await op('POST', '/api/v1/counters/1/close');
    }
    // A Wednesday is not part of a Tuesday plan.
    t.clock.set('2026-11-18T05:00:00.000Z');
    expect((await issue(t.app, 1)).status).toBe(201);
    t.clock.set('2026-11-24T03:00:00.000Z');
    const sup = await staffClient(t.app, 'supervisor');
    const r = await sup('GET', '/api/v1/centers/isb-g9/plan?weekday=2&weeks=2');
    expect(r.status).toBe(200);
    expect(r.body.dates).toEqual(['2026-11-17', '2026-11-10']);
    expect(r.body.days).toBe(2);
    expect(r.body.targetPercent).toBe(80);
    expect(r.body.targetSeconds).toBe(600);
    const ten = r.body.hours.find((h: { hour: string }) => h.hour === '10');
    expect(ten.services).toEqual([{ serviceId: 1, arrivalsPerHour: 10, avgServiceSeconds: 300, noShowPercent: 0, counters: countersNeededC((10 / 3600) * 300, 300, { share: 0.8, seconds: 600 }) }]);
    expect(ten.counters).toBe(ten.services[0].counters);
    expect(ten.opened).toBe(1);
    expect(r.body.hours.every((h: { hour: string }) => ['10', '11'].includes(h.hour))).toBe(true);
    // A stricter target needs more counters; the default weekday is today's (Tuesday).
    const strict = await sup('GET', '/api/v1/centers/isb-g9/plan?weeks=2&targetPercent=99&targetSeconds=30');
    expect(strict.body.weekday).toBe(2);
    const strictTen = strict.body.hours.find((h: { hour: string }) => h.hour === '10');
    expect(strictTen.counters).toBe(countersNeededC(10 / 12, 300, { share: 0.99, seconds: 30 }));
    expect(strictTen.counters).toBeGreaterThan(ten.counters);
    expect(erlangCFigures(strictTen.counters, 10 / 12, 300, 30).serviceLevel).toBeGreaterThanOrEqual(0.99);
    // A weekday with no history is an empty plan.
    expect((await sup('GET', '/api/v1/centers/isb-g9/plan?weekday=5&weeks=2')).body.hours).toEqual([]);
  });
});

describe('the digital twin', () => {
  it('replays a recorded (simulated, seeded) day with its own staffing within 10% of its mean wait', async () => {
    await simulateMorning('2026-11-23', { seed: 42, arrivals: 120, meanGapSeconds: 75, meanServiceSeconds: 200, noShowEvery: 12 });
    t.clock.set('2026-11-24T04:00:00.000Z');
    const sup = await staffClient(t.app, 'supervisor');
    const r = await sup('POST', '/api/v1/centers/isb-g9/plan/replay', { date: '2026-11-23' });
    expect(r.status).toBe(200);
    expect(r.body.tickets).toBe(120);
    expect(r.body.counters.map((c: { id: number }) => c.id)).toEqual([1, 2, 3]);
    expect(r.body.recorded.called).toBe(120);
    expect(r.body.replay.called).toBe(120);
    expect(r.body.replay.unserved).toBe(0);
    expect(r.body.recorded.avgWaitSeconds).toBeGreaterThan(30);
    expect(Math.abs(r.body.replay.avgWaitSeconds - r.body.recorded.avgWaitSeconds) / r.body.recorded.avgWaitSeconds).toBeLessThanOrEqual(0.1);

    // What if counter 4 also served A and B all morning: shorter waits. With one counter only: longer.
    const more = await sup('POST', '/api/v1/centers/isb-g9/plan/replay', { date: '2026-11-23', counters: [1, 2, 3, 4].map((id) => ({ id, serviceIds: [1, 2], from: '09:00', to: '17:00' })) });
    expect(more.status).toBe(200);
    expect(more.body.replay.avgWaitSeconds).toBeLessThan(r.body.replay.avgWaitSeconds);
    expect(more.body.recorded).toEqual(r.body.recorded);
    const fewer = await sup('POST', '/api/v1/centers/isb-g9/plan/replay', { date: '2026-11-23', counters: [{ id: 1, serviceIds: [1, 2] }] });
    expect(fewer.body.replay.avgWaitSeconds).toBeGreaterThan(r.body.replay.avgWaitSeconds);
    // Nobody serves B: B's tickets stay unserved.
    const onlyA = await sup('POST', '/api/v1/centers/isb-g9/plan/replay', { date: '2026-11-23', counters: [{ id: 1, serviceIds: [1] }, { id: 2, serviceIds: [1] }, { id: 3, serviceIds: [1] }] });
    expect(onlyA.body.replay.unserved).toBeGreaterThan(0);
    expect(onlyA.body.replay.called + onlyA.body.replay.unserved).toBe(120);
  });
});
