import { describe, expect, it } from 'vitest';
import { formatWaitRange } from '@navbat/shared';
import { counterShare, defaultEstimateTuning, drainSeconds, estimateWait, pauseExpectedUntil, summarizeServiceTimes, type CounterNow, type HallNow } from '../../server/src/domain/estimate';
import { accuracyOf } from '../../server/src/domain/estimate-accuracy';
import { naiveWaitSeconds } from '../../server/src/domain/wait-estimate';

const nowMs = Date.parse('2026-12-01T05:00:00.000Z');
const counter = (serviceIds: number[], fields: Partial<CounterNow> = {}): CounterNow => ({
  serviceIds,
  status: 'open',
  holdsTicket: true,
  expectedBackMs: null,
  recentCalls: new Map(),
  ...fields,
});
const hall = (counters: CounterNow[], services: [number, { meanSeconds: number | null; logSd?: number | null; noShowRate?: number }][] = [[1, { meanSeconds: 600 }]]): HallNow => ({
  services: new Map(services.map(([id, s]) => [id, { meanSeconds: s.meanSeconds, logSd: s.logSd ?? 0, noShowRate: s.noShowRate ?? 0 }])),
  counters,
});
/** With every refinement but the one under test switched off, the arithmetic stays readable. */
const plain = { ...defaultEstimateTuning, idleZero: false, shares: false, pauseReturn: false, noShows: false, residual: false, median: false, modelSpread: 0 };

describe('estimator v2', () => {
  it('is 0 when an eligible counter is idle and nobody is ahead, and waits once the idle counters are taken', () => {
    const h = hall([counter([1], { holdsTicket: false }), counter([1])]);
    expect(estimateWait(1, 0, nowMs, h)).toEqual({ seconds: 0, low: 0, high: 0 });
    expect(estimateWait(1, 1, nowMs, h).seconds).toBeGreaterThan(0);
    // A paused or closed idle counter takes nobody now.
    expect(estimateWait(1, 0, nowMs, hall([counter([1], { holdsTicket: false, status: 'paused' }), counter([1])])).seconds).toBeGreaterThan(0);
  });

  it('is the line ahead plus one service over the counters, without refinements (the naive arithmetic)', () => {
    expect(estimateWait(1, 3, nowMs, hall([counter([1]), counter([1])]), plain).seconds).toBe((4 * 600) / 2);
    expect(naiveWaitSeconds(4, 600, 2)).toBe(1200);
  });

  it('counts a shared counter by its share of recent calls, weighted by service time', () => {
    const services: [number, { meanSeconds: number }][] = [
      [1, { meanSeconds: 600 }],
      [2, { meanSeconds: 300 }],
    ];
    const shared = counter([1, 2], { recentCalls: new Map([[1, 3], [2, 7]]) });
    // (3+1)·600 of (3+1)·600 + (7+1)·300 = 2400 / 4800.
    expect(counterShare(shared, 1, hall([], services).services, defaultEstimateTuning)).toBeCloseTo(0.5);
    const withShares = estimateWait(1, 3, nowMs, hall([counter([1]), shared], services), { ...plain, shares: true });
    expect(withShares.seconds).toBe(Math.round((4 * 600) / 1.5));
    expect(estimateWait(1, 3, nowMs, hall([counter([1]), shared], services), plain).seconds).toBe((4 * 600) / 2);
  });

  it('counts a paused counter from its expected return', () => {
    const back = nowMs + 30 * 60_000;
    const h = hall([counter([1]), counter([1], { status: 'paused', expectedBackMs: back })]);
    // 10 services of 600 s: one counter alone for 1800 s (3 services), then two for the other 7 (2100 s).
    expect(estimateWait(1, 9, nowMs, h, { ...plain, pauseReturn: true }).seconds).toBe(1800 + 2100);
    expect(estimateWait(1, 9, nowMs, h, plain).seconds).toBe(6000);
    // Everyone paused: the first back starts the line.
    const allPaused = hall([counter([1], { status: 'paused', expectedBackMs: nowMs + 300_000 })]);
    expect(estimateWait(1, 0, nowMs, allPaused, { ...plain, pauseReturn: true }).seconds).toBe(300 + 600);
    expect(pauseExpectedUntil(new Date(nowMs), 15)).toBe('2026-12-01T05:15:00.000Z');
    expect(pauseExpectedUntil(new Date(nowMs), undefined)).toBeNull();
  });

  it('thins the line ahead by the measured no-show rate', () => {
    const h = hall([counter([1])], [[1, { meanSeconds: 600, noShowRate: 0.1 }]]);
    expect(estimateWait(1, 10, nowMs, h, { ...plain, noShows: true }).seconds).toBe((10 * 0.9 + 1) * 600);
  });

  it('gives a closed hall an estimate (as if one counter worked) and a service without history the default time', () => {
    expect(estimateWait(1, 1, nowMs, hall([]), plain).seconds).toBe(1200);
    expect(estimateWait(7, 1, nowMs, hall([counter([7])]), plain).seconds).toBe(600);
  });

  it('says the median of a log-normal wait (the centre of the range) when asked, below the mean', () => {
    const h = hall([counter([1])], [[1, { meanSeconds: 600, logSd: 0 }]]);
    const tuning = { ...plain, modelSpread: 0.4 };
    const mean = estimateWait(1, 3, nowMs, h, tuning);
    const median = estimateWait(1, 3, nowMs, h, { ...tuning, median: true });
    expect(mean.seconds).toBe(2400);
    expect(median.seconds).toBe(Math.round(2400 * Math.exp(-0.08)));
    expect((median.low * median.high) / median.seconds ** 2).toBeCloseTo(1, 2);
  });

  it('gives a range around the estimate that narrows relatively as the line grows', () => {
    const h = hall([counter([1])], [[1, { meanSeconds: 600, logSd: 0.6 }]]);
    const short = estimateWait(1, 1, nowMs, h);
    const long = estimateWait(1, 30, nowMs, h);
    for (const e of [short, long]) {
      expect(e.low).toBeLessThan(e.seconds);
      expect(e.high).toBeGreaterThan(e.seconds);
    }
    expect(long.high / long.low).toBeLessThan(short.high / short.low);
  });

  it('drains work over counters that join later', () => {
    expect(drainSeconds(100, [[0, 1]])).toBe(100);
    expect(drainSeconds(100, [[0, 1], [50, 1]])).toBe(75);
    expect(drainSeconds(100, [[20, 2]])).toBe(70);
    expect(drainSeconds(100, [])).toBe(Number.POSITIVE_INFINITY);
  });

  it('summarizes service times as a mean and a spread of logs', () => {
    expect(summarizeServiceTimes([])).toEqual({ meanSeconds: null, logSd: null });
    expect(summarizeServiceTimes([300])).toEqual({ meanSeconds: 300, logSd: null });
    const s = summarizeServiceTimes([100, 400]);
    expect(s.meanSeconds).toBe(250);
    expect(s.logSd).toBeCloseTo(Math.log(4) / Math.SQRT2);
  });
});

