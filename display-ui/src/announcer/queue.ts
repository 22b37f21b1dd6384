/**
 * The announcement queue: calls are spoken one at a time, in the order they arrived, never overlapping,
 * and never late. Only what is current is said: a call whose ticket has left the counter (finished, or the
 * counter called someone else) is dropped, a recall replaces the call still waiting, a brief phrase is used
 * while others wait, and a call that could not start within `maxLagMs` is left to the board.
 * Pure orchestration — the actual sound is an injected `play` function — so it is tested with plain values.
 */
import type { TicketCalledEvent } from '@navbat/shared';

/** What is spoken of a `ticket:called` (`counterId` identifies the counter when names repeat). */
export type AnnouncementInput = Pick<TicketCalledEvent, 'ticketCode' | 'counterName' | 'recall' | 'seq'> & {
  counterId?: number;
  /** The service of the call (a journey's current stop), said after the counter where a voice can say it. */
  serviceName?: { en: string; ur?: string };
};

/** `full`: chime, "Token A 0 4 2, counter 7"; `brief` (others are waiting): "A 0 4 2, 7". */
export type AnnouncementForm = 'full' | 'brief';

export interface Announcement extends AnnouncementInput {
  id: number;
  enqueuedAt: number;
  /** Decided when it starts: brief while other calls wait behind it. */
  form: AnnouncementForm;
}

/** A call the board shows as being served now: what `retainServing` keeps. */
export interface ServingCall {
  counterId?: number;
  counterName: string;
  ticketCode: string;
}

export type AnnouncementStatus = 'queued' | 'playing' | 'played' | 'failed' | 'skipped';

export interface AnnouncementRecord extends Announcement {
  status: AnnouncementStatus;
  startedAt: number | null;
  finishedAt: number | null;
  /** Why it was skipped or failed (stale, queue full, sound off, player error, timeout). */
  note: string | null;
}

export interface QueueSnapshot {
  paused: boolean;
  playing: AnnouncementRecord | null;
  queued: AnnouncementRecord[];
  /** Finished announcements, oldest first, at most `historySize`. */
  history: AnnouncementRecord[];
}

export interface AnnouncementQueueOptions {
  /** Plays one announcement to the end; the queue waits for it (and aborts it after `maxPlayMs`). */
  play: (announcement: Announcement, signal: AbortSignal) => Promise<void>;
  now?: () => number;
  /** Announcements still waiting after this long are skipped: a call spoken minutes late misleads. */
  maxAgeMs?: number;
  /**
   * A call must start within this long of arriving (or of the queue resuming), else it is skipped as
   * `late`: it is on the board, and speaking it later would delay every newer call. Default 15 s.
   */
  maxLagMs?: number;
  /** A bound on waiting announcements, so a display left muted by autoplay never grows without end. */
  maxPending?: number;
  historySize?: number;
  /** A stuck player (a speech engine that never ends) must not block the hall. */
  maxPlayMs?: number;
  onChange?: (snapshot: QueueSnapshot) => void;
}

/** A FIFO of announcements with one player at a time; bounded in every list it keeps. */
export class AnnouncementQueue {
  private readonly pending: AnnouncementRecord[] = [];
  private readonly history: AnnouncementRecord[] = [];
  private current: AnnouncementRecord | null = null;
  private currentAbort: AbortController | null = null;
  private nextId = 1;
  private paused = false;
  private disposed = false;
  private readonly now: () => number;
  private readonly maxAgeMs: number;
  private readonly maxLagMs: number;
  private resumedAt = -Infinity;
  private readonly maxPending: number;
  private readonly historySize: number;
  private readonly maxPlayMs: number;

  constructor(private readonly options: AnnouncementQueueOptions) {
    this.now = options.now ?? (() => Date.now());
    this.maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
    this.maxLagMs = options.maxLagMs ?? 15_000;
    this.maxPending = options.maxPending ?? 100;
    this.historySize = options.historySize ?? 50;
    this.maxPlayMs = options.maxPlayMs ?? 30_000;
  }

  /**
   * Adds a call to the end of the queue and starts playing if idle. A call still waiting for the same
   * ticket (a recall) or the same counter (it has moved on) is replaced: the newer call takes its place.
   */
  enqueue(input: AnnouncementInput): AnnouncementRecord {
    const record: AnnouncementRecord = {
      ...input,
      id: this.nextId++,
      enqueuedAt: this.now(),
      form: 'full',
      status: 'queued',
      startedAt: null,
      finishedAt: null,
      note: null,
    };
    if (this.disposed) return this.finish(record, 'skipped', 'disposed');
    const older = this.pending.findIndex((r) => r.ticketCode === record.ticketCode || sameCounter(r, record));
    if (older >= 0) {
      // Keeps the older call's turn and age, so a recall never jumps ahead nor waits longer than allowed.
      record.enqueuedAt = this.pending[older]!.enqueuedAt;
      const [replaced] = this.pending.splice(older, 1, record);
      this.finish(replaced!, 'skipped', 'replaced');
    } else {
      this.pending.push(record);
    }
    while (this.pending.length > this.maxPending) this.finish(this.pending.shift()!, 'skipped', 'queue full');
    this.changed();
    void this.pump();
    return record;
  }

