import type { User } from '@navbat/shared';
import type { Executor } from './database';
import { KeptReads, sessionChangesChannel, type DatabaseNews } from './news';
import { VersionedReads, type KeptValues } from './kept-values';
import { sessionVersion } from './versions';

/**
 * Signed-in sessions kept in the instance between requests (issue 18): on PostgreSQL (docs/PERFORMANCE.md figure 8)
 * a staff request then waits for no round trip to learn who sent it, and a command costs the trips of its own
 * reads and writes only; on SQLite a staff request reads one number instead of the session and its user.
 *
 * PostgreSQL: triggers on `sessions` and `users` (migration `2026-12-03T0900-session-changes`) notify with the user's id whenever
 * a session ends (logout, a password reset, a deactivation, `npm run reset-admin`) or the user changes (role, name);
 * every instance hears it (`news.ts`) and forgets that user's sessions. Nothing is kept while the news is not heard,
 * nor a session read that raced with news. A kept session also ends at its own expiry time.
 *
 * SQLite: kept while `session_version` stays the same, a number the same changes raise by triggers, whoever makes
 * them (migration `2026-12-03T1400-session-version`, `versions.ts`).
 */

/** At most this many sessions are kept (a centre's staff are a few dozen; random tokens are never kept). */
const maxKept = 10_000;

interface Kept {
  user: User;
  expiresAt: string;
}

export class SessionCache {
  static onPostgres(news: DatabaseNews): SessionCache {
    const cache = new SessionCache(new KeptReads<Kept>(news, maxKept), news);
    news.on(sessionChangesChannel, (payload) => {
      const userId = Number(payload);
      if (payload !== '' && Number.isInteger(userId)) cache.forgetUser(userId);
      else cache.kept.forgetAll();
    });
    return cache;
  }

  static onSqlite(): SessionCache {
    return new SessionCache(new VersionedReads<Kept>(sessionVersion, maxKept), null);
  }

  private constructor(
    private readonly kept: KeptValues<Kept>,
    private readonly news: DatabaseNews | null,
  ) {}

  /** Whether sessions are kept now: on PostgreSQL only while news of their ends is heard. */
  get listening(): boolean {
    return this.news?.listening ?? true;
  }

  /**
   * The session's user: the kept one while it is alive, else `read`'s (kept when the instance is listening and
   * nothing was heard meanwhile). `sessionId` is the token's hash; `nowIso` the request's time; `ex` where it reads.
   */
  async userOf(ex: Executor, sessionId: string, nowIso: string, read: () => Promise<Kept | undefined>): Promise<User | null> {
    const hit = await this.kept.get(ex, sessionId);
    if (hit) {
      if (hit.expiresAt > nowIso) return hit.user;
      this.kept.forget(sessionId);
    }
    return (await this.kept.keep(ex, sessionId, read))?.user ?? null;
  }

  /** Runs `find` (a session's read, or a sign-in's insert) and keeps the session it answers, as `userOf`. */
  keep<K extends Kept | undefined>(ex: Executor, sessionId: string, find: () => Promise<K>): Promise<K> {
    return this.kept.keep(ex, sessionId, find);
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
