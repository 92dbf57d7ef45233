// Turning the hub's series into what uPlot draws, and the small rules around the charts: which threshold
// applies (a target's own rule over the organisation default), which alerts fall into the window, and how
// bytes and percentages read.
import type { AlertMetric, AlertView } from '../alerts/types';
import type { DiskSeries, Point, Rules, TargetRules } from './types';

/** uPlot's data: x in Unix seconds, then one array per series with null where a series has no value. */
export type Aligned = [number[], ...(number | null)[][]];

/**
 * Puts several series on one x axis (the union of their times, in seconds). Where the data stops for
 * longer than a couple of steps (agent offline, metrics switched off) a null point is put in, so the line
 * breaks there instead of bridging the silence.
 */
export function alignSeries(series: Point[][], stepSeconds: number): Aligned {
  const byTime = new Map<number, (number | null)[]>();
  series.forEach((points, i) => {
    for (const point of points) {
      const t = Math.round(Date.parse(point.t) / 1000);
      let row = byTime.get(t);
      if (!row) {
        row = new Array<number | null>(series.length).fill(null);
        byTime.set(t, row);
      }
      row[i] = point.avg;
    }
  });
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const xs: number[] = [];
  const ys: (number | null)[][] = series.map(() => []);
  const gap = Math.max(1, stepSeconds) * 2.5;
  times.forEach((t, index) => {
    if (index > 0 && t - times[index - 1] > gap) {
      xs.push(times[index - 1] + stepSeconds);
      ys.forEach((y) => y.push(null));
    }
    xs.push(t);
    const row = byTime.get(t)!;
    ys.forEach((y, i) => y.push(row[i]));
  });
  return [xs, ...ys];
}

/** The rules in force on a target: each of its own parts, else the organisation default. */
export function effectiveRules(rules: TargetRules): Rules {
  const own = rules.alertRules;
  const fallback = rules.organisationDefaults;
  return {
    diskThresholdPercent: own.diskThresholdPercent ?? fallback.diskThresholdPercent,
    cpuThresholdPercent: own.cpuThresholdPercent ?? fallback.cpuThresholdPercent,
    memoryThresholdPercent: own.memoryThresholdPercent ?? fallback.memoryThresholdPercent,
    forSeconds: own.forSeconds ?? fallback.forSeconds,
    hysteresisPercent: own.hysteresisPercent ?? fallback.hysteresisPercent,
  };
}

/** Whether a threshold is the target's own or the organisation default (for the chart's caption). */
export function thresholdSource(rules: TargetRules, metric: 'DISK' | 'CPU' | 'MEMORY'): 'target' | 'default' | null {
  const key = ({ DISK: 'diskThresholdPercent', CPU: 'cpuThresholdPercent', MEMORY: 'memoryThresholdPercent' } as const)[metric];
  if (rules.alertRules[key] != null) return 'target';
  if (rules.organisationDefaults[key] != null) return 'default';
  return null;
}

export interface Span {
  /** Unix seconds, clipped to the window */
  start: number;
  end: number;
  open: boolean;
  label: string;
  firedAt: string;
  resolvedAt: string | null;
}

/** The alerts of one metric that overlap the window, as spans to shade; an open one lasts until now. */
export function alertSpans(alerts: AlertView[], metric: AlertMetric, fromMs: number, toMs: number, nowMs: number): Span[] {
  const spans: Span[] = [];
  for (const alert of alerts) {
    if (alert.metric !== metric) continue;
    const fired = Date.parse(alert.firedAt);
    const ended = alert.resolvedAt ? Date.parse(alert.resolvedAt) : nowMs;
    if (fired > toMs || ended < fromMs) continue;
    spans.push({
      start: Math.max(fired, fromMs) / 1000,
      end: Math.min(Math.max(ended, fired), toMs) / 1000,
      open: alert.open,
      label: metric === 'DISK' ? (alert.mountPath ?? alert.device ?? 'disk') : metric === 'CPU' ? 'CPU' : 'Memory',
      firedAt: alert.firedAt,
      resolvedAt: alert.resolvedAt,
    });
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** "/ (/dev/vda1)", or the device alone when no mount path is known. */
export function diskLabel(disk: Pick<DiskSeries, 'device' | 'mountPath'>): string {
  return disk.mountPath ? `${disk.mountPath} (${disk.device})` : disk.device;
}

/** Binary units as people read sizes: "8 GiB", "93.1 GiB", "512 MiB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null || !Number.isFinite(bytes)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = Math.round(value * 10) / 10;
  const text = Number.isInteger(rounded) || rounded >= 100 ? String(Math.round(rounded)) : rounded.toFixed(1);
  return `${text} ${units[unit]}`;
}

export function formatPercent(value: number | null | undefined): string {
  return value == null || !Number.isFinite(value) ? '–' : `${value.toFixed(1)} %`;
}

/** The last value a series has (the legend shows it while the pointer is not over the chart). */
export function lastValue(values: (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) {
    if (values[i] != null) return values[i];
  }
  return null;
}
