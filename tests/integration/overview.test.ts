import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { issue, staffClient, useTestApp } from '../support/test-app';

// The national view: every centre side by side (admin). The demo centre (Asia/Karachi, UTC+5) has service A
// (id 1) with a 20-minute target; a second centre is created empty.

const t = useTestApp();
const at = (iso: string) => t.clock.set(iso);
const name = (en: string) => ({ en, ur: `${en} (اردو)` });

describe('the national view', () => {
  it('shows each centre: waiting, the longest wait against its target, counters open, the day so far', async () => {
    const admin = await staffClient(t.app, 'admin');
    const op1 = await staffClient(t.app, 'operator1');
    expect((await admin('POST', '/api/v1/admin/centers', { id: 'lhr-1', name: name('Lahore <Gulberg> & "Model Town"'), timezone: 'Asia/Karachi' })).status).toBe(201);

    at('2026-11-24T05:00:00.000Z');
    for (let i = 0; i < 3; i++) expect((await issue(t.app, 1)).status).toBe(201);
    expect((await op1('POST', '/api/v1/counters/1/open')).status).toBe(200);
    expect((await op1('POST', '/api/v1/counters/1/call-next')).status).toBe(200);
    expect((await op1('POST', '/api/v1/counters/1/complete')).status).toBe(200);

    // 16 minutes on: the oldest of the two waiting is at 80% of A's 20-minute target.
    at('2026-11-24T05:16:00.000Z');
    let r = await admin('GET', '/api/v1/overview');
    expect(r.status).toBe(200);
    const demo = () => r.body.centers.find((c: { centerId: string }) => c.centerId === 'isb-g9');
    const lahore = () => r.body.centers.find((c: { centerId: string }) => c.centerId === 'lhr-1');
    expect(r.body.at).toBe('2026-11-24T05:16:00.000Z');
    expect(demo()).toMatchObject({ waiting: 2, longestWaitSeconds: 960, targetSeconds: 1200, servicesOverTarget: 0, countersOpen: 1, servedToday: 1, pressure: 'warn' });
    expect(lahore()).toMatchObject({ waiting: 0, longestWaitSeconds: null, countersOpen: 0, servedToday: 0, pressure: 'ok', name: name('Lahore <Gulberg> & "Model Town"') });

    // Past the target: alert.
    at('2026-11-24T05:21:00.000Z');
    r = await admin('GET', '/api/v1/overview');
    expect(demo()).toMatchObject({ longestWaitSeconds: 1260, servicesOverTarget: 1, pressure: 'alert' });
    // No phone number or other personal data in the view.
    expect(JSON.stringify(r.body)).not.toMatch(/phone|\+92/);
  });

  it('is for admins only', async () => {
    const supervisor = await staffClient(t.app, 'supervisor');
    expect((await supervisor('GET', '/api/v1/overview')).status).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/overview' })).statusCode).toBe(401);
  });
});

describe('the weekly report', () => {
  async function playWeek() {
    const admin = await staffClient(t.app, 'admin');
    const op1 = await staffClient(t.app, 'operator1');
    expect((await admin('POST', '/api/v1/admin/centers', { id: 'lhr-1', name: name('Lahore'), timezone: 'Asia/Karachi' })).status).toBe(201);
    // Monday 23 November: three tickets, two served (waits 5 and 25 minutes), one left waiting.
    at('2026-11-23T05:00:00.000Z');
    for (let i = 0; i < 3; i++) await issue(t.app, 1);
    expect((await op1('POST', '/api/v1/counters/1/open')).status).toBe(200);
    at('2026-11-23T05:05:00.000Z');
    expect((await op1('POST', '/api/v1/counters/1/call-next')).status).toBe(200);
    expect((await op1('POST', '/api/v1/counters/1/complete')).status).toBe(200);
    at('2026-11-23T05:25:00.000Z');
    expect((await op1('POST', '/api/v1/counters/1/call-next')).status).toBe(200);
    expect((await op1('POST', '/api/v1/counters/1/complete')).status).toBe(200);
    // This week (Tuesday 1 December) does not count in last week's report.
    at('2026-12-01T05:00:00.000Z');
    await issue(t.app, 1);
  }

  it('sums last full week per centre, as JSON and as CSV', async () => {
    await playWeek();
    // Signed in now: a week on, yesterday's session has ended.
    const admin = await staffClient(t.app, 'admin');
    const r = await admin('GET', '/api/v1/overview/weekly');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ from: '2026-11-23', to: '2026-11-29' });
    const demo = r.body.centers.find((c: { centerId: string }) => c.centerId === 'isb-g9');
    expect(demo).toMatchObject({ issued: 3, served: 2, noShow: 0, avgWaitSeconds: 900, slaMetPercent: 50 });
    expect(r.body.centers.find((c: { centerId: string }) => c.centerId === 'lhr-1')).toMatchObject({ issued: 0, served: 0, avgWaitSeconds: null });

    const thisWeek = await admin('GET', '/api/v1/overview/weekly?weekOf=2026-12-03');
    expect(thisWeek.body).toMatchObject({ from: '2026-11-30', to: '2026-12-06' });
    expect(thisWeek.body.centers.find((c: { centerId: string }) => c.centerId === 'isb-g9').issued).toBe(1);

    const csv = await admin('GET', '/api/v1/overview/weekly.csv');
    expect(csv.status).toBe(200);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('center_id,center,from,to,issued,served,no_show,avg_wait_seconds,p90_wait_seconds,sla_met_percent,avg_rating');
    expect(lines.find((l) => l.startsWith('isb-g9,'))).toMatch(/,2026-11-23,2026-11-29,3,2,0,900,1500,50,$/);

    expect((await admin('GET', '/api/v1/overview/weekly?weekOf=2026-02-30')).status).toBe(400);
  });

  it('covers, by default, the last week every centre has finished (centres in several time zones)', async () => {
    // Monday 07:00 in Islamabad, still Sunday evening in New York: New York's week of 23 November is not over yet.
    at('2026-11-30T02:00:00.000Z');
    const admin = await staffClient(t.app, 'admin');
    expect((await admin('POST', '/api/v1/admin/centers', { id: 'nyc-1', name: name('New York'), timezone: 'America/New_York' })).status).toBe(201);
    expect((await admin('GET', '/api/v1/overview/weekly')).body).toMatchObject({ from: '2026-11-16', to: '2026-11-22' });
    // Once Monday has come everywhere, it is the week of 23 November.
    at('2026-11-30T06:00:00.000Z');
    expect((await admin('GET', '/api/v1/overview/weekly')).body).toMatchObject({ from: '2026-11-23', to: '2026-11-29' });
  });

  it('is written once a week into a folder as an emailable page and a CSV', async () => {
    await playWeek();
    const dir = mkdtempSync(path.join(tmpdir(), 'navbat-reports-'));
    try {
      const written = await t.app.services.overview.writeWeeklyReport(dir);
      expect(written.map((f) => path.basename(f)).sort()).toEqual(['weekly-2026-11-23.csv', 'weekly-2026-11-23.html']);
      const html = readFileSync(path.join(dir, 'weekly-2026-11-23.html'), 'utf8');
      expect(html).toContain('2026-11-23 – 2026-11-29');
      expect(html).toContain('Lahore (اردو)');
      expect(html).not.toMatch(/<script|<link|<img/i);
      // Run again (every minute, after restarts): nothing is written twice, no temporary file is left.
      expect(await t.app.services.overview.writeWeeklyReport(dir)).toEqual([]);
      expect(readdirSync(dir).sort()).toEqual(['weekly-2026-11-23.csv', 'weekly-2026-11-23.html']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