  /** Holds the queue (e.g. while the browser blocks autoplay); waiting calls stay queued. */
  pause(): void {
    this.paused = true;
    this.changed();
  }

  resume(): void {
    // Time spent paused (autoplay blocked) does not make a call late; `maxAgeMs` still bounds it.
    if (this.paused) this.resumedAt = this.now();
    this.paused = false;
    this.changed();
    void this.pump();
  }

  /**
   * Drops waiting calls whose ticket the board no longer shows at that counter (finished, no-show, moved on).
   * `asOfSeq` is the seq of the state `serving` comes from: a call newer than it is not judged by it (a board
   * rendered before the call arrived must not drop it as finished).
   */
  retainServing(serving: readonly ServingCall[], asOfSeq = Infinity): void {
    const current = (r: AnnouncementRecord) => serving.some((c) => c.ticketCode === r.ticketCode && sameCounter(c, r));
    const gone = this.pending.filter((r) => r.seq <= asOfSeq && !current(r));
    if (gone.length === 0) return;
    for (const r of gone) this.pending.splice(this.pending.indexOf(r), 1);
    for (const r of gone) this.finish(r, 'skipped', 'finished');
  }

  /** Drops everything waiting and stops the current announcement (sound switched off). */
  clear(note = 'cleared'): void {
    for (const r of this.pending.splice(0)) this.finish(r, 'skipped', note);
    this.currentAbort?.abort();
    this.changed();
  }

  dispose(): void {
    this.disposed = true;
    this.clear('disposed');
  }

  snapshot(): QueueSnapshot {
    return {
      paused: this.paused,
      playing: this.current ? { ...this.current } : null,
      queued: this.pending.map((r) => ({ ...r })),
      history: this.history.map((r) => ({ ...r })),
    };
  }

  private running = false;

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (!this.paused && !this.disposed && this.pending.length > 0) {
        const record = this.pending.shift()!;
        if (this.now() - record.enqueuedAt > this.maxAgeMs) {
          this.finish(record, 'skipped', 'stale');
          continue;
        }
        if (this.now() - Math.max(record.enqueuedAt, this.resumedAt) > this.maxLagMs) {
          this.finish(record, 'skipped', 'late');
          continue;
        }
        record.form = this.pending.length > 0 ? 'brief' : 'full';
        record.status = 'playing';
        record.startedAt = this.now();
        this.current = record;
        this.currentAbort = new AbortController();
        this.changed();
        const outcome = await this.playWithLimit(record, this.currentAbort);
        this.current = null;
        this.currentAbort = null;
        this.finish(record, outcome.status, outcome.note);
      }
    } finally {
      this.running = false;
    }
  }

  private async playWithLimit(record: AnnouncementRecord, abort: AbortController): Promise<{ status: AnnouncementStatus; note: string | null }> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.maxPlayMs);
    });
    const aborted = new Promise<'aborted'>((resolve) => abort.signal.addEventListener('abort', () => resolve('aborted'), { once: true }));
    try {
      const result = await Promise.race([this.options.play(record, abort.signal).then(() => 'done' as const), timeout, aborted]);
      if (result === 'timeout') {
        abort.abort();
        return { status: 'failed', note: 'timeout' };
      }
      if (result === 'aborted') return { status: 'skipped', note: 'stopped' };
      return { status: 'played', note: null };
    } catch (error) {
      return { status: 'failed', note: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  private finish(record: AnnouncementRecord, status: AnnouncementStatus, note: string | null): AnnouncementRecord {
    record.status = status;
    record.note = note;
    record.finishedAt = this.now();
    this.history.push(record);
    if (this.history.length > this.historySize) this.history.splice(0, this.history.length - this.historySize);
    this.changed();
    return record;
  }

  private changed(): void {
    this.options.onChange?.(this.snapshot());
  }
}

/** The same counter: by id when both calls carry one, else by name. */
function sameCounter(a: { counterId?: number; counterName: string }, b: { counterId?: number; counterName: string }): boolean {
  return a.counterId !== undefined && b.counterId !== undefined ? a.counterId === b.counterId : a.counterName === b.counterName;
}
