import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { issue, staffClient, useTestApp } from '../support/test-app';

const t = useTestApp();

const hasPromtool = spawnSync('promtool', ['--version']).status === 0;
if (!hasPromtool && process.env.CI) throw new Error('CI needs promtool (apt-get install -y prometheus)');
if (!hasPromtool) console.warn('promtool checks skipped: no promtool (apt-get install -y prometheus)');

const dashboardFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/grafana-dashboard.json');

/** Traffic at the demo centre: two A tickets and a B, cancelled; one A called after 5 min and served in 2 min. */
async function hallTraffic() {
  await issue(t.app, 1);
  await issue(t.app, 1);
  const b = await issue(t.app, 2);
  expect((await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${b.body.ticket.publicId}/cancel` })).statusCode).toBe(200);
  const op = await staffClient(t.app, 'operator1');
  await op('POST', '/api/v1/counters/1/open');
  t.clock.advance(300_000);
  expect((await op('POST', '/api/v1/counters/1/call-next')).body.ticket.code).toBe('A001');
  await op('POST', '/api/v1/counters/1/start');
  t.clock.advance(120_000);
  expect((await op('POST', '/api/v1/counters/1/complete', {})).status).toBe(200);
  const op2 = await staffClient(t.app, 'operator2');
  await op2('POST', '/api/v1/counters/2/open');
  expect((await op2('POST', '/api/v1/counters/2/pause', { reason: 'break' })).status).toBe(200);
}

const scrape = async () => {
  const res = await t.app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  return res.body;
};

/** The value of one series, by its exact name and labels in exposition order. */
const sample = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

const dashboardExprs = (): string[] => {
  const dashboard = JSON.parse(fs.readFileSync(dashboardFile, 'utf8')) as { panels: { targets?: { expr: string }[] }[] };
  return dashboard.panels.flatMap((p) => (p.targets ?? []).map((target) => target.expr));
};

describe('Prometheus metrics', () => {
  it('count tickets, waits, service times, lines and counters by centre and service code', async () => {
    await hallTraffic();
    const text = await scrape();
    expect(sample(text, 'navbat_tickets_issued_total{center="isb-g9",service="A"}')).toBe(2);
    expect(sample(text, 'navbat_tickets_issued_total{center="isb-g9",service="B"}')).toBe(1);
    expect(sample(text, 'navbat_tickets_called_total{center="isb-g9",service="A",recall="false"}')).toBe(1);
    expect(sample(text, 'navbat_tickets_served_total{center="isb-g9",service="A"}')).toBe(1);
    expect(sample(text, 'navbat_ticket_wait_seconds_sum{center="isb-g9",service="A"}')).toBe(300);
    expect(sample(text, 'navbat_ticket_wait_seconds_bucket{le="120",center="isb-g9",service="A"}')).toBe(0);
    expect(sample(text, 'navbat_ticket_wait_seconds_bucket{le="300",center="isb-g9",service="A"}')).toBe(1);
    expect(sample(text, 'navbat_ticket_service_seconds_sum{center="isb-g9",service="A"}')).toBe(120);
    expect(sample(text, 'navbat_ticket_service_seconds_count{center="isb-g9",service="A"}')).toBe(1);
    expect(sample(text, 'navbat_queue_length{center="isb-g9",service="A"}')).toBe(1);
    expect(sample(text, 'navbat_queue_length{center="isb-g9",service="BF"}')).toBe(0);
    expect(sample(text, 'navbat_counters{center="isb-g9",state="open"}')).toBe(1);
    expect(sample(text, 'navbat_counters{center="isb-g9",state="paused"}')).toBe(1);
    expect(sample(text, 'navbat_counters{center="isb-g9",state="closed"}')).toBe(12);
    expect(sample(text, 'navbat_tickets_ended_total{center="isb-g9",how="cancel"}')).toBe(1);
  });

  it('process metrics carry the stock names, and no gauge ends in _total', async () => {
    const text = await scrape();
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'process_start_time_seconds', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_p99_seconds']) {
      expect(text, name).toMatch(new RegExp(`^${name}[ {]`, 'm'));
    }
    expect(text).not.toMatch(/navbat_process_/);
    const types = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => ({ name: m[1]!, type: m[2]! }));
    expect(types.filter((m) => m.type !== 'counter' && m.name.endsWith('_total'))).toEqual([]);
    expect(types.filter((m) => m.type === 'counter' && !m.name.endsWith('_total'))).toEqual([]);
  });

  it.skipIf(!hasPromtool)('promtool check metrics passes on the real /metrics output', async () => {
    await hallTraffic();
    const result = spawnSync('promtool', ['check', 'metrics'], { input: await scrape(), encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.status).toBe(0);
  });

  it('every metric the Grafana dashboard queries is in /metrics after some traffic', async () => {
    await hallTraffic();
    const text = await scrape();
    const exprs = dashboardExprs();
    expect(exprs.length).toBeGreaterThan(10);
    const queried = new Set(exprs.flatMap((e) => [...e.matchAll(/\b(?:navbat|process|nodejs)_[a-z0-9_]+/g)].map((m) => m[0])));
    for (const name of ['navbat_ticket_wait_seconds_bucket', 'navbat_ticket_service_seconds_bucket', 'navbat_tickets_issued_total', 'navbat_queue_length', 'navbat_counters']) {
      expect([...queried]).toContain(name);
    }
    for (const name of queried) expect(text, `${name} is queried by the dashboard`).toMatch(new RegExp(`^${name}[ {]`, 'm'));
    // Every label the dashboard groups by is one the queried metrics carry.
    for (const expr of exprs) {
      for (const [, labels] of expr.matchAll(/by \(([^)]*)\)/g)) {
        const names = [...expr.matchAll(/\b(?:navbat|process|nodejs)_[a-z0-9_]+/g)].map((m) => m[0]);
        for (const label of labels!.split(',').map((l) => l.trim())) {
          const carried = names.some((n) => new RegExp(`^${n}\\{[^}]*\\b${label}="`, 'm').test(text));
          expect(carried, `${label} in: ${expr}`).toBe(true);
        }
      }
    }
  });

  it.skipIf(!hasPromtool)('the dashboard queries are valid PromQL (promtool check rules)', () => {
    const concrete = (e: string) => e.replaceAll('$__rate_interval', '5m').replace(/\$\w+/g, '.*');
    const rules = { groups: [{ name: 'dashboard', rules: dashboardExprs().map((expr, i) => ({ record: `navbat:dashboard_query_${i}`, expr: concrete(expr) })) }] };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navbat-dashboard-'));
    const file = path.join(dir, 'rules.json');
    fs.writeFileSync(file, JSON.stringify(rules));
    const result = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  });
});
