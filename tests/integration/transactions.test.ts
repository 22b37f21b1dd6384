import { describe, expect, it } from 'vitest';
import { AppError } from '@navbat/shared';
import { inTransaction, rollback } from '../../server/src/db/transaction';
import { insertOutboxEvents } from '../../server/src/db/outbox.repository';
import { appendTicketEvent, updateTicketOrFail } from '../../server/src/db/tickets.repository';
import { takeNextNumberLater } from '../../server/src/db/services.repository';
import { prepared, read, runRead } from '../../server/src/db/prepared';
import { inReadSnapshot } from '../../server/src/db/snapshot';
import type { Executor } from '../../server/src/db/database';
import { issue, useTestApp } from '../support/test-app';
import type { DomainEvent } from '../../server/src/services/events';

const settingByKey = prepared((ex, a: { key: string }) => ex.selectFrom('settings').select('key').where('key', '=', a.key));
const settingsLike = prepared((ex, a: { pattern: string }) => ex.selectFrom('settings').select('key').where('key', 'like', a.pattern));
const insertSetting = prepared((ex, a: { key: string; value: string }) => ex.insertInto('settings').values(a));

// On SQLite, commands arriving together share one commit (each in its own savepoint); on PostgreSQL each
// is its own transaction. Either way: each command is all or nothing, and a failing one leaves the
// others alone.
const t = useTestApp();

/**
 * A command that has written a setting `key` and holds its transaction (on SQLite the one connection) until `finish`,
 * then rolls back: answers 'rolled back'.
 */
async function commandHolding(key: string) {
  let inserted!: () => void;
  const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
  let finish!: () => void;
  const finishSignal = new Promise<void>((resolve) => (finish = resolve));
  const command = inTransaction(t.database, async (trx) => {
    await trx.insertInto('settings').values({ key, value: '1' }).execute();
    inserted();
    await finishSignal;
    return rollback('rolled back');
  });
  await insertedSignal;
  return { command, finish };
}

