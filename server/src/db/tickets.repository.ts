import { CompiledQuery, sql, type Insertable, type QueryResult, type RawBuilder } from 'kysely';
import { publicIdSchema, type TicketStatus } from '@navbat/shared';
import type { Executor } from './database';
import type { NewTicket, TicketEventsTable, TicketRow, TicketUpdate } from './schema';
import { lineClasses, lineRank, type LineClass, type LineCondition, type LineField } from '../domain/call-order';
import type { TicketChanges } from '../domain/ticket-life';
import { columnsShape, listArgs, markersOf, onSqlite, prepared, read, readTogether, runRead, sendLater, sendOneRowChangeLater, type Read } from './prepared';

const insertTicketRow = prepared((ex, row: NewTicket) => ex.insertInto('tickets').values(row).returning('id'), columnsShape());

/**
 * A new ticket's id drawn ahead of its insert, on PostgreSQL: the statement goes out with the command's next one
 * (the reads before the ticket is decided), so the insert need not be waited for (`insertTicket`). On SQLite,
 * where nothing waits, the insert itself numbers the row: answers undefined.
 */
export async function ticketIdLater(ex: Executor): Promise<() => Promise<number | undefined>> {
  if (onSqlite(ex)) return () => Promise.resolve(undefined);
  const { result } = await sendLater(ex, nextTicketId, {});
  return async () => Number((await result()).rows[0]!.id);
}

// The identity column's sequence by its name (PostgreSQL names it `<table>_<column>_seq`): resolved once, when the
// statement is prepared on its connection, where `pg_get_serial_sequence` looked it up in the catalog at every issue.
const nextTicketId = prepared((ex) => ex.selectNoFrom(sql<string>`nextval('tickets_id_seq')`.as('id')));

/**
 * Writes a new ticket and answers its id. With an id drawn by `ticketIdLater` it is sent with the command's next
 * statement on PostgreSQL (at the latest with the commit), so issuing waits for no round trip of its own here.
 */
export async function insertTicket(ex: Executor, ticket: NewTicket, id: number | undefined): Promise<number> {
  if (id === undefined) return (await insertTicketRow(ex, ticket)).rows[0]!.id;
  await sendLater(ex, insertTicketRow, { ...ticket, id });
  return id;
}

const selectTicket = prepared((ex, a: { id: number }) => ex.selectFrom('tickets').selectAll().where('id', '=', a.id));

export async function findTicket(ex: Executor, id: number): Promise<TicketRow | undefined> {
  return (await selectTicket(ex, { id })).rows[0];
}

export function findTicketByPublicId(ex: Executor, publicId: string): Promise<TicketRow | undefined> {
  // Not a public id at all (e.g. a NUL byte, which PostgreSQL refuses in text): no such ticket.
  if (!publicIdSchema.safeParse(publicId).success) return Promise.resolve(undefined);
  return ex.selectFrom('tickets').selectAll().where('public_id', '=', publicId).executeTakeFirst();
}

export function findTicketsByIds(ex: Executor, ids: readonly number[]): Promise<TicketRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return ex.selectFrom('tickets').selectAll().where('id', 'in', ids).execute();
}

/** A ticket someone can send a message to: it has a phone number or a push subscription. */
const reachable = sql<boolean>`(phone is not null or push_subscribed = 1)`;

/** Of these tickets, those someone can send a message to (`reachable`), whole rows. */
export function findReachableTickets(ex: Executor, ids: readonly number[]): Promise<TicketRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return ex
    .selectFrom('tickets')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .where(reachable)
    .execute();
}

const selectActiveOfCounter = prepared((ex, a: { counterId: number }) =>
  ex
    .selectFrom('tickets')
    .selectAll()
    .where('counter_id', '=', a.counterId)
    // Written out (not bound) so the planner uses the partial unique index, not the counter's history.
    .where(sql<boolean>`status in ('called', 'serving')`),
);

/** The unfinished (called or serving) ticket a counter holds, if any. */
export function findActiveTicketOfCounter(ex: Executor, counterId: number): Promise<TicketRow | undefined> {
  return runRead(ex, activeTicketOfCounterRead(counterId));
}

