import type pgTypes from 'pg';
import type { User } from '@navbat/shared';

/**
 * Signed-in sessions kept in the instance between requests, on PostgreSQL (issue 18, docs/PERFORMANCE.md figure 8):
 * a staff request then waits for no round trip to learn who sent it, and a command costs the trips of its own
 * reads and writes only.
 *
 * A kept session is only as good as the news of its end, so the news comes from the database itself: triggers
 * on `sessions` and `users` (migration `2026-12-03T0900-session-changes`) notify the channel below with the user's
 * id whenever a session ends (logout, a password reset, a deactivation, `npm run reset-admin`) or the user changes
 * (role, name), from any instance or process, when that change commits. Every instance listens on a connection of
 * its own and forgets that user's sessions. Sessions are kept only while that connection is known to be listening:
 * when it drops, or its heartbeat (a notification it sends itself) is not heard back within 5 s, everything kept is
 * forgotten and each request reads its session again until the instance listens once more. A session read that was
 * under way when news arrived is not kept (`generation`), so a read that raced with a logout cannot outlive it. A
 * kept session also ends at its own expiry time.
 *
 * SQLite has none of this: its reads cost no round trip, and `reset-admin` writes the file from another process.
 */

export const sessionChangesChannel = 'navbat_session_changes';

/** At most this many sessions are kept (a centre's staff are a few dozen; random tokens are never kept). */
const maxKept = 10_000;
const heartbeatMs = 10_000;
/** The listening connection is given up (and what is kept forgotten) when a heartbeat is not heard back by then. */
const heartbeatTimeoutMs = 5_000;

interface Kept {
  user: User;
  expiresAt: string;
}

export class SessionCache {
  private readonly kept = new Map<string, Kept>();
  /** Raised by every change heard and every loss of the listening connection. */
  private generation = 0;
  private client: pgTypes.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private attempt = 0;
  /** Whether news of sessions' ends is being heard now: only then are sessions kept. */
  listening = false;
  /** How many times the listening connection was lost (or could not be made). */
  losses = 0;

  constructor(
    private readonly connect: () => pgTypes.Client,
    private readonly onListening: (listening: boolean) => void = () => {},
  ) {}

  private started = false;

  /** Starts listening, once (in the background; sessions are read each time until it does). Called at first use. */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.listen();
  }

  /**
   * The session's user: the kept one while it is alive, else `read`'s (kept when the instance is listening and
   * nothing was heard meanwhile). `sessionId` is the token's hash; `nowIso` the request's time.
   */
  async userOf(sessionId: string, nowIso: string, read: () => Promise<Kept | undefined>): Promise<User | null> {
    this.start();
    const hit = this.kept.get(sessionId);
    if (hit && this.listening) {
      if (hit.expiresAt > nowIso) return hit.user;
      this.kept.delete(sessionId);
    }
    return (await this.keep(sessionId, read))?.user ?? null;
  }

  /**
   * Runs `find` (a session's read, or a sign-in's insert) and keeps the session it answers while the instance is
   * listening, unless news came meanwhile.
   */
  async keep<K extends Kept | undefined>(sessionId: string, find: () => Promise<K>): Promise<K> {
    this.start();
    const generation = this.generation;
    const found = await find();
    if (found && this.listening && generation === this.generation) {
      if (this.kept.size >= maxKept) this.kept.clear();
      this.kept.set(sessionId, found);
    }
    return found;
  }

  /** Forgets one session (this instance's own logout: before the database's news of it comes back). */
  forgetSession(sessionId: string): void {
    this.generation++;
    this.kept.delete(sessionId);
  }

  /** Forgets every session of a user (news of a change, or this instance's own change to the user). */
  forgetUser(userId: number): void {
    this.generation++;
    for (const [id, k] of this.kept) if (k.user.id === userId) this.kept.delete(id);
  }

  private forgetAll(): void {
    this.generation++;
    this.kept.clear();
  }

  private setListening(listening: boolean): void {
    // Either way a read under way is not kept: it may have started before the news it would have missed.
    this.forgetAll();
    if (this.listening === listening) return;
    this.listening = listening;
    this.onListening(listening);
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
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
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
      if (n.channel !== sessionChangesChannel) return;
      const payload = n.payload ?? '';
      if (payload.startsWith('probe:')) return probes.get(payload)?.();
      const userId = Number(payload);
      if (Number.isInteger(userId)) this.forgetUser(userId);
      else this.forgetAll();
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
      await client.query(`listen ${sessionChangesChannel}`);
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

  /** Stops listening and forgets everything. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.setListening(false);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}
