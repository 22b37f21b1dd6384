import type { Kysely } from 'kysely';
import type { CenterRow, Database, ServiceRow } from './schema';
import type { Executor } from './database';
import type { HolidayRow } from './closures.repository';
import { KeptReads, setupChangesChannel, type DatabaseNews } from './news';
import { VersionedReads, type KeptValues } from './kept-values';
import { afterCommit } from './transaction';
import { setupVersion } from './versions';

/**
 * A centre's setup kept in the instance between requests: what issuing reads before it decides (the centre, the
 * service, the holidays around today) changes when an administrator or supervisor changes it, not with the line.
 * On PostgreSQL (issue 18, docs/PERFORMANCE.md figure 8) an issue need not wait for a round trip to read it; on
 * SQLite it is three whole rows less to read and build at every issue.
 *
 * PostgreSQL: triggers on `centers` (any column but the display sequence), `services` and `center_holidays`
 * (migration `2026-12-03T1000-setup-changes`) notify with the centre's id when such a change commits, from any
 * instance or process; every instance hears it (`news.ts`) and forgets that centre's setup. Nothing is kept while
 * the news is not heard, nor a read that raced with news. A change is seen by the other instances as soon as its
 * news arrives (a millisecond or so after its commit), as a change committed during a command's own read would
 * have been missed by it: "stop issuing now" stops them both ways within that moment.
 *
 * SQLite: kept while `setup_version` stays the same, a number the same changes raise by triggers, whoever makes
 * them (migration `2026-12-03T1300-setup-version`, `versions.ts`): one row of one page to read instead of three.
 */

/** What issuing reads of a centre's setup. */
export interface IssueSetup {
  center: CenterRow;
  service: ServiceRow;
  /** The centre's holidays on every local day `now` can be in (`holidaysAroundRead`). */
  holidays: HolidayRow[];
}

/** At most this many (centre, service, day) setups are kept: a country's centres and their services. */
const maxKept = 20_000;

export class SetupCache {
  static onPostgres(news: DatabaseNews): SetupCache {
    const cache = new SetupCache(new KeptReads<IssueSetup>(news, maxKept));
    news.on(setupChangesChannel, (centerId) => cache.forgetCenter(centerId));
    return cache;
  }

  static onSqlite(): SetupCache {
    return new SetupCache(new VersionedReads<IssueSetup>(setupVersion, maxKept));
  }

  private constructor(private readonly issue: KeptValues<IssueSetup>) {}

  /** The kept setup for issuing a ticket of `serviceId` at `centerId` at `now`, if kept and current. */
  ofIssue(ex: Executor, centerId: string, serviceId: number, now: Date): IssueSetup | undefined | Promise<IssueSetup | undefined> {
    return this.issue.get(ex, issueKey(centerId, serviceId, now));
  }

  /**
   * Runs `read` (the setup, read with whatever else the command needs then: on PostgreSQL its first round trip)
   * and keeps the setup it answers when the centre has the service.
   */
  async keepIssue<R extends { center: CenterRow | undefined; service: ServiceRow | undefined; holidays: HolidayRow[] }>(
    ex: Executor,
    centerId: string,
    serviceId: number,
    now: Date,
    read: () => Promise<R>,
  ): Promise<R> {
    let found: R | undefined;
    await this.issue.keep(ex, issueKey(centerId, serviceId, now), async () => {
      found = await read();
      const { center, service, holidays } = found;
      return center && service && service.center_id === centerId ? { center, service, holidays } : undefined;
    });
    return found!;
  }

  /** Forgets a centre's setup (news of a change). */
  forgetCenter(centerId: string): void {
    this.issue.forgetWhere((s) => s.center.id === centerId);
  }

  /** Forgets every setup kept (this instance's own change, before the database's news of it comes back). */
  forgetAll(): void {
    this.issue.forgetAll();
  }
}

/** Per database (its adapter): its setup cache. */
const caches = new WeakMap<object, SetupCache>();

/** Makes `setupChanged` on `db`'s statements reach `cache`. */
export function registerSetupCache(db: Kysely<Database>, cache: SetupCache): void {
  caches.set(db.getExecutor().adapter, cache);
}

/**
 * Called by every statement that changes a centre's setup (the centre, a service, a holiday): once its transaction
 * commits, this instance forgets what it kept, so its next request reads the change even before the database's
 * news of it comes back (an administrator's next request reads what they just saved).
 */
export function setupChanged(ex: Executor): void {
  const cache = caches.get(ex.getExecutor().adapter);
  if (cache) afterCommit(ex, () => cache.forgetAll());
}

/** Per centre, service and UTC date (the holidays read are those around it). */
const issueKey = (centerId: string, serviceId: number, now: Date) => `${centerId}:${serviceId}:${now.toISOString().slice(0, 10)}`;
