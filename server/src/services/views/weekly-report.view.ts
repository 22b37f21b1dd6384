import type { WeeklyReport } from '@navbat/shared';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const minutes = (seconds: number | null) => (seconds === null ? '–' : `${Math.round(seconds / 60)} min`);
const percent = (p: number | null) => (p === null ? '–' : `${Math.round(p)}%`);
const rating = (r: number | null) => (r === null ? '–' : r.toFixed(1));

const cell = 'padding:6px 10px;border-bottom:1px solid #d0d7de;text-align:end;font-variant-numeric:tabular-nums';
const head = 'padding:6px 10px;border-bottom:2px solid #1f2328;text-align:end;font-weight:600';

/**
 * The weekly report as one self-contained HTML page that survives being pasted into an email: inline styles
 * only, no scripts, no images, English headings with Urdu beside them, centre names in both languages.
 */
export function weeklyReportHtml(report: WeeklyReport): string {
  const columns: [string, string][] = [
    ['Tickets', 'ٹکٹ'],
    ['Served', 'خدمت ہوئی'],
    ['No-show', 'غیر حاضر'],
    ['Average wait', 'اوسط انتظار'],
    ['90% waited at most', '90٪ کا انتظار'],
    ['Within target', 'ہدف کے اندر'],
    ['Rating', 'درجہ بندی'],
  ];
  const rows = report.centers
    .map(
      (c) => `<tr>
<th scope="row" style="${cell};text-align:start;font-weight:600">${escape(c.name.en)}<br><span lang="ur" dir="rtl" style="font-weight:400">${escape(c.name.ur)}</span><br><span style="font-weight:400;color:#57606a">${escape(c.centerId)}</span></th>
<td style="${cell}">${c.issued}</td><td style="${cell}">${c.served}</td><td style="${cell}">${c.noShow}</td>
<td style="${cell}">${minutes(c.avgWaitSeconds)}</td><td style="${cell}">${minutes(c.p90WaitSeconds)}</td>
<td style="${cell}">${percent(c.slaMetPercent)}</td><td style="${cell}">${rating(c.avgRating)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Navbat weekly report ${report.from} – ${report.to}</title></head>
<body style="font-family:system-ui,'Noto Nastaliq Urdu',sans-serif;color:#1f2328;margin:24px">
<h1 style="font-size:22px;margin:0 0 4px">Weekly report · <span lang="ur" dir="rtl">ہفتہ وار رپورٹ</span></h1>
<p style="margin:0 0 16px;color:#57606a">${report.from} – ${report.to} · each centre's own local days</p>
<table style="border-collapse:collapse;font-size:14px">
<thead><tr><th scope="col" style="${head};text-align:start">Centre · <span lang="ur" dir="rtl">مرکز</span></th>
${columns.map(([en, ur]) => `<th scope="col" style="${head}">${en}<br><span lang="ur" dir="rtl" style="font-weight:400">${ur}</span></th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
