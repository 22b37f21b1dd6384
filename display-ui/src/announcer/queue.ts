/**
 * The announcement queue: calls are spoken one at a time, in the order they arrived, never overlapping.
 * Pure orchestration — the actual sound is an injected `play` function — so it is tested with plain values.
 */
import type { TicketCalledEvent } from '@navbat/shared';

/** What is spoken of a `ticket:called`. */
export type AnnouncementInput = Pick<TicketCalledEvent, 'ticketCode' | 'counterName' | 'recall' | 'seq'>;

export interface Announcement extends AnnouncementInput {
  id: number;
  enqueuedAt: number;
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
  private readonly maxPending: number;
  private readonly historySize: number;
  private readonly maxPlayMs: number;

  constructor(private readonly options: AnnouncementQueueOptions) {
    this.now = options.now ?? (() => Date.now());
    this.maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
    this.maxPending = options.maxPending ?? 100;
    this.historySize = options.historySize ?? 50;
    this.maxPlayMs = options.maxPlayMs ?? 30_000;
  }

  /** Adds a call to the end of the queue and starts playing if idle. */
  enqueue(input: AnnouncementInput): AnnouncementRecord {
    const record: AnnouncementRecord = {
      ...input,
      id: this.nextId++,
      enqueuedAt: this.now(),
      status: 'queued',
      startedAt: null,
      finishedAt: null,
      note: null,
    };
    if (this.disposed) return this.finish(record, 'skipped', 'disposed');
    this.pending.push(record);
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
    this.paused = false;
    this.changed();
    void this.pump();
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
