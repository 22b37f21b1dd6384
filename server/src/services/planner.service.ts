import { AppError, type Plan, type PlanQuery, type ReplayBody, type ReplayResult, type WhatIfBody, type WhatIfResult } from '@navbat/shared';
import type { ServiceContext } from './context';
import { countersNeededA, countersNeededC, erlangA, erlangCFigures, type Target } from '../domain/erlang';
import { replayDay, type TwinCounter, type TwinTicket } from '../domain/twin';
import { isoWeekday, pastWeekdays, weekdayPlan } from '../domain/weekday-plan';
import { millisecondsBetween, serviceDay, startOfLocalDay } from '../domain/time';
import { listDayTickets, listPlanTickets } from '../db/planner.repository';
import { listServices } from '../db/services.repository';
import { listSkillsOfCenter } from '../db/counters.repository';
import { requireCenter } from './lookups';
import { groupBy } from './views/group-by';

const defaults = { targetPercent: 80, targetSeconds: 600 };
const percent = (share: number) => Math.round(share * 10_000) / 100;

function targetOf(q: { targetPercent?: number | undefined; targetSeconds?: number | undefined }): Target & { percent: number } {
  const p = q.targetPercent ?? defaults.targetPercent;
  return { share: p / 100, seconds: q.targetSeconds ?? defaults.targetSeconds, percent: p };
}

/** Erlang C (and Erlang A with a patience) for one line: the fewest counters meeting the target, and the figures at `counters`. */
export async function whatIf(ctx: ServiceContext, centerId: string, body: WhatIfBody): Promise<WhatIfResult> {
  await requireCenter(ctx.database.db, centerId);
  const target = targetOf(body);
  const lambda = body.arrivalsPerHour / 3600;
  const aht = body.avgServiceSeconds;
  const load = lambda * aht;
  const recommended = body.patienceSeconds === undefined ? countersNeededC(load, aht, target) : countersNeededA(lambda, aht, body.patienceSeconds, target);
  const counters = body.counters ?? recommended;
  const c = erlangCFigures(counters, load, aht, target.seconds);
  const a = body.patienceSeconds === undefined ? null : erlangA(counters, lambda, aht, body.patienceSeconds, target.seconds);
  return {
    offeredLoad: load,
    recommendedCounters: recommended,
    counters,
    targetPercent: target.percent,
    targetSeconds: target.seconds,
    erlangC: { probWait: c.probWait, avgWaitSeconds: c.avgWait, serviceLevelPercent: percent(c.serviceLevel), occupancyPercent: percent(c.occupancy) },
    erlangA: a && { probWait: a.probWait, probAbandon: a.probAbandon, avgWaitSeconds: a.avgWait, serviceLevelPercent: percent(a.serviceLevel) },
  };
}

/** The weekday plan: counters needed per local hour, learnt from the same weekday of the past `weeks` weeks. */
export async function weekday(ctx: ServiceContext, centerId: string, query: PlanQuery): Promise<Plan> {
  const center = await requireCenter(ctx.database.db, centerId);
  const today = serviceDay(ctx.clock.now(), center.timezone);
  const day = query.weekday ?? isoWeekday(today);
  const { weeks } = query;
  const target = targetOf(query);
  const dates = pastWeekdays(today, day, weeks);
  const rows = await listPlanTickets(ctx.database.db, center.id, dates);
  const tickets = rows.map((r) => ({ serviceId: r.service_id, issuedAt: r.issued_at, firstCalledAt: r.first_called_at, firstCounterId: r.first_counter_id, serviceMs: r.service_ms, waitMs: r.wait_ms, status: r.status }));
  return { weekday: day, weeks, dates, targetPercent: target.percent, targetSeconds: target.seconds, ...weekdayPlan(tickets, center.timezone, target) };
}

/** Local HH:MM of `date` in `timeZone` → epoch ms. */
const atLocal = (date: string, hhmm: string, timeZone: string) => startOfLocalDay(date, timeZone).getTime() + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000;
const hhmmOf = (ms: number, dayStart: number) => {
  const minutes = Math.max(0, Math.min(24 * 60, Math.round((ms - dayStart) / 60_000)));
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
};

/** The digital twin: the recorded day `date` replayed through the call order with the chosen counters (default: the day's own). */
export async function replay(ctx: ServiceContext, centerId: string, body: ReplayBody): Promise<ReplayResult> {
  const { db } = ctx.database;
  const center = await requireCenter(db, centerId);
  const [rows, services, skills] = await Promise.all([listDayTickets(db, center.id, body.date), listServices(db, center.id), listSkillsOfCenter(db, center.id)]);
  const known = new Set(services.map((s) => s.id));
  const unknown = body.counters?.flatMap((c) => c.serviceIds).find((id) => !known.has(id));
  if (unknown !== undefined) throw new AppError('SERVICE_NOT_FOUND', `no service ${unknown} in ${center.id}`);
  const dayStart = startOfLocalDay(body.date, center.timezone).getTime();
  const dayEnd = dayStart + 24 * 3600_000;
  // Each counter's recorded hours: its first call to its last finish that day.
  const worked = new Map<number, { from: number; to: number }>();
  for (const r of rows) {
    if (r.first_counter_id === null || r.first_called_at === null) continue;
    const from = Date.parse(r.first_called_at);
    const to = r.finished_at ? Date.parse(r.finished_at) : from;
    const w = worked.get(r.first_counter_id) ?? { from, to };
    worked.set(r.first_counter_id, { from: Math.min(w.from, from), to: Math.max(w.to, to, from + 1) });
  }
  const weightOf = (counterId: number, serviceId: number) => skills.find((s) => s.counter_id === counterId && s.service_id === serviceId)?.weight ?? 1;
  const skillsOf = groupBy(skills, (s) => s.counter_id);
  const chosen = body.counters ?? [...worked.keys()].sort((a, b) => a - b).map((id) => ({ id, serviceIds: (skillsOf.get(id) ?? []).map((s) => s.service_id), from: undefined, to: undefined }));
  const counters: TwinCounter[] = chosen.map((c) => ({
    id: c.id,
    weights: new Map(c.serviceIds.map((s) => [s, weightOf(c.id, s)])),
    from: c.from ? atLocal(body.date, c.from, center.timezone) : (worked.get(c.id)?.from ?? dayStart),
    to: c.to ? atLocal(body.date, c.to, center.timezone) : (worked.get(c.id)?.to ?? dayEnd),
  }));
  const tickets: TwinTicket[] = rows.map((r) => ({
    id: r.id,
    serviceId: r.service_id,
    priority: r.priority,
    issuedAt: Date.parse(r.issued_at),
    appointmentAt: r.appointment_at,
    busyMs: r.first_called_at && r.finished_at ? millisecondsBetween(r.first_called_at, r.finished_at) : null,
    leftAt: r.first_called_at === null && r.finished_at ? Date.parse(r.finished_at) : null,
    recordedWaitMs: r.wait_ms,
  }));
  const targetSeconds = body.targetSeconds ?? defaults.targetSeconds;
  const result = replayDay({ tickets, counters, slaTargetMinutes: new Map(services.map((s) => [s.id, s.sla_target_minutes])), priorityRun: center.priority_run, targetSeconds });
  return {
    date: body.date,
    tickets: rows.length,
    targetSeconds,
    counters: counters.map((c) => ({ id: c.id, serviceIds: [...c.weights.keys()], from: hhmmOf(c.from, dayStart), to: hhmmOf(c.to, dayStart) })),
    recorded: result.recorded,
    replay: result.replay,
  };
}
