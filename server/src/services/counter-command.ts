import { roleRank, type Counter, type User } from '@navbat/shared';
import type { Transaction } from 'kysely';
import type { ServiceContext } from './context';
import type { DomainEvent } from './events';
import type { CenterRow, CounterRow, Database, TicketRow, UserRow } from '../db/schema';
import type { Executor } from '../db/database';
import { inTransaction, isRolledBack, type RolledBack } from '../db/transaction';
import { bumpDisplaySeqOfCounterLater, centerOfCounterRead, centerRead } from '../db/centers.repository';
import { counterRead, skillsOfCounterRead, toCounterUpdate, updateCounter, type Skill } from '../db/counters.repository';
import { callRulesOfCounterRead, type ServiceCallRules } from '../db/services.repository';
import { activeTicketOfCounterRead } from '../db/tickets.repository';
import { readTogether, readTogetherInParts, type Read } from '../db/prepared';
import { operatorsRead, userRead } from '../db/users.repository';
import type { Actor, CounterChanges, CounterFacts } from '../domain/counter-life';
import { defaultTimeZone, serviceDay } from '../domain/time';
import { skillsOn, toCounter, toCounterFacts } from './views/counter.view';
import { viewTicket } from './views/ticket.view';
import { foundCounter } from './lookups';
import { recordOutbox } from './outbox';

// What the counter command modules (counter-shifts, calls) share. Not a service module: nothing here is bound.

export type Trx = Transaction<Database>;

/** The asker as the counter rules see them. */
export const actorOf = (user: User): Actor => ({ userId: user.id, isSupervisor: roleRank[user.role] >= roleRank.supervisor });

/** What a counter command works on, read inside its transaction. */
export interface CounterCommandInput {
  trx: Trx;
  counter: CounterRow;
  facts: CounterFacts;
  /** The ticket the counter holds (called or serving), if any. */
  active: TicketRow | undefined;
  /** The centre's new display sequence when the command is visible, else null. */
  seq: number | null;
  now: Date;
  /** The counter's call rules: read with the counter when the command asked for them (`callRules`), else now. */
  callRules(): Promise<CallRules>;
  /** What the command's own reads (`alsoRead`) found, in their order. */
  alsoFound: readonly unknown[];
  /**
   * The counter's view (`viewCounter`) as `row` says it is after the command, from parts read with the counter when
   * the command asked for them (`counterView`) and it changed no ticket; else read now.
   */
  viewCounter(row: CounterRow): Promise<Counter>;
}

/** What a counter command reads up front besides the counter and the ticket it holds. */
export interface CounterCommandOptions {
  /** The command calls a ticket: its call rules' reads go out with the counter's (one round trip on PostgreSQL). */
  callRules?: boolean;
  /** Reads of the command's own that go out with the counter's, under the centre's lock (`alsoFound`). */
  alsoRead?: readonly Read<unknown>[];
  /**
   * The command answers the counter's view and changes no ticket: the view's parts go out with the counter's reads
   * (`input.viewCounter`), with the users of `operatorIds` besides its operator now (who may operate it after).
   */
  counterView?: { operatorIds: readonly number[] };
}

/**
 * Runs one counter command in one transaction and publishes its events after commit. Visible commands
 * first move the center's display sequence, which also locks the center so no two counters decide on the
 * same queue state. `fn` may answer `rollback(...)` to end the command without writing anything. The events
 * of a committed command are written into the outbox in its transaction.
 */
export async function runCounterCommand<T>(
  ctx: ServiceContext,
  counterId: number,
  visible: boolean,
  fn: (input: CounterCommandInput) => Promise<{ value: T; events: DomainEvent[] } | RolledBack<{ value: T; events: DomainEvent[] }>>,
  options: CounterCommandOptions = {},
): Promise<T> {
  const now = ctx.clock.now();
  const { value, events } = await inTransaction(ctx.database, async (trx) => {
    // A visible command locks its centre first (one statement: the counter names the centre), then reads
    // the counter under that lock (on PostgreSQL both go out together, the lock first).
    const readSeq = visible ? await bumpDisplaySeqOfCounterLater(trx, counterId) : null;
    const rulesReads = options.callRules === true ? callRulesReads(counterId) : null;
    const viewReads = options.counterView ? counterViewReads(counterId, options.counterView.operatorIds) : null;
    const [found, active, rulesRead, viewRead, alsoFound] = await readTogetherInParts(
      trx,
      [counterRead(counterId), activeTicketOfCounterRead(counterId)] as const,
      rulesReads,
      viewReads,
      options.alsoRead ?? [],
    );
    const seq = readSeq ? await readSeq() : null;
    const counter = foundCounter(found, counterId);
    const read = rulesRead ? toCallRules(rulesRead, counter, now) : null;
    const callRules = () => (read ? Promise.resolve(read) : loadCallRules(trx, counter, now));
    const viewAfter = (row: CounterRow) => {
      if (!viewRead) return viewCounter(trx, row, now);
      const [skills, center, operators] = viewRead;
      const operator = row.operator_id === null ? undefined : operators.find((u) => u.id === row.operator_id);
      // An operator not read up front (a command that names another): read the view now.
      if (row.operator_id !== null && !operator) return viewCounter(trx, row, now);
      return counterFromParts(trx, row, now, { skills, active, center, operator });
    };
    const result = await fn({ trx, counter, facts: toCounterFacts(counter, active !== undefined), active, seq, now, callRules, alsoFound, viewCounter: viewAfter });
    if (!isRolledBack(result)) await recordOutbox(trx, result.events, now);
    return result;
  });
  ctx.publish(events);
  return value;
}

