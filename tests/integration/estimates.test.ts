import { describe, expect, it, vi } from 'vitest';
import { recentCallsByCounter } from '../../server/src/db/estimates.repository';
import type { Executor } from '../../server/src/db/database';
import { inTransaction } from '../../server/src/db/transaction';
import { pgFlowKeptMs } from '../../server/src/db/versions';
import { forgetKeptHalls, loadServiceFlow } from '../../server/src/services/views/estimate.view';
import { issue, login, staffClient, useTestApp } from '../support/test-app';

// Demo centre: service A (id 1) and B (id 2) share counters 1–3; P (id 3) has counters 4 and 5.
const t = useTestApp();
const at = (hhmm: string, day = '2026-11-24') => t.clock.set(`${day}T${hhmm}:00.000Z`);

async function ticketRows() {
  return t.database.db
    .selectFrom('tickets')
    .select(['id', 'service_id', 'issued_at', 'first_called_at', 'estimate_at_issue_s', 'estimate_low_s', 'estimate_high_s', 'naive_at_issue_s'])
    .orderBy('id')
    .execute();
}

/** A morning with history, a shared counter, a no-show, a pause, and tickets still waiting. */
async function playMorning() {
  const op1 = await staffClient(t.app, 'operator1');
  const op2 = await staffClient(t.app, 'operator2');
  at('04:00');
  expect((await op1('POST', '/api/v1/counters/1/open')).status).toBe(200);
  expect((await op2('POST', '/api/v1/counters/4/open')).status).toBe(200);
  const step = async (hhmm: string, client: typeof op1, counter: number, action: string) => {
    at(hhmm);
    const r = await client('POST', `/api/v1/counters/${counter}/${action}`);
    expect(r.status, `${action} at ${hhmm}: ${JSON.stringify(r.body)}`).toBe(200);
  };
  const issued: { id: number; estimatedWaitSeconds: number; estimatedWaitRange: { low: number; high: number } }[] = [];
  const take = async (hhmm: string, serviceId: number) => {
    at(hhmm);
    const r = await issue(t.app, serviceId);
    expect(r.status).toBe(201);
    issued.push(r.body.ticket);
  };
  for (const [hhmm, serviceId] of [['04:01', 1], ['04:02', 1], ['04:03', 3], ['04:04', 2], ['04:05', 1], ['04:06', 3]] as const) await take(hhmm, serviceId);
  // [time, counter (1: operator1's, 4: operator2's) or `issue` for a ticket of that service, command]
  const script: [string, 1 | 4, string][] = [
    ['04:07', 1, 'call-next'], ['04:08', 1, 'start'], ['04:15', 1, 'complete'],
    ['04:16', 4, 'call-next'], ['04:17', 4, 'start'], ['04:26', 4, 'complete'],
    ['04:27', 1, 'call-next'], ['04:29', 1, 'no-show'],
    ['04:30', 1, 'issue'], ['04:31', 4, 'issue'],
    ['04:32', 1, 'call-next'], ['04:33', 1, 'start'], ['04:40', 1, 'complete'],
    ['04:41', 4, 'call-next'], ['04:50', 4, 'complete'], ['04:51', 4, 'call-next'],
  ];
  for (const [hhmm, counter, action] of script) {
    if (action === 'issue') await take(hhmm, counter === 1 ? 1 : 3);
    else await step(hhmm, counter === 1 ? op1 : op2, counter, action);
  }
  expect((await op1('POST', '/api/v1/counters/1/pause', { reason: 'tea', expectedMinutes: 15 })).status).toBe(200);
  await take('04:52', 1);
  return issued;
}

