import { describe, expect, it } from 'vitest';
import { planPlaceholders, postgresLiteral, sqliteLiteral, withPlanValues } from '../../server/src/db/plan-values';

describe('values SQLite plans by, written into the statement', () => {
  it('finds conditions on plan columns, their in-lists and limits; not a set, an insert or a quoted ?', () => {
    expect(planPlaceholders(`select * from "tickets" where "center_id" = ? and "status" = ? order by "id" limit ?`)?.planned).toEqual([false, true, true]);
    expect(planPlaceholders(`update "tickets" set "status" = ?, "called_at" = ? where "id" = ? and "status" = ?`)?.planned).toEqual([false, false, false, true]);
    expect(planPlaceholders(`select * from "t" where "t"."status" in (?, ?) and "x" = '?' and "arrived" = ?`)?.planned).toEqual([true, true, true]);
    expect(planPlaceholders(`select 1 from "t" where ("transfer_placement" is null or "transfer_placement" <> ?) and "awaiting_payment" = ?`)?.planned).toEqual([true, false]);
    expect(planPlaceholders(`insert into "tickets" ("status", "priority") values (?, ?)`)).toBeNull();
    expect(planPlaceholders(`select * from "sessions" where "id" = ?`)).toBeNull();
  });

  it('writes numbers and short strings (quotes doubled), and leaves the rest bound in order', () => {
    const shape = planPlaceholders(`select * from "t" where "a" = ? and "status" = ? and "b" = ? and "arrived" = ? limit ?`)!;
    expect(withPlanValues(shape, [1, "it's", 'x', null, 10])).toEqual({
      text: `select * from "t" where "a" = ? and "status" = 'it''s' and "b" = ? and "arrived" = ? limit 10`,
      rest: [1, 'x', null],
    });
    expect(sqliteLiteral('a\u0000b')).toBeNull();
    expect(sqliteLiteral('x'.repeat(65))).toBeNull();
    expect(sqliteLiteral(Number.NaN)).toBeNull();
    expect(sqliteLiteral(Buffer.from('x'))).toBeNull();
    expect(sqliteLiteral(-2.5)).toBe('-2.5');
  });
});

describe('values PostgreSQL plans by, written into the statement', () => {
  it('finds conditions on plan columns and their in-lists by $n; not a set, an insert, a limit or a quoted $1', () => {
    expect(planPlaceholders(`select * from "tickets" where "center_id" = $1 and "status" = $2 order by "id" limit $3`, 'postgres')?.planned).toEqual([false, true, false]);
    expect(planPlaceholders(`update "tickets" set "status" = $1, "called_at" = $2 where "id" = $3 and "status" = $4`, 'postgres')?.planned).toEqual([false, false, false, true]);
    expect(planPlaceholders(`select * from "t" where "t"."status" in ($1, $2) and "x" = '$3' and "arrived" = $3`, 'postgres')?.planned).toEqual([true, true, true]);
    expect(planPlaceholders(`insert into "tickets" ("status", "priority") values ($1, $2)`, 'postgres')).toBeNull();
    expect(planPlaceholders(`select * from "outbox_events" where "fanned_out" = $1 limit $2`, 'postgres')?.params).toEqual([0, 1]);
  });

  it('writes numbers and plain words quoted, leaves the rest bound and numbers their placeholders anew', () => {
    const shape = planPlaceholders(`select * from "t" where "a" = $1 and "status" = $2 and "b" = $3 and "arrived" = $4 and "c" = $3 limit $5`, 'postgres')!;
    expect(withPlanValues(shape, [1, 'no_show', 'x', 1, 10])).toEqual({
      text: `select * from "t" where "a" = $1 and "status" = 'no_show' and "b" = $2 and "arrived" = '1' and "c" = $2 limit $3`,
      rest: [1, 'x', 10],
    });
    // A value that is not a plain word stays bound.
    expect(withPlanValues(shape, [1, "it's", 'x', null, 10])).toEqual({
      text: `select * from "t" where "a" = $1 and "status" = $2 and "b" = $3 and "arrived" = $4 and "c" = $3 limit $5`,
      rest: [1, "it's", 'x', null, 10],
    });
    expect(postgresLiteral("a'b")).toBeNull();
    expect(postgresLiteral('a\\b')).toBeNull();
    expect(postgresLiteral('')).toBeNull();
    expect(postgresLiteral('x'.repeat(65))).toBeNull();
    expect(postgresLiteral(Number.POSITIVE_INFINITY)).toBeNull();
    expect(postgresLiteral(true)).toBeNull();
    expect(postgresLiteral(-2)).toBe("'-2'");
  });
});
