import type { Executor } from './database';

/**
 * Values an instance keeps between requests (signed-in sessions, centres' setup) and how it knows they still hold:
 * on PostgreSQL while it hears the database's news of their changes (`KeptReads` in `news.ts`); on SQLite while a
 * number that triggers raise at every such change stays the same (`VersionedReads`, numbers in `versions.ts`).
 * Either way a change is seen from the first request after it commits, whoever made it.
 */
export interface KeptValues<V> {
  /** The kept value, if kept and still right (`ex`: where the request reads, for a version). */
  get(ex: Executor, key: string): V | undefined | Promise<V | undefined>;
  /** Runs `find` and keeps what it answers (when anything), unless what it read may already be stale. */
  keep<F extends V | undefined>(ex: Executor, key: string, find: () => Promise<F>): Promise<F>;
  forget(key: string): void;
  forgetWhere(stale: (value: V) => boolean): void;
  forgetAll(): void;
}

/**
 * SQLite: values kept while `versionOf` (a number raised by triggers, one row of one page to read) answers what it
 * answered when they were read; a new number forgets them all. A value is read after the number it is kept
 * under, so it is at least as new as that number says. At most `max` (more and all are forgotten).
 */
export class VersionedReads<V> implements KeptValues<V> {
  private readonly kept = new Map<string, V>();
  /** The number what is kept was read at. */
  private version: string | null = null;

  constructor(
    private readonly versionOf: (ex: Executor) => Promise<string | null>,
    private readonly max: number,
  ) {}

  async get(ex: Executor, key: string): Promise<V | undefined> {
    await this.current(ex);
    return this.kept.get(key);
  }

  async keep<F extends V | undefined>(ex: Executor, key: string, find: () => Promise<F>): Promise<F> {
    await this.current(ex);
    const version = this.version;
    const found = await find();
    if (found !== undefined && version !== null && version === this.version) {
      if (this.kept.size >= this.max) this.kept.clear();
      this.kept.set(key, found);
    }
    return found;
  }

  forget(key: string): void {
    this.kept.delete(key);
  }

  forgetWhere(stale: (value: V) => boolean): void {
    for (const [key, value] of this.kept) if (stale(value)) this.kept.delete(key);
  }

  forgetAll(): void {
    this.kept.clear();
  }

  private async current(ex: Executor): Promise<void> {
    const version = await this.versionOf(ex);
    if (version === this.version) return;
    this.kept.clear();
    this.version = version;
  }
}
