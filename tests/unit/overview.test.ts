import { describe, expect, it } from 'vitest';
import { centerPressure, lastFullWeek, weekOf } from '../../server/src/domain/overview';

describe('a centre against its targets', () => {
  it('is ok with nobody waiting, and counts who waits', () => {
    expect(centerPressure([])).toEqual({ waiting: 0, longestWaitSeconds: null, targetSeconds: null, servicesOverTarget: 0, pressure: 'ok' });
    expect(centerPressure([{ waiting: 3, longestWaitSeconds: 60, slaTargetMinutes: 20 }]).pressure).toBe('ok');
  });

  it('judges each line by its own target: ten minutes is late for a 5-minute service, early for a 30-minute one', () => {
    const p = centerPressure([
      { waiting: 4, longestWaitSeconds: 600, slaTargetMinutes: 30 },
      { waiting: 1, longestWaitSeconds: 400, slaTargetMinutes: 5 },
    ]);
    expect(p).toEqual({ waiting: 5, longestWaitSeconds: 400, targetSeconds: 300, servicesOverTarget: 1, pressure: 'alert' });
  });

  it('warns from three quarters of the target, and alerts only past it', () => {
    expect(centerPressure([{ waiting: 1, longestWaitSeconds: 899, slaTargetMinutes: 20 }]).pressure).toBe('ok');
    expect(centerPressure([{ waiting: 1, longestWaitSeconds: 900, slaTargetMinutes: 20 }]).pressure).toBe('warn');
    expect(centerPressure([{ waiting: 1, longestWaitSeconds: 1200, slaTargetMinutes: 20 }]).pressure).toBe('warn');
    expect(centerPressure([{ waiting: 1, longestWaitSeconds: 1201, slaTargetMinutes: 20 }])).toMatchObject({ pressure: 'alert', servicesOverTarget: 1 });
  });

  it('ignores a line with nobody waiting, whatever its last oldest', () => {
    expect(centerPressure([{ waiting: 0, longestWaitSeconds: 5000, slaTargetMinutes: 1 }]).pressure).toBe('ok');
  });
});

describe('report weeks', () => {
  it('runs Monday to Sunday', () => {
    expect(weekOf('2026-12-01')).toEqual({ from: '2026-11-30', to: '2026-12-06' }); // a Tuesday
    expect(weekOf('2026-11-30')).toEqual({ from: '2026-11-30', to: '2026-12-06' }); // the Monday itself
    expect(weekOf('2026-12-06')).toEqual({ from: '2026-11-30', to: '2026-12-06' }); // the Sunday
    expect(weekOf('2027-01-01')).toEqual({ from: '2026-12-28', to: '2027-01-03' }); // across a year
  });

  it('the last full week is the one before this week', () => {
    expect(lastFullWeek('2026-12-01')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(lastFullWeek('2026-11-30')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(lastFullWeek('2026-12-06')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
  });
});
