import { sql } from 'kysely';
import type { DatabaseHandle } from '../../server/src/db/database';

/** Per line (centre/service), how many wait in it as the triggers keep it (`line_sizes`) and as counted. */
export async function lineSizes(db: DatabaseHandle['db']) {
  const kept = await sql<{ line: string; n: number }>`select center_id || '/' || service_id as line, waiting as n from line_sizes where waiting <> 0`.execute(db);
  const counted = await sql<{ line: string; n: number }>`
    select center_id || '/' || service_id as line, count(*) as n from tickets
    where status = 'waiting' and transfer_counter_id is null group by center_id, service_id`.execute(db);
  const byLine = (rows: { line: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.line, Number(r.n)]));
  // Waiting tickets queued after the latest queue time their line keeps (migration 2026-12-06T2100-line-sizes-last-queued): none.
  const late = await sql<{ code: string }>`
    select t.code from tickets t left join line_sizes l on l.center_id = t.center_id and l.service_id = t.service_id
    where t.status = 'waiting' and t.transfer_counter_id is null and (l.last_queued_at is null or l.last_queued_at < t.queued_at)`.execute(db);
  return { kept: byLine(kept.rows), counted: byLine(counted.rows), queuedAfterKept: late.rows.map((r) => r.code) };
}