/** `findActiveTicketOfCounter` as a read to run with others. */
export const activeTicketOfCounterRead = (counterId: number): Read<TicketRow | undefined> => read(selectActiveOfCounter, { counterId }, (rows) => rows[0]);

export function listActiveTicketsOfCenter(ex: Executor, centerId: string): Promise<TicketRow[]> {
  return ex.selectFrom('tickets').selectAll().where('center_id', '=', centerId).where('status', 'in', ['called', 'serving']).execute();
}

/** The columns a command's `TicketChanges` (domain/ticket-life) write. */
export function toTicketUpdate(changes: TicketChanges): TicketUpdate {
  const columns: { [K in keyof Required<TicketChanges>]: keyof TicketUpdate } = {
    status: 'status',
    serviceId: 'service_id',
    queuedAt: 'queued_at',
    firstCalledAt: 'first_called_at',
    calledAt: 'called_at',
    startedAt: 'started_at',
    finishedAt: 'finished_at',
    waitMs: 'wait_ms',
    serviceMs: 'service_ms',
    counterId: 'counter_id',
    firstCounterId: 'first_counter_id',
    operatorId: 'operator_id',
    transferCounterId: 'transfer_counter_id',
    transferPlacement: 'transfer_placement',
    recallCount: 'recall_count',
    outcome: 'outcome',
    rating: 'rating',
    feedbackComment: 'feedback_comment',
    holdUntil: 'hold_until',
  };
  const update: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) update[columns[key as keyof TicketChanges]] = value;
  return update as TicketUpdate;
}

/**
 * Updates a ticket that must still have `expectedStatus` (and, with `unrated`, no rating: a rating is taken once):
 * when it no longer has it (another request changed it meanwhile), the command fails with `lost()`. On PostgreSQL the
 * update goes out with the command's next statement (`sendOneRowChangeLater`): no round trip of its own.
 */
export function updateTicketOrFail(ex: Executor, id: number, expectedStatus: TicketStatus, patch: TicketUpdate, lost: () => Error, guard: { unrated?: true } = {}): Promise<void> {
  const args = { '@id': id, '@status': expectedStatus, '@unrated': guard.unrated, ...patch };
  return sendOneRowChangeLater(ex, updateTicketRow.compileFor(ex, args), lost);
}

// The patch's columns vary by command: one statement per set of columns (a handful; `columnsShape` leaves out an
// undefined `@unrated`, so the rating's guard is a statement of its own).
const updateTicketRow = prepared(
  (ex, { '@id': id, '@status': expectedStatus, '@unrated': unrated, ...patch }: TicketUpdate & { '@id': number; '@status': TicketStatus; '@unrated'?: true | undefined }) => {
    const update = ex.updateTable('tickets').set(patch).where('id', '=', id).where('status', '=', expectedStatus);
    return unrated ? update.where('rating', 'is', null) : update;
  },
  columnsShape(),
);

/** Waiting tickets of a center, optionally of some services only, oldest first. */
export function listWaiting(ex: Executor, centerId: string, serviceIds?: readonly number[]): Promise<TicketRow[]> {
  let q = ex.selectFrom('tickets').selectAll().where('center_id', '=', centerId).where('status', '=', 'waiting');
  if (serviceIds) {
    if (serviceIds.length === 0) return Promise.resolve([]);
    q = q.where('service_id', 'in', serviceIds);
  }
  return q.orderBy('queued_at').orderBy('id').execute();
}

/**
 * Waiting tickets someone can send a message to (`reachable`), written out as the partial index
 * `tickets_waiting_reachable_idx` says it so the planner can use it.
 */
export const reachableWaiting = sql<boolean>`status = 'waiting' and ${reachable}`;

/** The columns the call order reads, of the waiting tickets of some services (for positions). */
export function listLineCandidates(ex: Executor, centerId: string, serviceIds: readonly number[]) {
  if (serviceIds.length === 0) return Promise.resolve([]);
  return ex
    .selectFrom('tickets')
    .select(['id', 'service_id', 'priority', 'queued_at', 'issued_at', 'appointment_at', 'transfer_counter_id', 'transfer_placement', 'arrived', 'hold_until'])
    .where('center_id', '=', centerId)
    .where('status', '=', 'waiting')
    .where('service_id', 'in', serviceIds)
    .execute();
}

