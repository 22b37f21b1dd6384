import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { keptStatements, rowMaker } from '../../server/src/db/sqlite-statements';

describe('kept statements answer rows as better-sqlite3 does', () => {
  const setUp = () => {
    const sqlite = new SQLite(':memory:');
    sqlite.exec(`create table t (id integer primary key, name text, status text, data blob, score real)`);
    sqlite.exec(`insert into t (name, status, data, score) values ('Ayesha', 'waiting', x'0102', 1.5), (null, 'called', null, null)`);
    return { sqlite, kept: keptStatements(sqlite, null) };
  };
  const texts = [
    'select * from "t" order by "id"',
    'select "name" as "x", "status" as "x", "id" from "t" where "id" = ?',
    'select * from "t" where "status" = ? order by "id"',
    'select count(*) as "n" from "t"',
    'select * from "t" where "id" = ?',
  ];
  const args = [[], [1], ['called'], [], [99]];

  it('the same objects, with the same keys in the same order (a name that comes twice keeps its last value), for every kind of statement', () => {
    const { sqlite, kept } = setUp();
    texts.forEach((text, i) => {
      const expected = sqlite.prepare(text).all(...args[i]!);
      const rows = kept.prepare(text).all(args[i]!) as Record<string, unknown>[];
      expect(rows).toEqual(expected);
      rows.forEach((row, k) => expect(Object.keys(row)).toEqual(Object.keys(expected[k] as object)));
      expect([...kept.prepare(text).iterate(args[i]!)]).toEqual(expected);
    });
    expect(kept.prepare(texts[1]!).all([1])).toEqual([{ x: 'waiting', id: 1 }]);
    sqlite.close();
  });

  it('a table widened under a kept statement: its rows have the new column', () => {
    const { sqlite, kept } = setUp();
    const text = 'select * from "t" where "id" = ?';
    expect(Object.keys((kept.prepare(text).all([1]) as object[])[0]!)).not.toContain('zone');
    sqlite.exec(`alter table t add column zone text default 'hall-a'`);
    expect(kept.prepare(text).all([1])).toEqual([{ id: 1, name: 'Ayesha', status: 'waiting', data: Buffer.from([1, 2]), score: 1.5, zone: 'hall-a' }]);
    sqlite.close();
  });

  it('makes a row from names that need quoting', () => {
    expect(rowMaker(['a', 'b"c', 'd\\e', 'a'])([1, 2, 3, 4])).toEqual({ a: 4, 'b"c': 2, 'd\\e': 3 });
  });

  it('writes run as before: changes and the new row id', () => {
    const { sqlite, kept } = setUp();
    const result = kept.prepare('insert into "t" ("name") values (?)').run(['Bilal']) as { changes: number; lastInsertRowid: number };
    expect(result.changes).toBe(1);
    expect(Number(result.lastInsertRowid)).toBe(3);
    sqlite.close();
  });
});
