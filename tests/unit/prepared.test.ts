import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/src/db/database';
import { columnsShape, prepared } from '../../server/src/db/prepared';
import { planOf } from '../support/sqlite-plan';

const database = openDatabase({ url: ':memory:' });
const sqlite = database.sqlite!;
sqlite.exec(`create table tickets (id integer primary key, center_id text, status text, priority text, service_id integer, queued_at text)`);
sqlite.exec(`create index tickets_priority_line_idx on tickets (center_id, service_id, queued_at, id) where status = 'waiting' and priority <> 'none'`);
sqlite.exec(`insert into tickets values (1, 'c', 'waiting', 'none', 1, 'a'), (2, 'c', 'waiting', 'senior', 1, 'b'), (3, 'c', 'done', 'senior', 1, 'a')`);
afterAll(() => database.close());

const firstPriority = prepared(
  (ex, a: { centerId: string }) =>
    ex
      .selectFrom('tickets as priority_line' as 'tickets')
      .select('id')
      .where('center_id', '=', a.centerId)
      .where(sql<boolean>`status = 'waiting'`)
      .where(sql<boolean>`priority <> 'none'`)
      .orderBy('queued_at')
      .limit(1),
  () => '',
  { priority_line: 'tickets_priority_line_idx' },
);

describe('prepared queries', () => {
  it('read an aliased table through the index named for it on SQLite', async () => {
    expect((await firstPriority(database.db, { centerId: 'c' })).rows).toEqual([{ id: 2 }]);
    const plan = planOf(sqlite, `select id from tickets as priority_line indexed by tickets_priority_line_idx where center_id = 'c' and status = 'waiting' and priority <> 'none'`);
    expect(plan).toContain('tickets_priority_line_idx');
  });

  it('fail loudly when the query has no table of the hint’s alias, or the index cannot serve it', async () => {
    const noAlias = prepared((ex) => ex.selectFrom('tickets').select('id'), () => '', { priority_line: 'tickets_priority_line_idx' });
    await expect(noAlias(database.db, {})).rejects.toThrow(/no table aliased "priority_line"/);
    // The index's condition is not in the query: SQLite refuses rather than scanning.
    const unusable = prepared((ex) => ex.selectFrom('tickets as priority_line' as 'tickets').select('id'), () => '', { priority_line: 'tickets_priority_line_idx' });
    await expect(unusable(database.db, {})).rejects.toThrow(/no query solution/);
  });
});

describe('columnsShape', () => {
  it('names the defined columns in order, and tells rows of other columns apart, whichever came last', () => {
    const shapeOf = columnsShape();
    expect(shapeOf({ a: 1, b: undefined, c: null })).toBe('a,c,');
    expect(shapeOf({ a: 2, b: undefined, c: 3 })).toBe('a,c,');
    expect(shapeOf({ a: 2, b: 5, c: 3 })).toBe('a,b,c,');
    expect(shapeOf({ c: 3, a: 2 })).toBe('c,a,');
    expect(shapeOf({ a: 1 })).toBe('a,');
    expect(shapeOf({ a: 1, c: 2 })).toBe('a,c,');
    expect(shapeOf({})).toBe('');
    // More shapes than it keeps: each still answers its own.
    for (let i = 0; i < 20; i++) expect(shapeOf({ [`k${i}`]: i, a: 1 })).toBe(`k${i},a,`);
    expect(shapeOf({ a: 1, b: 1, c: 1 })).toBe('a,b,c,');
  });
});