/** The column each field of the call order's line classes (domain/call-order `lineClasses`) reads. */
const lineColumns: Record<LineField, 'hold_until' | 'transfer_placement' | 'appointment_at' | 'priority'> = {
  holdUntil: 'hold_until',
  transferPlacement: 'transfer_placement',
  appointmentAt: 'appointment_at',
  priority: 'priority',
};

function lineConditionSql(condition: LineCondition, nowIso: string): RawBuilder<boolean> {
  const column = sql.ref(lineColumns[condition.field]);
  // Constants of the definition are written out as literals, as the partial indexes say them; `now` is bound.
  if ('is' in condition) return sql<boolean>`${column} = ${sql.lit(condition.is)}`;
  if ('isNot' in condition) return sql<boolean>`${column} <> ${sql.lit(condition.isNot)}`;
  return sql<boolean>`${column} is not null and ${column} <= ${nowIso}`;
}

/**
 * The call order's line classes compiled to SQL: `(case when <class 0> then 0 … else n end)`, the same
 * rank domain `lineRank` computes in JS. Generated, never written by hand: change `lineClasses` instead.
 */
export function lineRankSql(nowIso: string, classes: readonly LineClass[] = lineClasses): RawBuilder<number> {
  const whens = classes.map((c, i) => sql`when ${lineConditionSql(c.when, nowIso)} then ${sql.lit(i)}`);
  return sql<number>`(case ${sql.join(whens, sql` `)} else ${sql.lit(classes.length)} end)`;
}

type LineColumns = Pick<TicketRow, 'center_id' | 'service_id' | 'queued_at' | 'transfer_placement' | 'appointment_at' | 'priority'> &
  Partial<Pick<TicketRow, 'hold_until'>> & {
    /** Null for a ticket about to be inserted: newer (a larger id) than every ticket already there. */
    id: number | null;
  };

/**
 * How many tickets of a service's line come before a waiting ticket: lower line classes (`lineRankSql`,
 * from the domain's definition), then FIFO by queue time and id. One index range count instead of reading
 * the whole line. `classes` is the domain's unless a test passes another definition.
 */
export async function countAheadInLine(ex: Executor, ticket: LineColumns, nowIso: string, classes: readonly LineClass[] = lineClasses): Promise<number> {
  const rank = lineRank(
    { holdUntil: ticket.hold_until ?? null, transferPlacement: ticket.transfer_placement, appointmentAt: ticket.appointment_at, priority: ticket.priority },
    nowIso,
    classes,
  );
  const args: CountAheadArgs = { centerId: ticket.center_id, serviceId: ticket.service_id, queuedAt: ticket.queued_at, id: ticket.id, rank, nowIso };
  // The domain's classes are compiled once; another definition (a test's) is compiled each time.
  const result = classes === lineClasses ? await countAheadPrepared(ex, args) : await ex.executeQuery(countAheadQuery(ex, args, countShape(args, classes), classes));
  return Number(result.rows[0]!.n);
}

interface CountAheadArgs {
  centerId: string;
  serviceId: number;
  queuedAt: string;
  id: number | null;
  rank: number;
  nowIso: string;
}

/** `new-last`: a ticket not inserted yet, of the last class (a walk-in without priority: most tickets issued). */
const countShape = (a: CountAheadArgs, classes: readonly LineClass[]) => (a.id !== null ? 'queued' : a.rank === classes.length ? 'new-last' : 'new');