describe('the ledger', () => {
  it('scores errors as estimate − wait, the range, and the naive estimate where it had one', () => {
    const a = accuracyOf([
      { serviceId: 1, waitSeconds: 600, estimateSeconds: 300, low: 200, high: 700, naiveSeconds: 900 },
      { serviceId: 1, waitSeconds: 100, estimateSeconds: 900, low: 500, high: 1200, naiveSeconds: null },
      { serviceId: 2, waitSeconds: 1000, estimateSeconds: 300, low: 100, high: 400, naiveSeconds: 1000 },
      { serviceId: 2, waitSeconds: 50, estimateSeconds: null, low: null, high: null, naiveSeconds: null },
    ]);
    // errors: −300, +800, −700
    expect(a).toMatchObject({ n: 3, maeSeconds: 600, biasSeconds: -200 / 3, within5MinPercent: 100 / 3, under10MinPercent: 100 / 3, rangeCoveragePercent: 100 / 3 });
    expect(a.rmseSeconds).toBeCloseTo(Math.sqrt((300 ** 2 + 800 ** 2 + 700 ** 2) / 3));
    expect(a.naive).toEqual({ n: 2, maeSeconds: 150, rmseSeconds: Math.sqrt(300 ** 2 / 2), biasSeconds: 150, within5MinPercent: 100 });
    expect(accuracyOf([])).toMatchObject({ n: 0, maeSeconds: null, naive: { n: 0, within5MinPercent: null } });
  });
});

describe('formatWaitRange', () => {
  it('rounds both ends to 5 minutes, in English and Urdu', () => {
    expect(formatWaitRange({ low: 14 * 60, high: 26 * 60 })).toBe('about 15–25 min');
    expect(formatWaitRange({ low: 14 * 60, high: 26 * 60 }, 'ur')).toBe('تقریباً 15–25 منٹ');
    expect(formatWaitRange({ low: 61 * 60, high: 95 * 60 })).toBe('about 60–95 min');
  });

  it('says less than 5 min near zero, up to N when the low end rounds to 0, and never one number twice', () => {
    expect(formatWaitRange({ low: 0, high: 0 })).toBe('less than 5 min');
    expect(formatWaitRange({ low: 0, high: 120 }, 'ur')).toBe('5 منٹ سے کم');
    expect(formatWaitRange({ low: 60, high: 9 * 60 })).toBe('up to 10 min');
    expect(formatWaitRange({ low: 60, high: 9 * 60 }, 'ur')).toBe('زیادہ سے زیادہ 10 منٹ');
    expect(formatWaitRange({ low: 19 * 60, high: 21 * 60 })).toBe('about 15–20 min');
    expect(formatWaitRange(null)).toBeNull();
  });
});
