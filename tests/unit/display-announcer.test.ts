import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DisplayState, TicketCalledEvent } from '@navbat/shared';
import { AnnouncementQueue, type Announcement } from '../../display-ui/src/announcer/queue';
import { clipKeys, spokenText } from '../../display-ui/src/announcer/phrases';
import clips from '../../display-ui/src/announcer/clips.json';
import { GapWatcher } from '../../display-ui/src/board/gap-watcher';
import { Liveness } from '../../display-ui/src/board/liveness';
import { applyCall, applyState, emptyBoard, expireHighlight, hasGap, highlightMs } from '../../display-ui/src/board/board-model';
import { counterView } from '../../display-ui/src/counter/counter-view';
import { chooseGrid, tileShape } from '../../display-ui/src/layout/serving-grid';

/** A fake player: each announcement finishes when the test says so. */
function manualPlayer() {
  const started: Announcement[] = [];
  const finishers: (() => void)[] = [];
  let active = 0;
  let maxActive = 0;
  const play = (a: Announcement) =>
    new Promise<void>((resolve) => {
      started.push(a);
      active++;
      maxActive = Math.max(maxActive, active);
      finishers.push(() => {
        active--;
        resolve();
      });
    });
  return { play, started, finishNext: () => finishers.shift()?.(), get maxActive() { return maxActive; } };
}
const flush = () => new Promise((r) => setTimeout(r, 0));
/** A call at its own counter (a call at the same counter replaces the one still waiting). */
const call = (ticketCode: string, seq: number, recall = false) => ({ ticketCode, counterName: `Counter ${ticketCode}`, recall, seq });