describe('write transactions', () => {
  it('a burst of good and bad requests: every good one is stored once, every bad one changes nothing', async () => {
    const requests = Array.from({ length: 40 }, (_, i) => (i % 4 === 3 ? issue(t.app, 9999) : issue(t.app, 1)));
    const answers = await Promise.all(requests);
    const good = answers.filter((a) => a.status === 201);
    expect(good).toHaveLength(30);
    expect(answers.filter((a) => a.status === 404).every((a) => a.body.error.code === 'SERVICE_NOT_FOUND')).toBe(true);
    expect(good.map((a) => a.body.ticket.number).sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const stored = await t.database.db.selectFrom('tickets').select(['number']).execute();
    expect(stored).toHaveLength(30);
    const events = await t.database.db.selectFrom('ticket_events').select(['id']).execute();
    expect(events).toHaveLength(30);
  });

  // SQLite's commit groups answer in order; on PostgreSQL a centre's issues share a group too (`centerGroup`), and the
  // events of a group and of the groups before it are published in seq order (server/src/db/seq-order.ts).
  it('issues arriving together, some refused and some repeated by key, publish each ticket once, in display seq order', async () => {
    const published: DomainEvent[] = [];
    t.app.bus.subscribe((events) => published.push(...events));
    const requests = Array.from({ length: 48 }, (_, i) =>
      i % 6 === 5 ? issue(t.app, 9999) : i % 6 === 4 ? issue(t.app, 2, {}, { 'idempotency-key': 'seq-order-repeat' }) : issue(t.app, 1 + (i % 3)),
    );
    const answers = await Promise.all(requests);
    expect(answers.filter((a) => a.status !== 201 && a.status !== 200 && a.status !== 404)).toEqual([]);
    const issued = published.filter((e): e is Extract<DomainEvent, { type: 'ticket.issued' }> => e.type === 'ticket.issued');
    const tickets = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.ticket.id as number));
    // 32 plain issues and one for the repeated key.
    expect(tickets.size).toBe(33);
    expect(issued.map((e) => e.ticketId).sort((a, b) => a - b)).toEqual([...tickets].sort((a, b) => a - b));
    const seqs = issued.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  });

  it('rolls back only the command that threw, even when it shares a commit with others', async () => {
    const insert = (code: string) =>
      inTransaction(t.database, async (trx) => {
        await trx.insertInto('settings').values({ key: code, value: '1' }).execute();
        if (code.startsWith('bad')) throw new AppError('VALIDATION_ERROR', 'refused');
        return code;
      });
    const results = await Promise.allSettled(['ok-1', 'bad-1', 'ok-2', 'bad-2', 'ok-3'].map(insert));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    const keys = (await t.database.db.selectFrom('settings').select('key').where('key', 'like', '%-%').execute()).map((r) => r.key).sort();
    expect(keys).toEqual(['ok-1', 'ok-2', 'ok-3']);
  });

  it('a command that answers rollback(value) writes nothing and answers the value, beside commands that commit', async () => {
    const run = (code: string) =>
      inTransaction(t.database, async (trx) => {
        await trx.insertInto('settings').values({ key: code, value: '1' }).execute();
        return code.startsWith('empty') ? rollback({ nothing: code }) : { stored: code };
      });
    const answers = await Promise.all(['ok-1', 'empty-1', 'ok-2', 'empty-2'].map(run));
    expect(answers).toEqual([{ stored: 'ok-1' }, { nothing: 'empty-1' }, { stored: 'ok-2' }, { nothing: 'empty-2' }]);
    const keys = (await t.database.db.selectFrom('settings').select('key').where('key', 'like', '%-%').execute()).map((r) => r.key).sort();
    expect(keys).toEqual(['ok-1', 'ok-2']);
    // Alone too (no group to share on PostgreSQL or SQLite).
    expect(await run('empty-3')).toEqual({ nothing: 'empty-3' });
    expect(await t.database.db.selectFrom('settings').select('key').where('key', '=', 'empty-3').executeTakeFirst()).toBeUndefined();
  });

  // A commit group's first command has no savepoint: when it fails or rolls back, its whole transaction is rolled back.
  it("a commit group's first command that throws or rolls back after writing leaves nothing, and the commands behind it commit", async () => {
    const run = (code: string) =>
      inTransaction(t.database, async (trx) => {
        await trx.insertInto('settings').values({ key: code, value: '1' }).execute();
        if (code.startsWith('bad')) throw new AppError('VALIDATION_ERROR', 'refused');
        return code.startsWith('empty') ? rollback({ nothing: code }) : { stored: code };
      });
    const results = await Promise.allSettled(['bad-first', 'ok-after-bad', 'empty-first', 'ok-after-empty'].map(run));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as AppError).code))).toEqual([
      'VALIDATION_ERROR',
      { stored: 'ok-after-bad' },
      { nothing: 'empty-first' },
      { stored: 'ok-after-empty' },
    ]);
    const keys = (await t.database.db.selectFrom('settings').select('key').where('key', 'like', '%-%-%').execute()).map((r) => r.key).sort();
    expect(keys).toEqual(['ok-after-bad', 'ok-after-empty']);
  });

  // SQLite: a commit group runs its statements straight on the one connection it holds (transaction.ts, runningNow);
  // everything else still waits for the connection, so it cannot run inside the group's open transaction.
  it('a read outside any command never sees what a command has not committed, while the command holds the connection', async () => {
    const { command, finish } = await commandHolding('held-1');
    const outside = t.database.db.selectFrom('settings').select('key').where('key', '=', 'held-1').execute();
    finish();
    expect(await command).toBe('rolled back');
    expect(await outside).toEqual([]);
    expect(await t.database.db.selectFrom('settings').select('key').where('key', '=', 'held-1').execute()).toEqual([]);
  });

  // SQLite: prepared statements outside commands run in the call that makes them (sqlite-statements.ts, runsNow), but
  // only reads, and only while no transaction holds the connection; otherwise they wait for it like the rest.
  it('a prepared read outside any command waits for a command that holds the connection, and never sees what it did not commit', async () => {
    const { command, finish } = await commandHolding('held-2');
    const outside = runRead(t.database.db, read(settingByKey, { key: 'held-2' }, (rows) => rows.map((r) => r.key)));
    finish();
    expect(await command).toBe('rolled back');
    expect(await outside).toEqual([]);
  });

  it('a prepared write outside any command never lands between the reads of a read snapshot', async () => {
    let readOnce!: () => void;
    const readOnceSignal = new Promise<void>((resolve) => (readOnce = resolve));
    let finish!: () => void;
    const finishSignal = new Promise<void>((resolve) => (finish = resolve));
    const count = (ex: Executor) => runRead(ex, read(settingsLike, { pattern: 'snap-%' }, (rows) => rows.length));
    const snapshot = inReadSnapshot(t.database, async (ex) => {
      const before = await count(ex);
      readOnce();
      await finishSignal;
      return [before, await count(ex)];
    });
    await readOnceSignal;
    const write = insertSetting(t.database.db, { key: 'snap-1', value: '1' });
    // Give the write every chance to run before the snapshot's second read.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    finish();
    expect(await snapshot).toEqual([0, 0]);
    await write;
    expect(await count(t.database.db)).toBe(1);
  });

  // On PostgreSQL a write nothing waits for goes out with the command's next statement (server/src/db/pg-pipeline.ts).
  it('a write sent later that fails fails its command with its own error, and nothing of the command is stored', async () => {
    const outbox = { type: 'ticket.issued', centerId: 'isb-g9', ticketId: null, data: '{"probe":"later"}', occurredAt: new Date().toISOString() };
    const attempt = inTransaction(t.database, async (trx) => {
      await insertOutboxEvents(trx, [outbox]);
      // No such ticket: its audit event breaks the foreign key.
      await appendTicketEvent(trx, { ticketId: 987654, centerId: 'isb-g9', type: 'issued', at: outbox.occurredAt, actorId: null, counterId: null });
      await trx.selectFrom('settings').select('key').execute();
      return 'committed';
    });
    const error = await attempt.then(
      () => null,
      (e: unknown) => e as { code?: string },
    );
    // The foreign key's own error (not PostgreSQL's "current transaction is aborted" of the statements after it).
    expect(['23503', 'SQLITE_CONSTRAINT_FOREIGNKEY']).toContain(error?.code);
    expect(await t.database.db.selectFrom('outbox_events').select('id').where('data', '=', outbox.data).execute()).toEqual([]);
  });

  it('a write sent later is seen by the statements after it, and its answer is there when asked for', async () => {
    const numbers = await inTransaction(t.database, async (trx) => {
      const first = await takeNextNumberLater(trx, 2, '2031-01-01');
      const second = await takeNextNumberLater(trx, 2, '2031-01-01');
      // Asked for before any other statement: the queued ones go out now.
      const b = await second();
      const row = await trx.selectFrom('daily_sequences').select('last_number').where('service_id', '=', 2).where('service_day', '=', '2031-01-01').executeTakeFirstOrThrow();
      return [await first(), b, row.last_number];
    });
    expect(numbers).toEqual([1, 2, 2]);
  });

  it('a command that rolls back before anything it queued went out leaves nothing behind', async () => {
    const answer = await inTransaction(t.database, async (trx) => {
      await insertOutboxEvents(trx, [{ type: 'ticket.issued', centerId: 'isb-g9', ticketId: null, data: '{"probe":"unsent"}', occurredAt: new Date().toISOString() }]);
      return rollback('nothing');
    });
    expect(answer).toBe('nothing');
    expect(await t.database.db.selectFrom('outbox_events').select('id').where('data', '=', '{"probe":"unsent"}').execute()).toEqual([]);
    // The connection is clean for the next command.
    expect(await inTransaction(t.database, async (trx) => (await trx.selectFrom('centers').select('id').execute()).length)).toBeGreaterThan(0);
  });

  it('a ticket write that must find its ticket as it was: when another request changed it, the command fails with its error and stores nothing', async () => {
    const { body } = await issue(t.app, 1);
    const id = body.ticket.id as number;
    const outbox = { type: 'ticket.issued', centerId: 'isb-g9', ticketId: null, data: '{"probe":"changed meanwhile"}', occurredAt: new Date().toISOString() };
    const lost = () => new AppError('CONFLICT', 'the ticket changed meanwhile');
    // The ticket is waiting, not serving: the write changes no row.
    const attempt = inTransaction(t.database, async (trx) => {
      await insertOutboxEvents(trx, [outbox]);
      await updateTicketOrFail(trx, id, 'serving', { status: 'done' }, lost);
      await insertOutboxEvents(trx, [{ ...outbox, data: '{"probe":"after it"}' }]);
      return 'committed';
    });
    const error = await attempt.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CONFLICT');
    expect(await t.database.db.selectFrom('outbox_events').select('id').where('data', 'in', [outbox.data, '{"probe":"after it"}']).execute()).toEqual([]);
    expect((await t.database.db.selectFrom('tickets').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('waiting');
    // As it was, the same write goes through, and the statements after it see it.
    const seen = await inTransaction(t.database, async (trx) => {
      await updateTicketOrFail(trx, id, 'waiting', { status: 'cancelled' }, lost);
      return (await trx.selectFrom('tickets').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    });
    expect(seen).toBe('cancelled');
  });
});
