import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatPercent, lastValue, type Aligned, type Span } from './series';

export interface ChartSeries {
  label: string;
  color: string;
}

export interface Threshold {
  value: number;
  label: string;
}

const HEIGHT = 220;
const SPAN_FILL = 'rgba(220, 38, 38, 0.08)';
const SPAN_EDGE = 'rgba(220, 38, 38, 0.75)';
const THRESHOLD = 'rgba(180, 35, 24, 0.8)';

/**
 * One percentage chart (0–100 %) over a fixed time window: a line per series, the alert threshold as a
 * dashed line and alert periods as shaded spans with a line where each fired. The legend under the chart
 * shows the latest values, and the values under the pointer while hovering. Follows its container's width.
 */
export function MetricChart({ title, data, series, range, thresholds, spans }: {
  title: string;
  data: Aligned;
  series: ChartSeries[];
  /** the window, Unix seconds */
  range: [number, number];
  thresholds: Threshold[];
  spans: Span[];
}) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // the draw hooks and the x range read these, so a new window or new alerts need no new chart
  const overlay = useRef({ thresholds, spans, range });
  overlay.current = { thresholds, spans, range };
  const seriesKey = series.map((s) => `${s.label}|${s.color}`).join(';');

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height: HEIGHT,
      scales: {
        x: { time: true, range: () => overlay.current.range },
        y: { range: [0, 100] },
      },
      axes: [
        { stroke: '#667085', grid: { stroke: '#eef0f3', width: 1 }, ticks: { stroke: '#e2e5ea', width: 1 } },
        { stroke: '#667085', size: 56, values: (_u, ticks) => ticks.map((t) => `${t} %`),
          grid: { stroke: '#eef0f3', width: 1 }, ticks: { stroke: '#e2e5ea', width: 1 }, splits: () => [0, 25, 50, 75, 100] },
      ],
      cursor: { points: { size: 7 }, drag: { x: false, y: false } },
      legend: { live: true },
      series: [
        { label: 'Time', value: (_u, v, _s, idx) => (idx == null || v == null ? 'Latest' : new Date(v * 1000).toLocaleString()) },
        ...series.map((s, i): uPlot.Series => ({
          label: s.label,
          stroke: s.color,
          width: 1.75,
          spanGaps: false,
          points: { show: false },
          value: (u, v, _s, idx) => formatPercent(idx == null ? lastValue(u.data[i + 1] as (number | null)[]) : v),
        })),
      ],
      hooks: {
        drawClear: [(u) => drawSpans(u, overlay.current.spans)],
        draw: [(u) => drawThresholds(u, overlay.current.thresholds)],
      },
    };
    const chart = new uPlot(options, data as uPlot.AlignedData, element);
    plot.current = chart;
    const observer = new ResizeObserver(() => {
      const width = Math.max(200, element.clientWidth);
      if (width !== chart.width) chart.setSize({ width, height: HEIGHT });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // rebuilt only when its series change; data and overlays are pushed into the chart below
  }, [seriesKey]);

  useEffect(() => {
    plot.current?.setData(data as uPlot.AlignedData, true);
  }, [data, range[0], range[1]]);

  useEffect(() => {
    plot.current?.redraw(false);
  }, [thresholds, spans]);

  return <div className="metric-chart" ref={host} data-chart={title} />;
}

function drawSpans(u: uPlot, spans: Span[]) {
  const { ctx } = u;
  const { top, height, left, width } = u.bbox;
  ctx.save();
  for (const span of spans) {
    const x0 = Math.max(left, u.valToPos(span.start, 'x', true));
    const x1 = Math.min(left + width, u.valToPos(span.end, 'x', true));
    ctx.fillStyle = SPAN_FILL;
    ctx.fillRect(x0, top, Math.max(x1 - x0, 2 * devicePixelRatio), height);
    ctx.strokeStyle = SPAN_EDGE;
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.beginPath();
    ctx.moveTo(x0, top);
    ctx.lineTo(x0, top + height);
    ctx.stroke();
  }
  ctx.restore();
}

function drawThresholds(u: uPlot, thresholds: Threshold[]) {
  const { ctx } = u;
  const { left, width, top } = u.bbox;
  const dpr = devicePixelRatio;
  ctx.save();
  for (const threshold of thresholds) {
    const y = Math.round(u.valToPos(threshold.value, 'y', true)) + 0.5;
    ctx.strokeStyle = THRESHOLD;
    ctx.lineWidth = dpr;
    ctx.setLineDash([6 * dpr, 4 * dpr]);
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(left + width, y);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = THRESHOLD;
    ctx.font = `${11 * dpr}px system-ui, sans-serif`;
    ctx.textAlign = 'right';
    ctx.textBaseline = y - 14 * dpr < top ? 'top' : 'bottom';
    ctx.fillText(threshold.label, left + width - 4 * dpr, y + (ctx.textBaseline === 'top' ? 3 : -3) * dpr);
  }
  ctx.restore();
}
