import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  color: string;
  values: (number | null)[];
}

/**
 * A bar chart drawn by uPlot (grouped bars when there are several series). The x axis shows `labels`.
 * Screen readers get the same numbers from the table that `summary` describes.
 */
export function BarChart({ labels, series, title, summary, yMax }: { labels: string[]; series: ChartSeries[]; title: string; summary: string; yMax?: number }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || labels.length === 0) return;
    const width = Math.max(280, el.clientWidth || 600);
    const n = Math.min(2, series.length);
    const groupWidth = 0.8;
    const opts: uPlot.Options = {
      width,
      height: 240,
      legend: { show: n > 1, live: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: [0, yMax ?? null] as unknown as uPlot.Range.MinMax } },
      axes: [
        { values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? (labels[v] ?? '') : '')), splits: () => labels.map((_, i) => i), font: '14px system-ui', stroke: '#14202b' },
        { font: '14px system-ui', stroke: '#14202b', size: 50 },
      ],
      series: [
        { label: title },
        ...series.slice(0, 2).map((s, i) => ({
          label: s.label,
          stroke: s.color,
          fill: s.color,
          width: 0,
          // Two series sit side by side (left and right of the tick); one is centred.
          paths: uPlot.paths.bars!({ size: [groupWidth / n, Infinity], align: n === 1 ? 0 : i === 0 ? -1 : 1, gap: 2 }),
          points: { show: false },
        })),
      ],
    };
    const data: uPlot.AlignedData = [labels.map((_, i) => i), ...series.slice(0, 2).map((s) => s.values)];
    const plot = new uPlot(opts, data, el);
    return () => plot.destroy();
  }, [labels, series, yMax, title]);
  return (
    <figure className="sup-chart">
      <figcaption>{title}</figcaption>
      <div ref={box} role="img" aria-label={`${title}. ${summary}`} />
    </figure>
  );
}
