import type { Executor } from './database';

/**
 * A centre's display sequence orders its visible commands (the row lock of `bumpDisplaySeq`), and displays expect
 * the events of one instance in that order (API.md "Hall display": `seq` grows by one with every change). On
 * PostgreSQL each command commits on a connection of its own, and the answers to two commits can reach this process
 * in the other order: the command that took seq n+1 right after seq n committed may hear its own commit first when
 * the database is slow to answer the first one. The events are published when a command hears its commit, so a
 * display would get n+1 before n.
 *
 * So a command that took a seq answers (and publishes) only after every command of this process that took a smaller
 * seq of the same centre and is still in flight has answered, or failed. Commands of other instances are ordered by
 * their own instance; SQLite's commit groups answer in order already and do not use this.
 */

interface Taken {
  centerId: string;
  seq: number;
  done: Promise<void>;
  release(): void;
}

/** Waiting longer than this for an earlier command (stuck on a dead connection) publishes out of order instead. */
const maxWaitMs = 5_000;

export class SeqOrder {
  private readonly inFlight = new Map<string, Set<Taken>>();

  /** Notes that a command took `seq` of the centre; it is in flight until `release`d. */
  take(centerId: string, seq: number): Taken {
    let release!: () => void;
    const done = new Promise<void>((r) => (release = r));
    const taken: Taken = {
      centerId,
      seq,
      done,
      release: () => {
        this.inFlight.get(centerId)?.delete(taken);
        if (this.inFlight.get(centerId)?.size === 0) this.inFlight.delete(centerId);
        release();
      },
    };
    let set = this.inFlight.get(centerId);
    if (!set) this.inFlight.set(centerId, (set = new Set()));
    set.add(taken);
    return taken;
  }

  /**
   * Resolves once every command in flight with a smaller seq of the same centres has been released, but for those
   * in `taken` itself (a commit group's commands answer together, in order).
   */
  async after(taken: readonly Taken[]): Promise<void> {
    const earlier = taken.flatMap((t) => [...(this.inFlight.get(t.centerId) ?? [])].filter((o) => o.seq < t.seq && !taken.includes(o)));
    if (earlier.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((r) => (timer = setTimeout(r, maxWaitMs)));
    await Promise.race([Promise.all(earlier.map((o) => o.done)), late]);
    clearTimeout(timer);
  }
}

/** The seqs each transaction in flight took, and where they are ordered (set by `inTransaction` on PostgreSQL). */
const takenBy = new WeakMap<Executor, { order: SeqOrder; taken: Taken[] }>();

/** Called by `inTransaction` for each PostgreSQL transaction: its seqs are noted in `order`. Answers them. */
export function trackSeqs(trx: Executor, order: SeqOrder): Taken[] {
  const taken: Taken[] = [];
  takenBy.set(trx, { order, taken });
  return taken;
}

/** Notes that the command running in `ex` took `seq` of the centre (a no-op outside a tracked transaction). */
export function noteSeqTaken(ex: Executor, centerId: string, seq: number): void {
  const tracked = takenBy.get(ex);
  if (tracked) tracked.taken.push(tracked.order.take(centerId, seq));
}