function countAheadQuery(ex: Executor, a: CountAheadArgs, shape: string, classes: readonly LineClass[]) {
  const rankSql = lineRankSql(a.nowIso, classes);
  const line = () =>
    ex
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('center_id', '=', a.centerId)
      // Written out (not bound) so the planner can use the partial index `tickets_line_idx`.
      .where(sql<boolean>`status = 'waiting'`)
      .where('service_id', '=', a.serviceId)
      .where('transfer_counter_id', 'is', null);
  if (shape === 'new-last') {
    // Every ticket of the line is ahead of a new one of the last class but that class's tickets queued after it:
    // the whole line less a range that is empty but for another instance's request or a clock set back. The line's
    // size and latest queue time are one row kept by triggers (migrations 2026-12-03T1200-line-sizes,
    // 2026-12-05T1700-line-sizes-on-postgres, 2026-12-06T2100-line-sizes-last-queued): the range is read only when a
    // ticket of the line was queued after this one's time (a subquery in a branch not taken is not run).
    const after = line().where('queued_at', '>', a.queuedAt).where(sql<boolean>`${rankSql} = ${a.rank}`);
    const size = sql<number>`case when last_queued_at is null or last_queued_at > ${a.queuedAt} then waiting - (${after}) else waiting end`;
    return ex.selectNoFrom(() => [sql<number>`coalesce((select ${size} from line_sizes where center_id = ${a.centerId} and service_id = ${a.serviceId}), 0)`.as('n')]);
  }
  // Within its class, a ticket not inserted yet comes after every ticket queued at the same instant.
  const earlierInClass = shape === 'new' ? sql<boolean>`queued_at <= ${a.queuedAt}` : sql<boolean>`(queued_at < ${a.queuedAt} or (queued_at = ${a.queuedAt} and id < ${a.id}))`;
  let q = line();
  if (shape === 'queued') q = q.where('id', '<>', a.id!);
  return q.where(sql<boolean>`(${rankSql} < ${a.rank} or (${rankSql} = ${a.rank} and ${earlierInClass}))`);
}

const countAheadPrepared = prepared(
  (ex, a: CountAheadArgs, shape) => countAheadQuery(ex, a, shape, lineClasses),
  (a) => countShape(a, lineClasses),
);

/**
 * The first `limit` tickets of a service's line in the domain's order (`serviceLine`: line classes from
 * `lineRankSql`, then FIFO by queue time and id), ids only, from the covering line index: the head of the
 * line without reading the line into JavaScript.
 */