describe('announcement queue', () => {
  afterEach(() => vi.useRealTimers());

  it('plays a burst one at a time, in arrival order, dropping none', async () => {
    const player = manualPlayer();
    const q = new AnnouncementQueue({ play: player.play });
    for (let i = 1; i <= 12; i++) q.enqueue(call(`A${String(i).padStart(3, '0')}`, i));
    await flush();
    expect(player.started.map((a) => a.ticketCode)).toEqual(['A001']);
    expect(q.snapshot().queued).toHaveLength(11);
    for (let i = 0; i < 12; i++) {
      player.finishNext();
      await flush();
    }
    expect(player.maxActive).toBe(1);
    const history = q.snapshot().history;
    expect(history.map((r) => r.ticketCode)).toEqual(Array.from({ length: 12 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`));
    expect(history.every((r) => r.status === 'played')).toBe(true);
    expect(q.snapshot().playing).toBeNull();
  });

  it('a recall replaces the first call while it waits, and is announced again once that was spoken', async () => {
    const player = manualPlayer();
    const q = new AnnouncementQueue({ play: player.play });
    q.enqueue(call('B001', 1));
    q.enqueue(call('A042', 2));
    q.enqueue(call('A042', 3, true));
    for (let i = 0; i < 3; i++) {
      await flush();
      player.finishNext();
    }
    await flush();
    expect(q.snapshot().history.map((r) => [r.ticketCode, r.recall, r.status])).toEqual([
      ['A042', false, 'skipped'],
      ['B001', false, 'played'],
      ['A042', true, 'played'],
    ]);
    q.enqueue(call('A042', 4, true)); // nothing waits now: spoken once more
    await flush();
    player.finishNext();
    await flush();
    expect(q.snapshot().history.filter((r) => r.ticketCode === 'A042' && r.status === 'played')).toHaveLength(2);
  });

  it('keeps calls while paused (autoplay blocked) and plays them on resume', async () => {
    const player = manualPlayer();
    const q = new AnnouncementQueue({ play: player.play });
    q.pause();
    q.enqueue(call('A001', 1));
    q.enqueue(call('A002', 2));
    await flush();
    expect(player.started).toHaveLength(0);
    expect(q.snapshot().queued.map((r) => r.ticketCode)).toEqual(['A001', 'A002']);
    q.resume();
    await flush();
    expect(player.started.map((a) => a.ticketCode)).toEqual(['A001']);
  });

  it('skips calls that waited too long and bounds the waiting list and the history', async () => {
    let now = 0;
    const player = manualPlayer();
    const q = new AnnouncementQueue({ play: player.play, now: () => now, maxAgeMs: 60_000, maxPending: 3, historySize: 4 });
    q.pause();
    for (let i = 1; i <= 5; i++) q.enqueue(call(`A00${i}`, i));
    // Two oldest dropped for room: the queue never grows past its bound.
    expect(q.snapshot().queued.map((r) => r.ticketCode)).toEqual(['A003', 'A004', 'A005']);
    now = 61_000;
    q.enqueue(call('A006', 6)); // fresh, A003 dropped for room
    q.resume();
    await flush();
    expect(player.started.map((a) => a.ticketCode)).toEqual(['A006']);
    const h = q.snapshot().history;
    expect(h).toHaveLength(4);
    expect(h.map((r) => [r.ticketCode, r.note])).toEqual([
      ['A002', 'queue full'],
      ['A003', 'queue full'],
      ['A004', 'stale'],
      ['A005', 'stale'],
    ]);
  });

  it('a player that never ends is cut off, and a failing one does not stop the queue', async () => {
    vi.useFakeTimers();
    let n = 0;
    const q = new AnnouncementQueue({
      maxPlayMs: 5_000,
      play: () => {
        n++;
        if (n === 1) return new Promise<void>(() => {}); // hangs
        if (n === 2) return Promise.reject(new Error('decode failed'));
        return Promise.resolve();
      },
    });
    q.enqueue(call('A001', 1));
    q.enqueue(call('A002', 2));
    q.enqueue(call('A003', 3));
    await vi.advanceTimersByTimeAsync(5_001);
    expect(q.snapshot().history.map((r) => [r.ticketCode, r.status, r.note])).toEqual([
      ['A001', 'failed', 'timeout'],
      ['A002', 'failed', 'decode failed'],
      ['A003', 'played', null],
    ]);
  });

  it('clear() (sound switched off) stops the current call and drops the waiting ones', async () => {
    let aborted = false;
    const q = new AnnouncementQueue({
      play: (_a, signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => { aborted = true; resolve(); })),
    });
    q.enqueue(call('A001', 1));
    q.enqueue(call('A002', 2));
    await flush();
    q.clear('sound off');
    await flush();
    expect(aborted).toBe(true);
    expect(q.snapshot().queued).toEqual([]);
    expect(q.snapshot().history.map((r) => [r.ticketCode, r.status])).toEqual([
      ['A002', 'skipped'],
      ['A001', 'skipped'],
    ]);
  });
});

describe('announcement policy: current, brief when behind, never late', () => {
  afterEach(() => vi.useRealTimers());

  /** A player that takes as long as the shipped clips of the phrase (chime, both languages, pauses). */
  const clipSeconds = (keys: string[]) => keys.reduce((sum, k) => sum + (clips.clips as Record<string, { duration: number }>)[k]!.duration + 0.04, 0);
  const realisticPlayer = (started: Announcement[]) => (a: Announcement) => {
    started.push({ ...a });
    const brief = a.form === 'brief';
    const seconds =
      (brief ? 0 : clipSeconds(['chime'])) +
      clipSeconds(clipKeys(a.ticketCode, a.counterName, 'en', brief)) +
      clipSeconds(clipKeys(a.ticketCode, a.counterName, 'ur', brief)) +
      (brief ? 0.3 : 0.5);
    return new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000));
  };

  it('a burst of 20 calls: every call spoken starts within 15 s, finished and re-called ones are dropped, the rest brief', async () => {
    vi.useFakeTimers();
    const started: Announcement[] = [];
    const q = new AnnouncementQueue({ play: realisticPlayer(started) });
    // Twenty counters call at once, with 4-digit codes and long counter names.
    const serving = Array.from({ length: 20 }, (_, i) => ({ counterId: i + 1, counterName: i % 2 ? `Window ${i + 1}-B` : String(i + 1), ticketCode: `BF${1000 + i}` }));
    serving.forEach((c, i) => q.enqueue({ ...c, recall: false, seq: i + 1 }));
    await vi.advanceTimersByTimeAsync(2_000);
    // Counters 5 and 6 finish their citizens before they were announced; counter 7 calls its ticket again.
    q.retainServing(serving.filter((c) => c.counterId !== 5 && c.counterId !== 6));
    await vi.advanceTimersByTimeAsync(1_000);
    q.enqueue({ ...serving[6]!, recall: true, seq: 21 });
    await vi.advanceTimersByTimeAsync(120_000);

    const { history, queued, playing } = q.snapshot();
    expect(queued).toEqual([]);
    expect(playing).toBeNull();
    const played = history.filter((r) => r.status === 'played');
    const lags = played.map((r) => r.startedAt! - r.enqueuedAt);
    expect(Math.max(...lags), `lags ${lags.join(', ')} ms`).toBeLessThanOrEqual(15_000);
    // The first (alone when it started) in full, the next brief; what could not start in time is left to the board.
    expect(played.length).toBeGreaterThanOrEqual(2);
    expect(played.map((r) => r.ticketCode)).toEqual(['BF1000', 'BF1001', 'BF1002', 'BF1003'].slice(0, played.length));
    expect(started.map((a) => a.form)).toEqual(['full', ...started.slice(1).map(() => 'brief')]);
    // Nothing vanishes silently: every call is accounted for, with why it was not spoken.
    const note = (code: string) => history.filter((r) => r.ticketCode === code).map((r) => r.note);
    expect(note('BF1004')).toEqual(['finished']);
    expect(note('BF1005')).toEqual(['finished']);
    expect(note('BF1006')).toEqual(['replaced', 'late']); // the recall took its place, then its time ran out
    expect(history.filter((r) => r.status === 'skipped' && r.note === 'late').length).toBe(20 - 2 - played.length);

    // The hall calms down: the next call is spoken at once, in full.
    q.enqueue({ counterId: 1, counterName: '1', ticketCode: 'A1000', recall: false, seq: 30 });
    await vi.advanceTimersByTimeAsync(0);
    expect(started.at(-1)).toMatchObject({ ticketCode: 'A1000', form: 'full' });
    expect(q.snapshot().playing?.startedAt).toBe(q.snapshot().playing?.enqueuedAt);
  });

  it('a newer call at the same counter replaces the one still waiting; time paused does not count as late', async () => {
    vi.useFakeTimers();
    const started: Announcement[] = [];
    const q = new AnnouncementQueue({ play: realisticPlayer(started) });
    q.pause(); // autoplay blocked
    q.enqueue({ counterId: 3, counterName: 'Desk 3', ticketCode: 'NIC1001', recall: false, seq: 1 });
    q.enqueue({ counterId: 3, counterName: 'Desk 3', ticketCode: 'NIC1002', recall: false, seq: 2 });
    await vi.advanceTimersByTimeAsync(60_000);
    q.resume(); // a tap, a minute later
    await vi.advanceTimersByTimeAsync(30_000);
    expect(q.snapshot().history.map((r) => [r.ticketCode, r.status, r.note])).toEqual([
      ['NIC1001', 'skipped', 'replaced'],
      ['NIC1002', 'played', null],
    ]);
  });

  it('a board state older than a call does not drop it as finished (the board renders after the call arrives)', async () => {
    const player = manualPlayer();
    const q = new AnnouncementQueue({ play: player.play });
    q.enqueue({ counterId: 1, counterName: '1', ticketCode: 'A001', recall: false, seq: 10 });
    await flush();
    // The counter finished A001 and called A002 (seq 13) while A001 was spoken; the board then renders the
    // state of seq 12 (A001 finished, nobody at counter 1): A002 is newer than that state and stays.
    q.enqueue({ counterId: 1, counterName: '1', ticketCode: 'A002', recall: false, seq: 13 });
    q.retainServing([], 12);
    expect(q.snapshot().queued.map((r) => r.ticketCode)).toEqual(['A002']);
    // A state that knows of the call and no longer shows it at the counter does drop it.
    q.retainServing([], 14);
    expect(q.snapshot().queued).toEqual([]);
    expect(q.snapshot().history.at(-1)).toMatchObject({ ticketCode: 'A002', status: 'skipped', note: 'finished' });
    player.finishNext();
  });
});

describe('what is said', () => {
  it('spells the token and says the counter as a number, in English and Urdu', () => {
    expect(spokenText('A042', '7', 'en')).toBe('Token A 0 4 2, counter 7');
    expect(spokenText('A042', '7', 'ur')).toBe('ٹوکن نمبر اے صفر چار دو، کاؤنٹر نمبر سات');
    expect(spokenText('BF123', '14', 'ur')).toBe('ٹوکن نمبر بی ایف ایک دو تین، کاؤنٹر نمبر چودہ');
    expect(clipKeys('BF123', '14', 'en')).toEqual(['en:token', 'en:B', 'en:F', 'en:1', 'en:2', 'en:3', 'en:counter', 'en:14']);
    expect(clipKeys('A1000', 'C-21', 'ur')).toEqual(['ur:token', 'ur:A', 'ur:1', 'ur:0', 'ur:0', 'ur:0', 'ur:counter', 'ur:C', 'ur:2', 'ur:1']);
    // Brief, while other calls wait: the code and the counter only.
    // The service of the call is said after the counter (a journey's stop), never in the brief form nor when long.
    const biometrics = { en: 'Biometrics', ur: 'بائیو میٹرکس' };
    expect(spokenText('A012', '7', 'en', false, biometrics)).toBe('Token A 0 1 2, counter 7, Biometrics');
    expect(spokenText('A012', '7', 'ur', false, biometrics)).toBe('ٹوکن نمبر اے صفر ایک دو، کاؤنٹر نمبر سات، بائیو میٹرکس');
    expect(spokenText('A012', '7', 'en', true, biometrics)).toBe('A 0 1 2, 7');
    expect(spokenText('NIC1004', '15', 'en', false, { en: 'NADRA identity card (new, renewal, modification)', ur: 'نادرا شناختی کارڈ' })).toBe('Token N I C 1 0 0 4, counter 15');
    expect(spokenText('A042', '7', 'en', true)).toBe('A 0 4 2, 7');
    expect(spokenText('A042', '7', 'ur', true)).toBe('اے صفر چار دو، سات');
    expect(clipKeys('BF123', '14', 'en', true)).toEqual(['en:B', 'en:F', 'en:1', 'en:2', 'en:3', 'en:14']);
    expect(spokenText('BF1000', 'Window 2-B', 'en')).toBe('Token B F 1 0 0 0, counter 2 B');
    expect(spokenText('A012', 'Counter 15', 'en', true)).toBe('A 0 1 2, 15');
  });

  it('has a shipped clip for every key any code or counter can need', () => {
    const keys = new Set(Object.keys(clips.clips));
    const needed = ['chime'];
    for (const lang of ['en', 'ur'] as const) {
      needed.push(...clipKeys('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', '20', lang));
      for (let n = 0; n <= 20; n++) needed.push(...clipKeys('A1', String(n), lang));
    }
    expect(needed.filter((k) => !keys.has(k))).toEqual([]);
    for (const clip of Object.values(clips.clips)) expect(clip.duration).toBeGreaterThan(0.05);
  });
});

describe('board model', () => {
  const state = (seq: number, over: Partial<DisplayState> = {}): DisplayState => ({
    centerId: 'isb-g9', zone: null, seq, serving: [], recentCalls: [], waiting: [], message: null, counters: [], ...over,
  });
  const called = (seq: number, ticketCode: string, counterId = 7, recall = false): TicketCalledEvent => ({
    seq, centerId: 'isb-g9', ticketCode, counterId, counterName: String(counterId), serviceId: 1, calledAt: '2026-11-24T06:00:00.000Z', recall,
  });

  it('replaces the state unless it is older than what it has; a reconnect forces it', () => {
    let m = applyState(emptyBoard, state(5));
    expect(applyState(m, state(4))).toBe(m);
    m = applyState(m, state(5, { message: 'hello' }));
    expect(m.state?.message).toBe('hello');
    expect(applyState(m, state(1), true).lastSeq).toBe(1);
  });

  it('shows a call at once, highlighted, and detects a missed seq', () => {
    let m = applyState(emptyBoard, state(5, { serving: [{ counterId: 7, counterName: '7', ticketCode: 'A001', serviceId: 1, calledAt: '2026-11-24T05:00:00.000Z' }] }));
    expect(hasGap(m.lastSeq, 6)).toBe(false);
    expect(hasGap(m.lastSeq, 8)).toBe(true);
    expect(hasGap(-1, 8)).toBe(false); // nothing seen yet: the snapshot is on its way
    m = applyCall(m, called(6, 'A002'), 1_000);
    expect(m.lastSeq).toBe(6);
    expect(m.state?.serving.map((c) => c.ticketCode)).toEqual(['A002']);
    expect(m.state?.recentCalls.map((c) => c.ticketCode)).toEqual(['A002']);
    expect(m.highlight?.ticketCode).toBe('A002');
    // A recall highlights again without a duplicate in the recent list.
    m = applyCall(m, called(7, 'A002', 7, true), 2_000);
    expect(m.state?.recentCalls).toHaveLength(1);
    expect(m.highlight?.recall).toBe(true);
    expect(expireHighlight(m, 2_000 + highlightMs - 1).highlight).not.toBeNull();
    expect(expireHighlight(m, 2_000 + highlightMs).highlight).toBeNull();
  });

  it('a call shows its counter open at once: the screen above a counter just opened does not read "closed" until the next state', () => {
    const counter = (counterId: number, status: 'open' | 'paused' | 'closed') => ({ counterId, counterName: String(counterId), status, expectedBackAt: status === 'paused' ? '2026-11-24T06:15:00.000Z' : null });
    let m = applyState(emptyBoard, state(5, { counters: [counter(7, 'closed'), counter(8, 'paused')] }));
    m = applyCall(m, called(6, 'A002', 7), 1_000);
    expect(m.state?.counters).toEqual([counter(7, 'open'), counter(8, 'paused')]);
    expect(counterView(m.state, 7, '7')).toMatchObject({ kind: 'serving', call: { ticketCode: 'A002' } });
    m = applyCall(m, called(7, 'A003', 8), 1_000);
    expect(m.state?.counters).toEqual([counter(7, 'open'), counter(8, 'open')]);
    // The next full state says what the server says, whatever the call implied.
    m = applyState(m, state(8, { counters: [counter(7, 'closed'), counter(8, 'open')] }));
    expect(counterView(m.state, 7, '7')).toEqual({ kind: 'closed', counterName: '7' });
  });

  it('keeps at most ten recent calls', () => {
    let m = applyState(emptyBoard, state(0));
    for (let i = 1; i <= 25; i++) m = applyCall(m, called(i, `A${i}`, i), i);
    expect(m.state?.recentCalls).toHaveLength(10);
    expect(m.state?.recentCalls[0]?.ticketCode).toBe('A25');
  });
});

describe('seq gaps', () => {
  afterEach(() => vi.useRealTimers());

  it('asks for a sync only when no full state catches up within the grace time', async () => {
    vi.useFakeTimers();
    let syncs = 0;
    const w = new GapWatcher({ graceMs: 300, sync: () => syncs++ });
    w.stateSeen(5);
    w.callSeen(6, false); // no gap: nothing to do
    w.callSeen(8, true); // missed 7; the display:updated of this batch comes right after
    await vi.advanceTimersByTimeAsync(100);
    w.stateSeen(8);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(syncs).toBe(0);

    w.callSeen(11, true); // missed 9 and 10, and no update follows
    w.callSeen(12, true); // a second gap while waiting: still one request
    await vi.advanceTimersByTimeAsync(299);
    expect(syncs).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(syncs).toBe(1);

    // An update older than the call does not cancel the wait.
    w.callSeen(20, true);
    w.stateSeen(15);
    await vi.advanceTimersByTimeAsync(300);
    expect(syncs).toBe(2);

    // After a reconnect, and once disposed, nothing fires.
    w.callSeen(30, true);
    w.reset();
    w.callSeen(40, true);
    w.dispose();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(syncs).toBe(2);
  });
});

describe('liveness', () => {
  it('marks a silent line after silentMs and clears it when the server is heard again', () => {
    let now = 0;
    const changes: boolean[] = [];
    const l = new Liveness({ silentMs: 14_000, now: () => now, onChange: (silent) => changes.push(silent) });
    now = 10_000;
    l.heard(); // a ping
    now = 24_000;
    l.check();
    expect(changes).toEqual([]);
    now = 24_001;
    l.check();
    l.check(); // reported once
    expect(changes).toEqual([true]);
    l.heard();
    l.heard();
    expect(changes).toEqual([true, false]);
  });
});

describe('serving grid', () => {
  // "NIC1004" is about 5.3 em wide in bold; "→ Counter 27" about 7.4 em.
  const base = { gap: 13, minFont: 47.5, maxFont: 119, codeEm: 5.3, counterEm: 7.4 };

  it('never makes a code smaller than legible: past what fits, it pages, in even pages', () => {
    const g = chooseGrid({ ...base, width: 1170, height: 470, count: 29 });
    expect(g.font).toBeGreaterThanOrEqual(base.minFont);
    expect(g.pages).toBeGreaterThan(1);
    expect(g.perPage * g.pages).toBeGreaterThanOrEqual(29);
    expect(g.perPage * (g.pages - 1)).toBeLessThan(29); // no empty page
    // The tiles really fit the area at that size.
    expect(g.rows * g.font * tileShape.heightEm + (g.rows - 1) * base.gap).toBeLessThanOrEqual(470);
    expect(g.columns * g.font * (base.codeEm + tileShape.paddingEm) + (g.columns - 1) * base.gap).toBeLessThanOrEqual(1170);
  });

  it('fits a few counters on one page, as big as the area allows', () => {
    const few = chooseGrid({ ...base, width: 1170, height: 470, count: 3 });
    expect(few.pages).toBe(1);
    const many = chooseGrid({ ...base, width: 1170, height: 470, count: 8 });
    expect(few.font).toBeGreaterThan(many.font);
    expect(chooseGrid({ ...base, width: 1170, height: 470, count: 0 }).pages).toBe(0);
  });
});