describe('estimates', () => {
  it('are 0 with an empty range when an idle counter serves the service and nobody is ahead', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    expect((await op1('POST', '/api/v1/counters/1/open')).status).toBe(200);
    const first = (await issue(t.app, 1)).body.ticket;
    expect(first).toMatchObject({ position: 1, estimatedWaitSeconds: 0, estimatedWaitRange: { low: 0, high: 0 } });
    // The second waits for the first's service: a wait, and a range around it.
    const second = (await issue(t.app, 1)).body.ticket;
    expect(second.estimatedWaitSeconds).toBeGreaterThan(0);
    expect(second.estimatedWaitRange.low).toBeLessThanOrEqual(second.estimatedWaitSeconds);
    expect(second.estimatedWaitRange.high).toBeGreaterThan(second.estimatedWaitSeconds);
    // Not waiting: no estimate and no range.
    const called = (await op1('POST', '/api/v1/counters/1/call-next')).body.ticket;
    expect(called).toMatchObject({ estimatedWaitSeconds: null, estimatedWaitRange: null });
  });

  it('count a paused counter from its expected return', async () => {
    const op2 = await staffClient(t.app, 'operator2');
    const op3 = await staffClient(t.app, 'operator3');
    expect((await op2('POST', '/api/v1/counters/4/open')).status).toBe(200);
    expect((await op3('POST', '/api/v1/counters/5/open')).status).toBe(200);
    expect((await op2('POST', '/api/v1/counters/4/pause', { reason: 'prayer', expectedMinutes: 60 })).status).toBe(200);
    expect((await op3('POST', '/api/v1/counters/5/pause', { reason: 'tea', expectedMinutes: 5 })).status).toBe(200);
    const stored = await t.database.db.selectFrom('counters').select(['id', 'pause_expected_until']).where('id', 'in', [4, 5]).orderBy('id').execute();
    expect(stored).toEqual([
      { id: 4, pause_expected_until: '2026-11-24T06:00:00.000Z' },
      { id: 5, pause_expected_until: '2026-11-24T05:05:00.000Z' },
    ]);
    // Nobody open: the first counter back (in 5 minutes) takes the ticket after that.
    const ticket = (await issue(t.app, 3)).body.ticket;
    expect(ticket.estimatedWaitSeconds).toBeGreaterThanOrEqual(300);
    expect(ticket.estimatedWaitSeconds).toBeLessThan(3600);
  });

  it('refuse a pause of a length the console does not offer, changing nothing', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    expect((await op1('POST', '/api/v1/counters/1/open')).status).toBe(200);
    const r = await op1('POST', '/api/v1/counters/1/pause', { reason: 'tea', expectedMinutes: 7 });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_ERROR');
    expect((await op1('GET', '/api/v1/centers/isb-g9/counters')).body.find((c: { id: number }) => c.id === 1)).toMatchObject({ status: 'open' });
  });

  it('given at issue are stored with the ticket, as answered', async () => {
    const issued = await playMorning();
    const rows = await ticketRows();
    for (const ticket of issued) {
      const row = rows.find((r) => r.id === ticket.id);
      expect(row).toMatchObject({ estimate_at_issue_s: ticket.estimatedWaitSeconds, estimate_low_s: ticket.estimatedWaitRange.low, estimate_high_s: ticket.estimatedWaitRange.high });
    }
    // Before any service time today the naive estimate has no history: not scored.
    expect(rows[0]?.naive_at_issue_s).toBeNull();
    // Later tickets of A have history and an open counter.
    expect(rows.find((r) => r.id === issued[6]?.id)?.naive_at_issue_s).not.toBeNull();
  });
});

describe('the recent calls an estimate reads', () => {
  it('are the latest calls of the window, at most `limit` of them, per counter and service', async () => {
    await playMorning();
    const since = '2026-11-24T00:00:00.000Z';
    const all = await recentCallsByCounter(t.database.db, 'isb-g9', since, 500);
    expect(all.reduce((n, r) => n + r.calls, 0)).toBe(6);
    expect(all.reduce((n, r) => n + r.noShows, 0)).toBe(1);
    // The latest two calls were both counter 4's (04:41 and 04:51): older ones are not read.
    const latest = await recentCallsByCounter(t.database.db, 'isb-g9', since, 2);
    expect(latest).toEqual([{ counterId: 4, serviceId: 3, calls: 2, noShows: 0, firstCalledAt: '2026-11-24T04:41:00.000Z' }]);
    // Calls before the window's start are not counted.
    expect(await recentCallsByCounter(t.database.db, 'isb-g9', '2026-11-24T04:45:00.000Z', 500)).toEqual([{ counterId: 4, serviceId: 3, calls: 1, noShows: 0, firstCalledAt: '2026-11-24T04:51:00.000Z' }]);
  });
});

