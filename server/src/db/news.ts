import type pgTypes from 'pg';
import type { Executor } from './database';
import type { KeptValues } from './kept-values';

/**
 * The database's news of changes, heard by an instance on PostgreSQL (issue 18, docs/PERFORMANCE.md figure 8): what
 * an instance keeps between requests (signed-in sessions, a centre's setup) is only as good as the news of its
 * change, so the news comes from the database itself. Triggers notify a channel whenever such a row changes, from
 * any instance or process, when that change commits (migrations `2026-12-03T0900-session-changes` and
 * `2026-12-03T1000-setup-changes`). Every instance listens on a connection of its own.
 *
 * Things are kept only while that connection is known to be listening: when it drops, or its heartbeat (a
 * notification it sends itself) is not heard back within 5 s, everything kept is forgotten and each request reads
 * anew until the instance listens once more. A read that was under way when news arrived is not kept
 * (`KeptReads`' generation), so a read that raced with a change cannot outlive it.
 *
 * SQLite has none of this: there what is kept is checked against numbers triggers raise (`kept-values.ts`).
 */

/** Sessions ended or their users changed; the payload is the user's id. */
export const sessionChangesChannel = 'navbat_session_changes';
/** A centre's setup changed (the centre, its services, its holidays); the payload is the centre's id. */
export const setupChangesChannel = 'navbat_setup_changes';

const heartbeatMs = 10_000;
/** The listening connection is given up (and what is kept forgotten) when a heartbeat is not heard back by then. */
const heartbeatTimeoutMs = 5_000;

export class DatabaseNews {
  private readonly handlers = new Map<string, ((payload: string) => void)[]>();
  private readonly listeningHandlers: (() => void)[] = [];
  private client: pgTypes.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private stopped = false;
  private attempt = 0;
  /** Whether news is being heard now: only then is anything kept. */
  listening = false;
  /** How many times the listening connection was lost (or could not be made). */
  losses = 0;

  constructor(private readonly connect: () => pgTypes.Client) {}

  /** Calls `handler` with each notification's payload on `channel` (listened to from the start). */
  on(channel: string, handler: (payload: string) => void): void {
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
  }

  /** Calls `handler` whenever listening starts or stops: what was kept meanwhile may have missed news. */
  onListeningChange(handler: () => void): void {
    this.listeningHandlers.push(handler);
  }

  /** Starts listening, once (in the background; everything is read each time until it does). Called at first use. */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.listen();
  }

  private setListening(listening: boolean): void {
    // Either way a read under way is not kept: it may have started before the news it would have missed.
    this.listeningHandlers.forEach((h) => h());
    this.listening = listening;
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = this.connect();
    this.client = client;
    let lost = false;
    const lose = () => {
      if (lost) return;
      lost = true;
      this.losses++;
      this.stopHeartbeat();
      this.setListening(false);
      void client.end().catch(() => {});
      if (this.client === client) this.client = null;
      if (this.stopped) return;
      // Back off up to 5 s between attempts while the database is away.
      const wait = Math.min(5_000, 100 * 2 ** this.attempt++);
      setTimeout(() => void this.listen(), wait).unref();
    };
    client.on('error', lose);
    client.on('end', lose);
    const probes = new Map<string, () => void>();
    client.on('notification', (n) => {
      const payload = n.payload ?? '';
      if (n.channel === sessionChangesChannel && payload.startsWith('probe:')) return probes.get(payload)?.();
      this.handlers.get(n.channel)?.forEach((h) => h(payload));
    });
    // The heartbeat: a notification of its own, sent and heard back on this connection. A connection pooler that
    // does not relay notifications (PgBouncer in transaction mode) fails it, and nothing is ever kept behind one.
    let probeCount = 0;
    const probe = async () => {
      const payload = `probe:${++probeCount}`;
      let timer: NodeJS.Timeout | undefined;
      const heard = new Promise<void>((resolve, reject) => {
        probes.set(payload, resolve);
        timer = setTimeout(() => reject(new Error('the heartbeat was not heard back')), heartbeatTimeoutMs);
      });
      heard.catch(() => {});
      try {
        await client.query('select pg_notify($1, $2)', [sessionChangesChannel, payload]);
        await heard;
      } finally {
        clearTimeout(timer);
        probes.delete(payload);
      }
    };
    try {
      await client.connect();
      for (const channel of [sessionChangesChannel, ...this.handlers.keys()].filter((c, i, all) => all.indexOf(c) === i)) await client.query(`listen ${channel}`);
      await probe();
    } catch {
      lose();
      return;
    }
    if (lost || this.stopped) return lose();
    this.attempt = 0;
    this.setListening(true);
    this.timer = setInterval(() => void probe().catch(lose), heartbeatMs);
    this.timer.unref();
  }

  private stopHeartbeat(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Stops listening; everything kept is forgotten. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopHeartbeat();
    this.setListening(false);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}

/**
 * Values kept between requests while `news` is heard (at most `max`; more and all are forgotten). A value read
 * while news of any change arrived is not kept: `mark()` before the read, `keepSince(mark, …)` after it.
 */
export class KeptReads<V> implements KeptValues<V> {
  private readonly kept = new Map<string, V>();
  /** Raised by every forgetting (news heard, the listening connection lost or found). */
  private generation = 0;

  constructor(
    private readonly news: DatabaseNews,
    private readonly max: number,
  ) {
    news.onListeningChange(() => this.forgetAll());
  }

  /** The kept value, while news is heard. */
  get(_ex: Executor, key: string): V | undefined {
    this.news.start();
    return this.news.listening ? this.kept.get(key) : undefined;
  }

  /** Taken before a read whose value may be kept (`keepSince`). */
  private mark(): number {
    this.news.start();
    return this.generation;
  }

  /** Keeps a value read after `mark`, unless something was forgotten meanwhile or news is not heard. */
  private keepSince(mark: number, key: string, value: V): void {
    if (!this.news.listening || mark !== this.generation) return;
    if (this.kept.size >= this.max) this.kept.clear();
    this.kept.set(key, value);
  }

  /** Runs `find` and keeps what it answers (when anything), as `keepSince`. */
  async keep<F extends V | undefined>(_ex: Executor, key: string, find: () => Promise<F>): Promise<F> {
    const mark = this.mark();
    const found = await find();
    if (found !== undefined) this.keepSince(mark, key, found);
    return found;
  }

  forget(key: string): void {
    this.generation++;
    this.kept.delete(key);
  }

  forgetWhere(stale: (value: V) => boolean): void {
    this.generation++;
    for (const [key, value] of this.kept) if (stale(value)) this.kept.delete(key);
  }

  forgetAll(): void {
    this.generation++;
    this.kept.clear();
  }
}
