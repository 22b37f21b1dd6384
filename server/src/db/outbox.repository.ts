import { sql } from 'kysely';
import type { Executor } from './database';
import { onSqlite, prepared, sendCompiledLater, sendLater } from './prepared';
import type { OutboxEventRow } from './outbox.schema';

/** An event to write into the outbox, in the transaction of the command that caused it. */
export interface NewOutboxEvent {
  type: string;
  centerId: string | null;
  ticketId: number | null;
  data: string;
  occurredAt: string;
}

const insertOutboxEvent = prepared((ex, e: NewOutboxEvent) =>
  ex.insertInto('outbox_events').values({ type: e.type, center_id: e.centerId, ticket_id: e.ticketId, data: e.data, occurred_at: e.occurredAt }),
);

export async function insertOutboxEvents(ex: Executor, events: readonly NewOutboxEvent[]): Promise<void> {
  // Nothing waits for the rows: on PostgreSQL they go out with the command's next statement (its commit).
  if (events.length === 0) return;
  if (events.length === 1) {
    await sendLater(ex, insertOutboxEvent, events[0]!);
    return;
  }
  await sendCompiledLater(
    ex,
    ex
      .insertInto('outbox_events')
      .values(events.map((e) => ({ type: e.type, center_id: e.centerId, ticket_id: e.ticketId, data: e.data, occurred_at: e.occurredAt })))
      .compile(),
  );
}

// Which events are fanned out. On PostgreSQL each row's `fanned_out` flag: instances take events past the rows
// another holds. On SQLite one number, `outbox_cursor.fanned_up_to` (migration 2026-12-05T1200-outbox-cursor): one
// transaction writes at a time, its commit group runs one command after another (`transaction.ts`), the take is in
// id order and a new row's id is above every id ever given (AUTOINCREMENT), so the events fanned out are always
// those up to one id. Marking moves that number instead of rewriting each event's row (and a partial index's entry)
// in the WAL.

/** SQLite: the last id fanned out, as a subquery of the statement that needs it. */
const fannedUpTo = sql<number>`(select fanned_up_to from outbox_cursor)`;

/**
 * PostgreSQL: the oldest events not fanned out, locked, skipping those another instance holds. `fanned_out = 0` is
 * written out, not bound: a plan for any value of it (PostgreSQL's generic plan of a prepared statement) cannot use
 * the partial index `outbox_events_pending_idx` and walks every event ever written (docs/PERFORMANCE.md, thirty-first
 * session).
 */
const selectUnfannedLocked = prepared((ex, a: { limit: number }) =>
  ex.selectFrom('outbox_events').selectAll().where(sql<boolean>`fanned_out = 0`).orderBy('id').limit(a.limit).forUpdate().skipLocked(),
);

/** SQLite: the events after the cursor, in id order (a walk up the primary key). */
const selectUnfannedAfterCursor = prepared((ex, a: { limit: number }) => ex.selectFrom('outbox_events').selectAll().where('id', '>', fannedUpTo).orderBy('id').limit(a.limit));

/**
 * The oldest events not yet fanned out to their consumers, to mark in the same transaction. On PostgreSQL the rows
 * stay locked until the caller's transaction ends and rows another instance holds are skipped, so each event is
 * taken by one instance.
 */
export async function takeUnfannedOutboxEvents(ex: Executor, limit: number): Promise<OutboxEventRow[]> {
  return (await (onSqlite(ex) ? selectUnfannedAfterCursor : selectUnfannedLocked)(ex, { limit })).rows as OutboxEventRow[];
}

/** SQLite: the cursor moved to `lastId` (never back). */
const moveCursor = prepared((ex, a: { lastId: number }) => {
  const query = sql`update outbox_cursor set fanned_up_to = max(fanned_up_to, ${a.lastId})`;
  return { compile: () => query.compile(ex) };
});

/**
 * PostgreSQL: the taken events' flags, by an array of their ids (`= any`): one statement text for every batch size
 * (an `in (…)` list was a statement prepared anew for each), sent with the commit (nothing reads its answer).
 */
const markFannedOut = prepared((ex, a: { ids: readonly number[] }) => ex.updateTable('outbox_events').set({ fanned_out: 1 }).where(sql<boolean>`id = any(${a.ids})`));

/**
 * Marks the events `takeUnfannedOutboxEvents` took (ids in ascending order) as fanned out, in the same transaction:
 * on SQLite by moving the cursor to the last of them (those up to it are exactly those taken, see above), on
 * PostgreSQL by their rows' flags.
 */
export async function markOutboxEventsFannedOut(ex: Executor, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  if (onSqlite(ex)) {
    await moveCursor(ex, { lastId: ids[ids.length - 1]! });
    return;
  }
  await sendLater(ex, markFannedOut, { ids });
}

/**
 * Deletes up to `limit` delivery-log rows that were delivered before `beforeIso`. Only `delivered` rows:
 * a pending one is still to be sent and a failed one may still be retried by hand. Answers how many.
 */
export async function purgeDeliveredDeliveries(ex: Executor, beforeIso: string, limit: number): Promise<number> {
  const batch = ex.selectFrom('webhook_deliveries').select('id').where('status', '=', 'delivered').where('created_at', '<', beforeIso).orderBy('created_at').limit(limit);
  const result = await ex.deleteFrom('webhook_deliveries').where('id', 'in', batch).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * The id of the first outbox event that occurred at or after `sinceIso` (null: none did). Ids grow with time, so a
 * walk up the primary key from the oldest event, which stops there: it reads the events older than `sinceIso` only.
 */
export async function firstOutboxEventSince(ex: Executor, sinceIso: string): Promise<number | null> {
  const row = await ex.selectFrom('outbox_events').select('id').where('occurred_at', '>=', sinceIso).orderBy('id').limit(1).executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Deletes up to `limit` outbox events that occurred before `beforeIso`, were fanned out to every consumer
 * and have no delivery left in the log (so none still to be sent or retried). Answers how many.
 *
 * `belowId` is `firstOutboxEventSince(beforeIso)`: the walk goes up the primary key from the oldest event and stops
 * there, so it reads the old events (those purged, and the few a delivery keeps), never the month the retention keeps,
 * and no index of times is needed (each event would write an entry to one). A clock that stepped back only leaves an
 * old event for a later run: `occurred_at` is still checked.
 */
export async function purgeDeliveredOutboxEvents(ex: Executor, beforeIso: string, limit: number, belowId: number | null): Promise<number> {
  let batch = ex.selectFrom('outbox_events as e').select('e.id');
  if (belowId !== null) batch = batch.where('e.id', '<', belowId);
  batch = onSqlite(ex) ? batch.where(sql<boolean>`e.id <= ${fannedUpTo}`) : batch.where('e.fanned_out', '=', 1);
  batch = batch
    .where('e.occurred_at', '<', beforeIso)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('webhook_deliveries as d').select('d.id').whereRef('d.event_id', '=', 'e.id'))))
    .orderBy('e.id')
    .limit(limit);
  const result = await ex.deleteFrom('outbox_events').where('id', 'in', batch).executeTakeFirst();
  return Number(result.numDeletedRows);
}