describe('GET /estimates/accuracy', () => {
  it('equals a recomputation from the stored tickets, for the centre and per service', async () => {
    await playMorning();
    const supervisor = await staffClient(t.app, 'supervisor');
    const r = await supervisor('GET', '/api/v1/centers/isb-g9/estimates/accuracy?from=2026-11-24&to=2026-11-24');
    expect(r.status).toBe(200);

    // Independently: waits from the timestamps, errors against what was stored at issue.
    const called = (await ticketRows()).filter((row) => row.first_called_at !== null);
    const recompute = (of: typeof called) => {
      const waits = of.map((row) => (Date.parse(row.first_called_at as string) - Date.parse(row.issued_at)) / 1000);
      const errors = of.map((row, i) => (row.estimate_at_issue_s as number) - (waits[i] as number));
      const naive = of.flatMap((row, i) => (row.naive_at_issue_s === null ? [] : [row.naive_at_issue_s - (waits[i] as number)]));
      const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
      const pct = (k: number, n: number) => (n ? (100 * k) / n : null);
      return {
        n: of.length,
        maeSeconds: avg(errors.map(Math.abs)),
        rmseSeconds: errors.length ? Math.sqrt(avg(errors.map((e) => e * e)) as number) : null,
        biasSeconds: avg(errors),
        within5MinPercent: pct(errors.filter((e) => Math.abs(e) <= 300).length, errors.length),
        under10MinPercent: pct(errors.filter((e) => e < -600).length, errors.length),
        rangeCoveragePercent: pct(of.filter((row, i) => (row.estimate_low_s as number) <= (waits[i] as number) && (waits[i] as number) <= (row.estimate_high_s as number)).length, of.length),
        naive: {
          n: naive.length,
          maeSeconds: avg(naive.map(Math.abs)),
          rmseSeconds: naive.length ? Math.sqrt(avg(naive.map((e) => e * e)) as number) : null,
          biasSeconds: avg(naive),
          within5MinPercent: pct(naive.filter((e) => Math.abs(e) <= 300).length, naive.length),
        },
      };
    };
    expect(called.length).toBe(6);
    const close = (value: unknown): unknown =>
      typeof value === 'number' ? expect.closeTo(value, 6) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, close(v)])) : value;
    expect(r.body).toMatchObject({ from: '2026-11-24', to: '2026-11-24', ...(close(recompute(called)) as object) });
    expect(r.body.naive.n).toBeGreaterThan(0);
    const calledServices = [...new Set(called.map((row) => row.service_id))].sort((a, b) => a - b);
    expect(calledServices.length).toBeGreaterThan(1);
    expect(r.body.services.map((s: { serviceId: number }) => s.serviceId)).toEqual(calledServices);
    for (const s of r.body.services) expect(s).toMatchObject(close({ serviceId: s.serviceId, ...recompute(called.filter((row) => row.service_id === s.serviceId)) }) as object);

    const csv = await supervisor('GET', '/api/v1/centers/isb-g9/estimates/accuracy.csv?from=2026-11-24');
    expect(csv.status).toBe(200);
    const lines = String(csv.body).trim().split('\r\n');
    expect(lines[0]?.split(',').slice(0, 4)).toEqual(['scope', 'service_id', 'n', 'mae_s']);
    expect(lines[1]?.split(',').slice(0, 4)).toEqual(['center', '', '6', String(Math.round(r.body.maeSeconds * 100) / 100)]);
    expect(lines.slice(2).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(calledServices.map((id) => `service,${id}`));
  });

  it('is empty for a range without called tickets', async () => {
    const supervisor = await staffClient(t.app, 'supervisor');
    const r = await supervisor('GET', '/api/v1/centers/isb-g9/estimates/accuracy?from=2026-11-01&to=2026-11-02');
    expect(r.body).toMatchObject({ n: 0, maeSeconds: null, rangeCoveragePercent: null, naive: { n: 0, maeSeconds: null }, services: [] });
  });

  it('refuses bad dates, strangers and operators', async () => {
    const supervisor = await staffClient(t.app, 'supervisor');
    for (const query of ['from=2026-02-30', 'to=2026-13-01', 'from=24-11-2026', 'from=2026-11-25&to=2026-11-24']) {
      const r = await supervisor('GET', `/api/v1/centers/isb-g9/estimates/accuracy?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_ERROR');
    }
    expect((await supervisor('GET', '/api/v1/centers/nowhere/estimates/accuracy')).status).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/estimates/accuracy' })).statusCode).toBe(401);
    const operator = await login(t.app, 'operator1', 'operator1-demo');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/estimates/accuracy.csv', headers: { cookie: operator } })).statusCode).toBe(403);
  });
});

describe('the hall an estimate reads, kept between writes that change it', () => {
  const services = [1, 2, 3];
  /** The flow as the server reads it (kept when it can be), and as read anew. */
  async function keptAndFresh(ex: Executor = t.database.db) {
    const now = t.clock.now();
    const kept = await loadServiceFlow(ex, 'isb-g9', now, services);
    forgetKeptHalls(ex);
    const fresh = await loadServiceFlow(ex, 'isb-g9', now, services);
    return { kept, fresh };
  }

  it('equals a fresh read after every command of a morning, and as the recent calls slide out of their window', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    at('04:00');
    await loadServiceFlow(t.database.db, 'isb-g9', t.clock.now(), services);
    for (const [hhmm, act] of [
      ['04:01', () => op1('POST', '/api/v1/counters/1/open')],
      ['04:02', () => issue(t.app, 1)],
      ['04:03', () => issue(t.app, 2)],
      ['04:04', () => op1('POST', '/api/v1/counters/1/call-next')],
      ['04:05', () => issue(t.app, 1)],
      ['04:06', () => op1('POST', '/api/v1/counters/1/start')],
      ['04:12', () => op1('POST', '/api/v1/counters/1/complete')],
      ['04:13', () => op1('POST', '/api/v1/counters/1/call-next')],
      ['04:14', () => op1('POST', '/api/v1/counters/1/no-show')],
      ['04:15', () => op1('POST', '/api/v1/counters/1/pause', { reason: 'tea', expectedMinutes: 15 })],
      ['04:16', () => issue(t.app, 1)],
    ] as const) {
      // Read (and kept) before the command, compared after it.
      await loadServiceFlow(t.database.db, 'isb-g9', t.clock.now(), services);
      at(hhmm);
      expect((await act()).status, hhmm).toBeLessThan(300);
      const { kept, fresh } = await keptAndFresh();
      expect(kept, hhmm).toEqual(fresh);
    }
    // No write for two hours: the 04:04 and 04:13 calls leave the window, and the kept calls with them.
    for (const [readAt, comparedAt] of [['05:00', '06:03'], ['06:03', '06:05'], ['06:05', '06:12'], ['06:12', '06:14'], ['06:14', '06:30']] as const) {
      at(readAt);
      await loadServiceFlow(t.database.db, 'isb-g9', t.clock.now(), services);
      at(comparedAt);
      const { kept, fresh } = await keptAndFresh();
      expect(kept, comparedAt).toEqual(fresh);
    }
    expect((await loadServiceFlow(t.database.db, 'isb-g9', t.clock.now(), [1])).get(1)?.hall.counters[0]?.recentCalls.size).toBe(0);
  });

  it('is kept across issues, read anew after a command, and sees what another process changed (PostgreSQL: within pgFlowKeptMs)', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    const hall = async () => (await loadServiceFlow(t.database.db, 'isb-g9', t.clock.now(), services)).get(1)!.hall;
    // PostgreSQL keeps a hall for at most pgFlowKeptMs: a step that crossed a boundary of it is run again.
    const withinOneSpan = async <T>(fn: () => Promise<T>): Promise<T> => {
      for (;;) {
        const span = Math.floor(performance.now() / pgFlowKeptMs);
        const value = await fn();
        if (Math.floor(performance.now() / pgFlowKeptMs) === span) return value;
      }
    };
    at('04:00');
    const [before, afterIssues] = await withinOneSpan(async () => {
      const first = await hall();
      expect((await issue(t.app, 1)).status).toBe(201);
      expect((await issue(t.app, 2)).status).toBe(201);
      return [first, await hall()];
    });
    expect(afterIssues, 'issuing changes nothing the hall holds: the same reads').toBe(before);
    expect(afterIssues.counters[0]?.status).toBe('closed');
    expect((await op1('POST', '/api/v1/counters/1/open')).status).toBe(200);
    expect((await hall()).counters[0]?.status, 'a command of this process: read anew at once').toBe('open');
    // Another process (an instance elsewhere, a tool) pauses it: no event and no repository of this one sees it.
    await t.database.db.updateTable('counters').set({ status: 'paused' }).where('id', '=', 1).execute();
    const written = performance.now();
    await vi.waitFor(async () => expect((await hall()).counters[0]?.status).toBe('paused'), { timeout: 3 * pgFlowKeptMs, interval: 20 });
    expect(performance.now() - written).toBeLessThan(pgFlowKeptMs + 500);
  });

  it('never keeps what a rolled-back command read, even when a later write brings the same version number back', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    expect((await op1('POST', '/api/v1/counters/1/open')).status).toBe(200);
    const first = (await issue(t.app, 1)).body.ticket as { id: number };
    await issue(t.app, 1);
    const nowIso = t.clock.now().toISOString();
    await expect(
      inTransaction(t.database, async (trx) => {
        await trx.updateTable('tickets').set({ status: 'called', counter_id: 1, called_at: nowIso }).where('id', '=', first.id).execute();
        // Read (and kept) in the command's own, uncommitted view: counter 1 holds a ticket.
        expect((await loadServiceFlow(trx, 'isb-g9', t.clock.now(), services)).get(1)?.hall.counters[0]?.holdsTicket).toBe(true);
        throw new Error('the command failed');
      }),
    ).rejects.toThrow('the command failed');
    // Another write raises the version to the number the rolled-back one had.
    await inTransaction(t.database, (trx) => trx.updateTable('tickets').set({ language: 'ur' }).where('id', '=', first.id).execute());
    const { kept, fresh } = await keptAndFresh();
    expect(kept).toEqual(fresh);
    expect(kept.get(1)?.hall.counters[0]?.holdsTicket).toBe(false);
  });
});
