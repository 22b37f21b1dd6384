import type { DisplayCall, DisplayState, TicketCalledEvent } from '@navbat/shared';

/**
 * What the board shows, as a pure reducer over server facts: full states (`display:snapshot`,
 * `display:updated`, `display:sync` answers) replace everything when they are not older than what we
 * have; a `ticket:called` is applied at once (so the call shows before the next full state) and
 * highlights the call.
 */
export interface BoardModel {
  state: DisplayState | null;
  lastSeq: number;
  /** The newest call, highlighted until `until` (ms since epoch). */
  highlight: (Pick<TicketCalledEvent, 'ticketCode' | 'counterId' | 'calledAt' | 'recall'> & { until: number }) | null;
}

export const highlightMs = 8_000;
export const emptyBoard: BoardModel = { state: null, lastSeq: -1, highlight: null };

/** A full state from the server; `force` after a (re)connect, when the server may have restarted. */
export function applyState(model: BoardModel, state: DisplayState, force = false): BoardModel {
  if (!force && state.seq < model.lastSeq) return model;
  return { ...model, state, lastSeq: state.seq };
}

/** True when a call's seq skipped a number we never saw (`lastSeq` -1: nothing seen yet). */
export function hasGap(lastSeq: number, eventSeq: number): boolean {
  return lastSeq >= 0 && eventSeq > lastSeq + 1;
}

/**
 * Shows a call immediately: its counter now serves it and is open (only an open counter calls; the state that says
 * so may come up to a second later, and the screen above a counter just opened would read "closed" until then), it
 * heads the recent calls, it is highlighted.
 */
export function applyCall(model: BoardModel, event: TicketCalledEvent, now: number, highlightFor = highlightMs): BoardModel {
  const call: DisplayCall = {
    counterId: event.counterId,
    counterName: event.counterName,
    ticketCode: event.ticketCode,
    serviceId: event.serviceId,
    calledAt: event.calledAt,
  };
  const highlight = { ticketCode: event.ticketCode, counterId: event.counterId, calledAt: event.calledAt, recall: event.recall, until: now + highlightFor };
  if (!model.state) return { ...model, highlight };
  const same = (c: DisplayCall) => c.counterId === call.counterId && c.ticketCode === call.ticketCode;
  const state: DisplayState = {
    ...model.state,
    seq: Math.max(model.state.seq, event.seq),
    serving: [call, ...model.state.serving.filter((c) => c.counterId !== call.counterId)],
    counters: model.state.counters.map((c) => (c.counterId === call.counterId && c.status !== 'open' ? { ...c, status: 'open', expectedBackAt: null } : c)),
    recentCalls: event.recall ? model.state.recentCalls : [call, ...model.state.recentCalls.filter((c) => !same(c))].slice(0, 10),
  };
  return { state, lastSeq: Math.max(model.lastSeq, event.seq), highlight };
}

/** Drops the highlight once its time is over. */
export function expireHighlight(model: BoardModel, now: number): BoardModel {
  return model.highlight && model.highlight.until <= now ? { ...model, highlight: null } : model;
}
