import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayServicesInForce, decideDayServices, servicesOn, type DayServices } from '../../server/src/domain/counter-day';
import { isReopenable, reopenUntil } from '../../server/src/domain/counter-life';

// A counter's services for the day and the no-show grace period, as pure rules (docs/control-room.md).

const usual = [
  { serviceId: 1, weight: 2 },
  { serviceId: 2, weight: 1 },
];
const centre = [
  { id: 1, active: true },
  { id: 2, active: true },
  { id: 3, active: true },
  { id: 4, active: false },
];
const now = new Date('2026-11-24T05:00:00.000Z');
const at = { today: '2026-11-24', now, by: 7 };
const change = (day: string): DayServices => ({ day, services: [{ serviceId: 3, weight: 1 }], reason: null, since: now.toISOString(), by: 7 });

describe('what a counter serves today', () => {
  it('the day’s services on the day they were set for, the usual ones on any other day', () => {
    expect(servicesOn(usual, change('2026-11-24'), '2026-11-24')).toEqual([{ serviceId: 3, weight: 1 }]);
    expect(servicesOn(usual, change('2026-11-24'), '2026-11-25')).toEqual(usual);
    expect(servicesOn(usual, null, '2026-11-24')).toEqual(usual);
    expect(dayServicesInForce(change('2026-11-23'), '2026-11-24')).toBe(false);
  });

  it('on any day but its own a change is never in force (property)', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (set, today) => {
        expect(servicesOn(usual, change(set), today)).toEqual(set === today ? change(set).services : usual);
      }),
    );
  });

  it('a change names services of the centre, once, switched on; a left-out weight is the usual one, else 1', () => {
    const decided = decideDayServices({ active: true }, centre, usual, { services: [{ serviceId: 3 }, { serviceId: 1 }, { serviceId: 2, weight: 9 }], reason: 'backlog' }, at);
    expect(decided).toEqual({
      ok: true,
      change: { day: '2026-11-24', services: [{ serviceId: 3, weight: 1 }, { serviceId: 1, weight: 2 }, { serviceId: 2, weight: 9 }], reason: 'backlog', since: now.toISOString(), by: 7 },
    });
    expect(decideDayServices({ active: true }, centre, usual, { services: [{ serviceId: 99 }] }, at)).toMatchObject({ ok: false, code: 'SERVICE_NOT_FOUND' });
    expect(decideDayServices({ active: true }, centre, usual, { services: [{ serviceId: 1 }, { serviceId: 1 }] }, at)).toMatchObject({ ok: false, code: 'VALIDATION_ERROR' });
    expect(decideDayServices({ active: true }, centre, usual, { services: [{ serviceId: 4 }] }, at)).toMatchObject({ ok: false, code: 'SERVICE_INACTIVE' });
    expect(decideDayServices({ active: false }, centre, usual, { services: [{ serviceId: 1 }] }, at)).toMatchObject({ ok: false, code: 'COUNTER_INACTIVE' });
  });
});

describe('the no-show grace period', () => {
  it('ends grace minutes after the no-show, inclusive; a ticket that never ended has none', () => {
    expect(reopenUntil('2026-11-24T05:00:00.000Z', 30)?.toISOString()).toBe('2026-11-24T05:30:00.000Z');
    expect(isReopenable('2026-11-24T05:00:00.000Z', 30, new Date('2026-11-24T05:30:00.000Z'))).toBe(true);
    expect(isReopenable('2026-11-24T05:00:00.000Z', 30, new Date('2026-11-24T05:30:00.001Z'))).toBe(false);
    expect(reopenUntil(null, 30)).toBeNull();
    expect(isReopenable(null, 30, now)).toBe(false);
  });
});
