import { describe, expect, it } from 'vitest';
import { closureAt, decideStop, isStopInForce } from '../../server/src/domain/closures';

const now = new Date('2026-11-24T05:00:00.000Z');

describe('stop issuing now', () => {
  it('a stop holds until its until (exclusive), or until cleared', () => {
    const stop = { reason: null, until: '2026-11-24T06:00:00.000Z', since: now.toISOString() };
    expect(isStopInForce(null, now)).toBe(false);
    expect(isStopInForce(stop, new Date('2026-11-24T05:59:59.999Z'))).toBe(true);
    expect(isStopInForce(stop, new Date(stop.until))).toBe(false);
    expect(isStopInForce({ ...stop, until: null }, new Date('2030-01-01T00:00:00.000Z'))).toBe(true);
  });

  it('decideStop: until must lie ahead; it is stored in UTC; no reason is null', () => {
    expect(decideStop({ until: '2026-11-24T11:00:00+05:00', reason: 'full' }, now)).toEqual({ ok: true, stop: { reason: 'full', until: '2026-11-24T06:00:00.000Z', since: '2026-11-24T05:00:00.000Z' } });
    expect(decideStop({}, now)).toEqual({ ok: true, stop: { reason: null, until: null, since: '2026-11-24T05:00:00.000Z' } });
    expect(decideStop({ until: now.toISOString() }, now)).toMatchObject({ ok: false, code: 'VALIDATION_ERROR' });
  });

  it('closureAt: a holiday first, then the centre stop, then the service stop', () => {
    const stop = (reason: string) => ({ reason, until: null, since: now.toISOString() });
    expect(closureAt({ holiday: null, centerStop: null, serviceStop: null }, now)).toBeNull();
    expect(closureAt({ holiday: { date: '2026-11-24', reason: 'Eid' }, centerStop: stop('c'), serviceStop: stop('s') }, now)).toEqual({ code: 'CENTER_CLOSED', reason: 'Eid', until: null });
    expect(closureAt({ holiday: null, centerStop: stop('c'), serviceStop: stop('s') }, now)).toEqual({ code: 'ISSUING_STOPPED', reason: 'c', until: null });
    expect(closureAt({ holiday: null, centerStop: { ...stop('c'), until: '2026-11-24T04:00:00.000Z' }, serviceStop: stop('s') }, now)).toEqual({ code: 'ISSUING_STOPPED', reason: 's', until: null });
  });
});