export async function listLineHead(ex: Executor, centerId: string, serviceId: number, limit: number, nowIso: string, classes: readonly LineClass[] = lineClasses): Promise<number[]> {
  if (limit <= 0) return [];
  const rows = await ex
    .selectFrom('tickets')
    .select('id')
    .where('center_id', '=', centerId)
    // Written out (not bound) so the planner can use the partial index `tickets_line_idx`.
    .where(sql<boolean>`status = 'waiting'`)
    .where('service_id', '=', serviceId)
    .where('transfer_counter_id', 'is', null)
    .orderBy(lineRankSql(nowIso, classes))
    .orderBy('queued_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The waiting tickets that can win `pickNext` at this counter, a few rows however long the lines: every
 * front transfer, appointment and ticket sent to this counter, and of each service and class (priority or
 * not) only the first by FIFO. Within one service and class the first by FIFO has also waited longest
 * (queue time equals issue time there), so weights and SLA ageing never rank a later one above it.
 */
export async function listCallContenders(
  ex: Executor,
  centerId: string,
  counterId: number,
  serviceIds: readonly number[],
  ageing?: { now: Date; slaTargetMinutes: ReadonlyMap<number, number> },
): Promise<ContenderRow[]> {
  const lookups = callContenderReads(!onSqlite(ex), centerId, counterId, serviceIds);
  return contendersFound(ex, lookups, await readTogether(ex, lookups.reads), ageing);
}

/** Call-next's lookups of its contenders, to run (`readTogether`) alone or with a command's first reads. */
export interface CallContenderReads {
  centerId: string;
  serviceIds: readonly number[];
  /** Whether the lookups bring the tickets' rows with their ids (PostgreSQL). */
  rows: boolean;
  reads: readonly Read<Contender[]>[];
}

/**
 * The lookups of `listCallContenders` (ids first, from the covering partial index `tickets_line_idx`; `status =
 * 'waiting'` is written out, not bound, so the planner may use it): no table row is read for a ticket that
 * cannot win. A ticket whose fee must be paid first (`awaiting_payment`, domain/payment) or that has not arrived (a
 * remote ticket not yet checked in, domain `isEligible`) is never called: it is no contender, the first callable
 * one of its class is. Tickets sent to this counter, and front transfers and appointments, come from their own small
 * partial indexes (the conditions are written as the indexes say them). With `rows` (PostgreSQL) the contenders'
 * rows come with their ids (`withTicketRows`): one round trip; on SQLite the rows of the few contenders are read after.
 */
export function callContenderReads(rows: boolean, centerId: string, counterId: number, serviceIds: readonly number[]): CallContenderReads {
  const rowsOf = <R,>(found: R[]) => found;
  const reads = [
    withTicketRows(rows, read(sentToCounter, { centerId, counterId }, rowsOf)),
    ...(serviceIds.length > 0
      ? [
          withTicketRows(rows, read(frontOrAppointment, { centerId, ...listArgs('s', serviceIds) }, rowsOf)),
          withTicketRows(rows, read(firstsOfLines, { centerId, ...listArgs('s', serviceIds) }, rowsOf), ['line']),
        ]
      : []),
  ];
  return { centerId, serviceIds, rows, reads };
}

/** The columns the call order ranks a contender by (`toCandidate`); on PostgreSQL a contender comes as its whole row. */
const contenderColumns = [
  'id',
  'service_id',
  'priority',
  'queued_at',
  'issued_at',
  'appointment_at',
  'transfer_counter_id',
  'transfer_placement',
  'stop_entered_at',
  'awaiting_payment',
  'arrived',
  'hold_until',
] as const;
export type ContenderRow = Pick<TicketRow, (typeof contenderColumns)[number]>;

/**
 * The contenders from what `lookups` found (`found`, in the order of its reads), with the few reads they still need.
 * On SQLite only the columns the call order ranks by are read (a ticket's whole row costs better-sqlite3 several
 * times more, and only the winner's is needed: `contenderRow`).
 */
export async function contendersFound(
  ex: Executor,
  lookups: CallContenderReads,
  found: readonly Contender[][],
  ageing?: { now: Date; slaTargetMinutes: ReadonlyMap<number, number> },
): Promise<ContenderRow[]> {
  const { centerId, serviceIds, rows } = lookups;
  // Plain loops into array literals: the arrays here are empty as often as not (a line with nobody waiting), and the
  // array builtins' optimised code, meeting an empty array of another kind than it had seen, was thrown away and compiled
  // again several times a day (docs/PERFORMANCE.md, forty-first session).
  const [sent, front, firstRows] = found as [Contender[] | undefined, Contender[] | undefined, (Contender & { line: number })[] | undefined];
  const all: Contender[] = [];
  if (sent) for (const r of sent) all.push(r);
  if (front) for (const r of front) all.push(r);
  // Each line's first (plain, then priority, for each service in turn: the lookup tags each row with its line). A
  // journey ticket ranks by its first issue but ages from when it entered this stop's line, so when the first of a
  // line is one, an older-in-line ticket past the SLA target may beat it: add the first of those.
  const aged: Promise<QueryResult<{ id: number }>>[] = [];
  for (let line = 0; line < serviceIds.length * 2; line++) {
    let first: Contender | undefined;
    // Looped only when present, as `sent` and `front` (an empty `[]` in its place is an array of small integers).
    if (firstRows) {
      for (const r of firstRows) {
        if (r.line !== line) continue;
        first ??= r;
        all.push(r);
      }
    }
    const serviceId = serviceIds[line >> 1]!;
    const target = ageing?.slaTargetMinutes.get(serviceId);
    if (!first || first.stop_entered_at === null || !ageing || target === undefined) continue;
    const cutoff = new Date(ageing.now.getTime() - target * 60_000).toISOString();
    aged.push(firstOfLine(ex, { centerId, serviceId, priority: line % 2 === 1, cutoff }));
  }
  // Each contender once, in the order found (a set keeps the order its ids were added in).
  const ids = new Set<number>();
  for (const r of all) ids.add(r.id);
  const known = new Map<number, ContenderRow>();
  if (rows) for (const { line: _line, ...row } of all as (TicketRow & { line?: number })[]) known.set(row.id, row);
  for (const result of await Promise.all(aged)) for (const r of result.rows) ids.add(r.id);
  const missing: number[] = [];
  for (const id of ids) if (!known.has(id)) missing.push(id);
  if (missing.length > 0) for (const row of (await selectContendersByIds(ex, listArgs('id', missing))).rows) known.set(row.id, row);
  const contenders: ContenderRow[] = [];
  for (const id of ids) {
    const row = known.get(id);
    if (row !== undefined) contenders.push(row);
  }
  return contenders;
}

/** The whole row of a contender (the one called): as found (PostgreSQL's lookups bring whole rows, with their status), else read. */
export async function contenderRow(ex: Executor, contender: ContenderRow): Promise<TicketRow | undefined> {
  return 'status' in contender ? (contender as TicketRow) : findTicket(ex, contender.id);
}

/** A contender as its lookup finds it: its id and when it entered this stop's line (and, on PostgreSQL, its row). */
export type Contender = { id: number; stop_entered_at: string | null };

/**
 * On PostgreSQL (`rows`), a lookup of waiting tickets' ids answered with the tickets' rows, joined on the ids
 * (each lookup finds a few): the rows cost no second round trip. `keep` names the lookup's own columns to keep.
 */
function withTicketRows<T extends Contender>(rows: boolean, r: Read<T[]>, keep: readonly string[] = []): Read<T[]> {
  if (!rows) return r;
  return {
    compile: (ex) => {
      const inner = r.compile(ex);
      const kept = keep.map((c) => `, "q"."${c}"`).join('');
      return CompiledQuery.raw(`select "t".*${kept} from (${inner.sql}) as "q" join "tickets" as "t" on "t"."id" = "q"."id"`, [...inner.parameters]);
    },
    map: r.map,
  };
}

/**
 * The lookups that read a small partial index alias the table (`special`, `priority_line`), so that on SQLite
 * `prepared` names the index (`sqliteIndexes` below): without statistics its planner prefers the large
 * `tickets_queue_idx`, and the priority line's first was a walk down the whole plain line (docs/PERFORMANCE.md).
 */
const waitingIds = (ex: Executor, centerId: string, from: 'tickets' | 'tickets as special' | 'tickets as priority_line' = 'tickets') =>
  ex
    // Typed as the bare table: the alias is only for the index hint, every column below is unqualified.
    .selectFrom(from as 'tickets')
    .select(['id', 'stop_entered_at'])
    .where('center_id', '=', centerId)
    .where(sql<boolean>`status = 'waiting'`)
    .where('awaiting_payment', '=', 0)
    .where('arrived', '=', 1);

const sentToCounter = prepared((ex, a: { centerId: string; counterId: number }) => waitingIds(ex, a.centerId).where('transfer_counter_id', '=', a.counterId));

const frontOrAppointment = prepared(
  (ex, a: { centerId: string } & Record<string, unknown>, shape) =>
    waitingIds(ex, a.centerId, 'tickets as special')
      .where(sql<boolean>`(transfer_placement = 'front' or appointment_at is not null)`)
      .where('service_id', 'in', markersOf<number>(a, 's', Number(shape)))
      .where('transfer_counter_id', 'is', null),
  (a) => String(Object.keys(a).length - 1),
  { special: 'tickets_waiting_special_idx' },
);

/** The first ticket by FIFO of one service's plain or priority line, without front transfers and appointments. */
const firstOfLineQuery = (ex: Executor, centerId: string, serviceId: number, priority: boolean) =>
  waitingIds(ex, centerId, priority ? 'tickets as priority_line' : 'tickets')
    .where('service_id', '=', serviceId)
    .where('transfer_counter_id', 'is', null)
    .where('appointment_at', 'is', null)
    .where((eb) => eb.or([eb('transfer_placement', 'is', null), eb('transfer_placement', '<>', 'front')]))
    // Written out (not bound), as `tickets_priority_line_idx` says it.
    .where(priority ? sql<boolean>`priority <> 'none'` : sql<boolean>`priority = 'none'`);
const priorityLineIndex = { priority_line: 'tickets_priority_line_idx' };

const firstOfLine = prepared(
  (ex, a: { centerId: string; serviceId: number; priority: boolean; cutoff: string | null }, shape) =>
    firstOfLineQuery(ex, a.centerId, a.serviceId, shape === 'priority')
      .where(sql<boolean>`coalesce(stop_entered_at, issued_at) < ${a.cutoff}`)
      .orderBy('queued_at')
      .orderBy('id')
      .limit(1),
  (a) => (a.priority ? 'priority' : 'plain'),
  (shape) => (shape === 'priority' ? priorityLineIndex : {}),
);

/**
 * The first of every line of some services (plain, then priority, for each service in turn) in one
 * statement: one short index walk per line, each row tagged with its line's number.
 */
const firstsOfLines = prepared(
  (ex, a: { centerId: string } & Record<string, unknown>, shape) => {
    const serviceIds = markersOf<number>(a, 's', Number(shape));
    const arms = serviceIds.flatMap((serviceId, s) =>
      [false, true].map((priority, p) =>
        ex
          .selectFrom(firstOfLineQuery(ex, a.centerId, serviceId, priority).orderBy('queued_at').orderBy('id').limit(1).as('first'))
          .select(['first.id', 'first.stop_entered_at', sql.lit(2 * s + p).as('line')]),
      ),
    );
    return arms.slice(1).reduce((q, arm) => q.unionAll(arm), arms[0]!);
  },
  (a) => String(Object.keys(a).length - 1),
  priorityLineIndex,
);

const selectContendersByIds = prepared(
  (ex, a: Record<string, unknown>, shape) => ex.selectFrom('tickets').select(contenderColumns).where('id', 'in', markersOf<number>(a, 'id', Number(shape))),
  (a) => String(Object.keys(a).length),
);

/** The status and service time of the tickets an operator finished (done or no-show) in a centre since `sinceIso`. */
export function listFinishedByOperatorSince(ex: Executor, centerId: string, operatorId: number, sinceIso: string) {
  return ex
    .selectFrom('tickets')
    .select(['status', 'service_ms'])
    .where('center_id', '=', centerId)
    .where('operator_id', '=', operatorId)
    .where('status', 'in', ['done', 'no_show'])
    .where('finished_at', '>=', sinceIso)
    .execute();
}

/** Waiting tickets a counter may call: of the services it serves, or transferred to it. */
export function listCallCandidates(ex: Executor, centerId: string, counterId: number, serviceIds: readonly number[]): Promise<TicketRow[]> {
  return ex
    .selectFrom('tickets')
    .selectAll()
    .where('center_id', '=', centerId)
    .where('status', '=', 'waiting')
    .where((eb) =>
      eb.or([
        eb('transfer_counter_id', '=', counterId),
        ...(serviceIds.length > 0 ? [eb.and([eb('service_id', 'in', serviceIds), eb('transfer_counter_id', 'is', null)])] : []),
      ]),
    )
    .orderBy('queued_at')
    .orderBy('id')
    .execute();
}

/** Waiting tickets per service of a centre: an index-only count (no table row is read). */
export async function countWaitingPerService(ex: Executor, centerId: string): Promise<Map<number, number>> {
  const rows = await ex
    .selectFrom('tickets')
    .select((eb) => ['service_id', eb.fn.countAll<number>().as('n')])
    .where('center_id', '=', centerId)
    .where('status', '=', 'waiting')
    .groupBy('service_id')
    .execute();
  return new Map(rows.map((r) => [r.service_id, Number(r.n)]));
}

export async function countWaitingByService(ex: Executor, centerId: string): Promise<Map<number, { count: number; oldest: string | null }>> {
  const rows = await ex
    .selectFrom('tickets')
    .select((eb) => ['service_id', eb.fn.countAll<number>().as('n'), eb.fn.min('issued_at').as('oldest')])
    .where('center_id', '=', centerId)
    .where('status', '=', 'waiting')
    .groupBy('service_id')
    .execute();
  return new Map(rows.map((r) => [r.service_id, { count: Number(r.n), oldest: (r.oldest as string | null) ?? null }]));
}

/** The most recent calls at the given counters of a center (for displays), newest first. */
export function listRecentCalls(ex: Executor, centerId: string, sinceIso: string, counterIds: readonly number[] | null, limit: number) {
  let q = ex
    .selectFrom('tickets')
    .select(['id', 'code', 'service_id', 'counter_id', 'called_at', 'status'])
    .where('center_id', '=', centerId)
    .where('called_at', '>=', sinceIso)
    .where('counter_id', 'is not', null);
  if (counterIds) {
    if (counterIds.length === 0) return Promise.resolve([]);
    q = q.where('counter_id', 'in', counterIds);
  }
  return q.orderBy('called_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/**
 * The waiting tickets of a centre's past days, for the minute job that expires them: a walk of the centre's waiting
 * tickets (`tickets_line_idx`, named on SQLite, whose planner without statistics took the index of every ticket the
 * centre ever issued, by day), not of its history.
 */
const selectWaitingOfPastDays = prepared(
  (ex, a: { centerId: string; day: string }) =>
    ex
      // Typed as the bare table: the alias is only for the index hint.
      .selectFrom('tickets as waiting_line' as 'tickets')
      .selectAll()
      .where('center_id', '=', a.centerId)
      // Written out (not bound), as the partial index says it.
      .where(sql<boolean>`status = 'waiting'`)
      .where('service_day', '<', a.day),
  () => '',
  { waiting_line: 'tickets_line_idx' },
);

export async function expireWaitingBefore(ex: Executor, centerId: string, day: string, nowIso: string): Promise<TicketRow[]> {
  const stale = (await selectWaitingOfPastDays(ex, { centerId, day })).rows;
  if (stale.length > 0) {
    await ex
      .updateTable('tickets')
      .set({ status: 'expired', finished_at: nowIso })
      .where('id', 'in', stale.map((t) => t.id))
      .where('status', '=', 'waiting')
      .execute();
  }
  return stale;
}

export interface NewTicketEvent {
  ticketId: number;
  centerId: string;
  type: string;
  at: string;
  actorId: number | null;
  counterId: number | null;
  data?: Record<string, unknown>;
}

/** Appends to a ticket's audit trail; nothing ever updates or deletes these rows. */
export async function appendTicketEvent(ex: Executor, e: NewTicketEvent): Promise<void> {
  // Nothing waits for the row: on PostgreSQL it goes out with the command's next statement.
  await sendLater(ex, insertTicketEvent, {
    ticket_id: e.ticketId,
    center_id: e.centerId,
    type: e.type,
    at: e.at,
    actor_id: e.actorId,
    counter_id: e.counterId,
    data: e.data ? JSON.stringify(e.data) : null,
  });
}

const insertTicketEvent = prepared((ex, row: Insertable<TicketEventsTable>) => ex.insertInto('ticket_events').values(row), columnsShape());

export function listTicketEvents(ex: Executor, ticketId: number) {
  return ex
    .selectFrom('ticket_events')
    .leftJoin('users', 'users.id', 'ticket_events.actor_id')
    .select([
      'ticket_events.type',
      'ticket_events.at',
      'ticket_events.counter_id',
      'ticket_events.data',
      'users.id as actor_id',
      'users.username as actor_username',
      'users.name as actor_name',
    ])
    .where('ticket_events.ticket_id', '=', ticketId)
    .orderBy('ticket_events.id')
    .execute();
}

/** The waiting tickets a counter holds aside or that came back to it from a hold (`hold_until` set), by hold time. */
export function listHeldOfCounter(ex: Executor, counterId: number): Promise<TicketRow[]> {
  return ex
    .selectFrom('tickets')
    .selectAll()
    .where('transfer_counter_id', '=', counterId)
    .where(sql<boolean>`status = 'waiting'`)
    .where('hold_until', 'is not', null)
    .orderBy('hold_until')
    .orderBy('id')
    .execute();
}

/** The no-shows of a centre that ended at or after `sinceIso`, latest first. */
export function listNoShowsSince(ex: Executor, centerId: string, sinceIso: string): Promise<TicketRow[]> {
  return ex
    .selectFrom('tickets')
    .selectAll()
    .where('center_id', '=', centerId)
    .where('status', '=', 'no_show')
    .where('finished_at', '>=', sinceIso)
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}
