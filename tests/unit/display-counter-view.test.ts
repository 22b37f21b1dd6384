import { describe, expect, it } from 'vitest';
import type { DisplayState } from '@navbat/shared';
import { counterIdFromPath, counterView } from '../../display-ui/src/counter/counter-view';

const call = (counterId: number, ticketCode: string) => ({ counterId, counterName: String(counterId), ticketCode, serviceId: 1, calledAt: '2026-11-24T06:00:00.000Z' });
const state = (over: Partial<DisplayState>): DisplayState => ({
  centerId: 'isb-g9', zone: 'hall-a', seq: 5, serving: [], recentCalls: [], waiting: [], message: null, counters: [], ...over,
});
const counter = (counterId: number, status: 'open' | 'paused' | 'closed', expectedBackAt: string | null = null) => ({ counterId, counterName: `Window ${counterId}-B`, status, expectedBackAt });

describe('the screen above a counter', () => {
  it('shows its own call while open, not another counter’s', () => {
    const s = state({ counters: [counter(7, 'open'), counter(8, 'open')], serving: [call(8, 'A013'), call(7, 'A012')] });
    expect(counterView(s, 7, '7')).toEqual({ kind: 'serving', counterName: 'Window 7-B', call: call(7, 'A012') });
    expect(counterView(state({ counters: [counter(7, 'open')], serving: [call(8, 'A013')] }), 7, '7')).toEqual({ kind: 'idle', counterName: 'Window 7-B' });
  });

  it('says paused (with the expected return) or closed; a counter gone from the state reads closed; nothing before a state', () => {
    const back = '2026-11-24T06:15:00.000Z';
    expect(counterView(state({ counters: [counter(7, 'paused', back)], serving: [call(7, 'A012')] }), 7, '7')).toEqual({ kind: 'paused', counterName: 'Window 7-B', expectedBackAt: back });
    expect(counterView(state({ counters: [counter(7, 'closed')] }), 7, '7')).toEqual({ kind: 'closed', counterName: 'Window 7-B' });
    expect(counterView(state({ counters: [] }), 7, 'Desk 7')).toEqual({ kind: 'closed', counterName: 'Desk 7' });
    expect(counterView(null, 7, '7')).toEqual({ kind: 'loading' });
  });

  it('reads its counter from the page address', () => {
    expect(counterIdFromPath('/display/counter/7')).toBe(7);
    expect(counterIdFromPath('/display/counter/12/')).toBe(12);
    for (const path of ['/display', '/display/', '/display/counter/', '/display/counter/x', '/display/counter/7/extra', '/display/counter/1234567890']) {
      expect(counterIdFromPath(path), path).toBeNull();
    }
  });
});
