import { describe, expect, it } from 'vitest';
import { replayDay, waitFigures, type TwinCounter, type TwinTicket } from '../../server/src/domain/twin';

const min = 60_000;
const ticket = (id: number, serviceId: number, issuedMin: number, busyMin: number | null, extra: Partial<TwinTicket> = {}): TwinTicket => ({
  id,
  serviceId,
  priority: 'none',
  issuedAt: issuedMin * min,
  appointmentAt: null,
  busyMs: busyMin === null ? null : busyMin * min,
  leftAt: null,
  recordedWaitMs: null,
  ...extra,
});
const counter = (id: number, services: number[], from = 0, to = 1e9): TwinCounter => ({ id, weights: new Map(services.map((s) => [s, 1])), from, to });
const setup = (tickets: TwinTicket[], counters: TwinCounter[]) => ({ tickets, counters, slaTargetMinutes: new Map([[1, 600], [2, 600]]), priorityRun: 3, targetSeconds: 600 });

describe('the digital twin', () => {
  it('replays a hand-computed day: one counter, FIFO, recorded counter times', () => {
    // t=0 A1 (10 min), t=1 A2 (5 min), t=2 A3 (5 min): called at 0, 10, 15 → waits 0, 9, 13 minutes.
    const r = replayDay(setup([ticket(1, 1, 0, 10), ticket(2, 1, 1, 5), ticket(3, 1, 2, 5)], [counter(1, [1])]));
    expect([...r.waits]).toEqual([[1, 0], [2, 9 * min], [3, 13 * min]]);
    expect(r.replay).toEqual({ called: 3, avgWaitSeconds: (22 * 60) / 3, p90WaitSeconds: 13 * 60, serviceLevelPercent: 66.7, unserved: 0 });
  });

  it('follows the call order: priority first, skills decide who may call', () => {
    const r = replayDay(setup([ticket(1, 1, 0, 10), ticket(2, 1, 1, 5), ticket(3, 1, 2, 5, { priority: 'senior' }), ticket(4, 2, 3, 5)], [counter(1, [1])]));
    // The senior (3) goes before 2; service 2 has no counter, so ticket 4 is never called.
    expect(r.waits.get(3)).toBe(8 * min);
    expect(r.waits.get(2)).toBe(14 * min);
    expect(r.waits.has(4)).toBe(false);
    expect(r.replay.unserved).toBe(1);
    // "What if counter 2 also served service 2": ticket 4 is served at once.
    const more = replayDay(setup([ticket(1, 1, 0, 10), ticket(4, 2, 3, 5)], [counter(1, [1]), counter(2, [1, 2])]));
    expect(more.waits.get(4)).toBe(0);
  });

  it('keeps counters to their hours and lets cancelled tickets leave the line', () => {
    const r = replayDay(setup([ticket(1, 1, 0, 5), ticket(2, 1, 0, 5, { leftAt: 3 * min }), ticket(3, 1, 0, null)], [counter(1, [1], 4 * min, 60 * min)]));
    expect(r.waits.get(1)).toBe(4 * min);
    expect(r.waits.has(2)).toBe(false);
    // Never called in reality: held for the mean recorded counter time of its service (5 min).
    expect(r.waits.get(3)).toBe(9 * min);
    const closed = replayDay(setup([ticket(1, 1, 0, 5), ticket(2, 1, 1, 5)], [counter(1, [1], 0, 3 * min)]));
    expect(closed.replay.unserved).toBe(1);
  });

  it('reports the recorded figures beside the replay', () => {
    const r = replayDay(setup([ticket(1, 1, 0, 5, { recordedWaitMs: 2 * min }), ticket(2, 1, 1, 5, { recordedWaitMs: 20 * min })], [counter(1, [1])]));
    expect(r.recorded).toEqual({ called: 2, avgWaitSeconds: 660, p90WaitSeconds: 1200, serviceLevelPercent: 50 });
    expect(waitFigures([], 600)).toEqual({ called: 0, avgWaitSeconds: null, p90WaitSeconds: null, serviceLevelPercent: null });
  });
});