/** A counter in its API shape: its services, the ticket it holds, its operator. */
export async function viewCounter(ex: Executor, row: CounterRow, now: Date): Promise<Counter> {
  // One round trip on PostgreSQL.
  const [skills, active, center, operator] = await readTogether(ex, [
    skillsOfCounterRead(row.id),
    activeTicketOfCounterRead(row.id),
    centerRead(row.center_id),
    ...(row.operator_id !== null ? [userRead(row.operator_id)] : []),
  ]);
  return counterFromParts(ex, row, now, { skills, active, center, operator: operator as UserRow | undefined });
}

/** What a counter's view is made of besides the counter, read by the counter's id (and its possible operators'). */
const counterViewReads = (counterId: number, operatorIds: readonly number[]) => [skillsOfCounterRead(counterId), centerOfCounterRead(counterId), operatorsRead(counterId, operatorIds)] as const;

async function counterFromParts(
  ex: Executor,
  row: CounterRow,
  now: Date,
  parts: { skills: readonly Skill[]; active: TicketRow | undefined; center: CenterRow | undefined; operator: UserRow | undefined },
): Promise<Counter> {
  const today = serviceDay(now, parts.center?.timezone ?? defaultTimeZone);
  return toCounter(row, parts.skills, today, parts.active ? await viewTicket(ex, parts.active, now) : null, parts.operator);
}

/**
 * The call order's inputs for one counter at `now`: its weights per active service it serves today (the day's
 * services while a supervisor changed them), SLA targets, the priority run.
 */
export async function loadCallRules(ex: Executor, counter: CounterRow, now: Date): Promise<CallRules> {
  // One round trip on PostgreSQL.
  return toCallRules(await readTogether(ex, callRulesReads(counter.id)), counter, now);
}

export interface CallRules {
  /** Per active service the counter serves today: its weight in the call order. */
  weights: Map<number, number>;
  slaTargetMinutes: Map<number, number>;
  priorityRun: number;
}

/** What the call rules are read from, by the counter alone (they can go out with the counter's own read). */
const callRulesReads = (counterId: number) => [callRulesOfCounterRead(counterId), centerOfCounterRead(counterId), skillsOfCounterRead(counterId)] as const;
type CallRulesRows = readonly [ServiceCallRules[], CenterRow | undefined, Skill[]];

function toCallRules([services, center, usual]: CallRulesRows, counter: CounterRow, now: Date): CallRules {
  const skills = skillsOn([counter], usual, serviceDay(now, center?.timezone ?? defaultTimeZone));
  // Straight into the sets and maps: no arrays between, whose kind would change when they are empty.
  const activeServices = new Set<number>();
  const slaTargetMinutes = new Map<number, number>();
  for (const s of services) {
    if (s.active === 1) activeServices.add(s.id);
    slaTargetMinutes.set(s.id, s.sla_target_minutes);
  }
  const weights = new Map<number, number>();
  for (const s of skills) if (activeServices.has(s.service_id)) weights.set(s.service_id, s.weight);
  return { weights, slaTargetMinutes, priorityRun: center?.priority_run ?? 3 };
}

/** The fact that the counter changed, for staff screens. */
export const counterChanged = (counter: CounterRow, seq: number | null): DomainEvent => ({
  type: 'counter.changed',
  centerId: counter.center_id,
  counterId: counter.id,
  seq,
});

/** The public event of each status a shift change leads to (resuming after a pause is `opened`). */
const shiftOf = { open: 'opened', paused: 'paused', closed: 'closed' } as const;

/**
 * Writes a shift change and answers the counter as it is now with its event. Shift changes are visible to
 * displays (the screen above the counter says closed or paused; the hall's wait ranges count open counters),
 * so they carry the display seq of the command (`seq` null: displays do not move).
 */
export async function applyShift(input: Pick<CounterCommandInput, 'trx' | 'counter' | 'seq' | 'viewCounter'>, changes: CounterChanges, extra: Partial<CounterRow> = {}, seq: number | null = input.seq) {
  const { trx, counter } = input;
  const patch = { ...toCounterUpdate(changes), ...extra };
  await updateCounter(trx, counter.id, patch);
  const view = await input.viewCounter({ ...counter, ...patch });
  return { value: view, events: [{ ...counterChanged(counter, seq), shift: shiftOf[changes.status], counter: view }] as DomainEvent[] };
}
