import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface PlanSeries {
  label: string;
  color: string;
  values: (number | null)[];
  dash?: number[];
}

/** Counters per hour as steps (uPlot): needed, scheduled and opened; the numbers are also in the table below it. */
export function PlanChart({ hours, series, title, summary }: { hours: string[]; series: PlanSeries[]; title: string; summary: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || hours.length === 0) return;
    const max = Math.max(1, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
    const plot = new uPlot(
      {
        width: Math.max(280, el.clientWidth || 600),
        height: 260,
        legend: { show: true, live: false },
        cursor: { show: false },
        scales: { x: { time: false, range: [-0.5, hours.length - 0.5] }, y: { range: [0, Math.ceil(max * 1.15) + 1] } },
        axes: [
          { values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? (hours[v] ?? '') : '')), splits: () => hours.map((_, i) => i), font: '14px system-ui', stroke: '#14202b' },
          { font: '14px system-ui', stroke: '#14202b', size: 50 },
        ],
        series: [{ label: title }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 3, dash: s.dash ?? [], paths: uPlot.paths.stepped!({ align: 1 }), points: { show: true, size: 6, fill: s.color } }))],
      },
      [hours.map((_, i) => i), ...series.map((s) => s.values)],
      el,
    );
    return () => plot.destroy();
  }, [hours, series, title]);
  return (
    <figure className="sup-chart plan-chart">
      <figcaption>{title}</figcaption>
      <div ref={box} role="img" aria-label={`${title}. ${summary}`} />
    </figure>
  );
}
