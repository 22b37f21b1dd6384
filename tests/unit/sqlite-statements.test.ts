import { describe, expect, it } from 'vitest';
import { planPlaceholders, sqliteLiteral, withPlanValues } from '../../server/src/db/sqlite-statements';

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
