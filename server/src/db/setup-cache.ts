import type { Kysely } from 'kysely';
import type { CenterRow, Database, ServiceRow } from './schema';
import type { Executor } from './database';
import type { HolidayRow } from './closures.repository';
import { KeptReads, setupChangesChannel, type DatabaseNews } from './news';
import { afterCommit } from './transaction';
import { setupVersion } from './versions';

/**
 * A centre's setup kept in the instance between requests: what issuing reads before it decides (the centre, the
 * service, the holidays around today) changes when an administrator or supervisor changes it, not with the line.
 * On PostgreSQL (`SetupCache`: issue 18, docs/PERFORMANCE.md figure 8) an issue need not wait for a round trip to
 * read it; on SQLite (`VersionedSetupCache`) it is three whole rows less to read and build at every issue.
 */
export interface KeptSetups {
  /** The kept setup for issuing a ticket of `serviceId` at `centerId` at `now`, if kept and current. */
  ofIssue(ex: Executor, centerId: string, serviceId: number, now: Date): IssueSetup | undefined | Promise<IssueSetup | undefined>;
  /**
   * Runs `read` (the setup, read with whatever else the command needs then) and keeps the setup it answers when
   * the centre has the service.
   */
  keepIssue<R extends SetupRead>(ex: Executor, centerId: string, serviceId: number, now: Date, read: () => Promise<R>): Promise<R>;
}

/** What `keepIssue`'s read answers (at least). */
type SetupRead = { center: CenterRow | undefined; service: ServiceRow | undefined; holidays: HolidayRow[] };

/**
 * PostgreSQL. Triggers on `centers` (any column but the display sequence), `services` and `center_holidays` (migration
 * `2026-12-03T1000-setup-changes`) notify with the centre's id when such a change commits, from any instance or
 * process; every instance hears it (`news.ts`) and forgets that centre's setup. Nothing is kept while the news is
 * not heard, nor a read that raced with news. A change is seen by the other instances as soon as its news arrives
 * (a millisecond or so after its commit), as a change committed during a command's own read would have been missed
 * by it: "stop issuing now" stops them both ways within that moment.
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

export class SetupCache implements KeptSetups {
  private readonly issue: KeptReads<IssueSetup>;

  constructor(news: DatabaseNews) {
    this.issue = new KeptReads(news, maxKept);
    news.on(setupChangesChannel, (centerId) => this.forgetCenter(centerId));
  }

  ofIssue(_ex: Executor, centerId: string, serviceId: number, now: Date): IssueSetup | undefined {
    return this.issue.get(issueKey(centerId, serviceId, now));
  }

  /** Keeps unless news arrived while `read` (the command's first round trip) was on its way. */
  async keepIssue<R extends SetupRead>(
    _ex: Executor,
    centerId: string,
    serviceId: number,
    now: Date,
    read: () => Promise<R>,
  ): Promise<R> {
    const mark = this.issue.mark();
    const found = await read();
    const { center, service, holidays } = found;
    if (center && service && service.center_id === centerId) this.issue.keepSince(mark, issueKey(centerId, serviceId, now), { center, service, holidays });
    return found;
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

/**
 * SQLite: kept while `setup_version` stays the same, a number triggers raise on every change to centres (but their
 * display sequence), services and holidays, whoever makes it (migration `2026-12-03T1300-setup-version`,
 * `versions.ts`). Reading it is one row of one page, against three whole rows built into objects.
 */
export class VersionedSetupCache implements KeptSetups {
  private readonly kept = new Map<string, IssueSetup>();
  /** The version what is kept was read at: a new one forgets it all. */
  private version: string | null = null;

  async ofIssue(ex: Executor, centerId: string, serviceId: number, now: Date): Promise<IssueSetup | undefined> {
    await this.current(ex);
    return this.kept.get(issueKey(centerId, serviceId, now));
  }

  async keepIssue<R extends SetupRead>(ex: Executor, centerId: string, serviceId: number, now: Date, read: () => Promise<R>): Promise<R> {
    await this.current(ex);
    const version = this.version;
    const found = await read();
    const { center, service, holidays } = found;
    // Read after the version: what is kept is at least as new as its version says (a newer one forgets it).
    if (version === this.version && center && service && service.center_id === centerId) {
      if (this.kept.size >= maxKept) this.kept.clear();
      this.kept.set(issueKey(centerId, serviceId, now), { center, service, holidays });
    }
    return found;
  }

  private async current(ex: Executor): Promise<void> {
    const version = await setupVersion(ex);
    if (version === this.version) return;
    this.kept.clear();
    this.version = version;
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
