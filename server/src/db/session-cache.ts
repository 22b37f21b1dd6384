import type { User } from '@navbat/shared';
import { KeptReads, sessionChangesChannel, type DatabaseNews } from './news';

/**
 * Signed-in sessions kept in the instance between requests, on PostgreSQL (issue 18, docs/PERFORMANCE.md figure 8):
 * a staff request then waits for no round trip to learn who sent it, and a command costs the trips of its own
 * reads and writes only.
 *
 * Triggers on `sessions` and `users` (migration `2026-12-03T0900-session-changes`) notify with the user's id whenever
 * a session ends (logout, a password reset, a deactivation, `npm run reset-admin`) or the user changes (role, name);
 * every instance hears it (`news.ts`) and forgets that user's sessions. Nothing is kept while the news is not heard,
 * nor a session read that raced with news. A kept session also ends at its own expiry time.
 */

/** At most this many sessions are kept (a centre's staff are a few dozen; random tokens are never kept). */
const maxKept = 10_000;

interface Kept {
  user: User;
  expiresAt: string;
}

export class SessionCache {
  private readonly kept: KeptReads<Kept>;

  constructor(private readonly news: DatabaseNews) {
    this.kept = new KeptReads(news, maxKept);
    news.on(sessionChangesChannel, (payload) => {
      const userId = Number(payload);
      if (payload !== '' && Number.isInteger(userId)) this.forgetUser(userId);
      else this.kept.forgetAll();
    });
  }

  /** Whether news of sessions' ends is being heard now: only then are sessions kept. */
  get listening(): boolean {
    return this.news.listening;
  }

  /**
   * The session's user: the kept one while it is alive, else `read`'s (kept when the instance is listening and
   * nothing was heard meanwhile). `sessionId` is the token's hash; `nowIso` the request's time.
   */
  async userOf(sessionId: string, nowIso: string, read: () => Promise<Kept | undefined>): Promise<User | null> {
    const hit = this.kept.get(sessionId);
    if (hit) {
      if (hit.expiresAt > nowIso) return hit.user;
      this.kept.forget(sessionId);
    }
    return (await this.kept.keep(sessionId, read))?.user ?? null;
  }

  /** Runs `find` (a session's read, or a sign-in's insert) and keeps the session it answers, as `userOf`. */
  keep<K extends Kept | undefined>(sessionId: string, find: () => Promise<K>): Promise<K> {
    return this.kept.keep(sessionId, find);
  }

  /** Forgets one session (this instance's own logout: before the database's news of it comes back). */
  forgetSession(sessionId: string): void {
    this.kept.forget(sessionId);
  }

  /** Forgets every session of a user (news of a change, or this instance's own change to the user). */
  forgetUser(userId: number): void {
    this.kept.forgetWhere((k) => k.user.id === userId);
  }
}
