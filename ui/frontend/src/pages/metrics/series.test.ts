import { describe, expect, it } from 'vitest';
import type { AlertView } from '../alerts/types';
import { alertSpans, alignSeries, diskLabel, effectiveRules, formatBytes, formatPercent, lastValue, thresholdSource } from './series';
import type { TargetRules } from './types';

const p = (t: string, avg: number) => ({ t, avg, max: avg, samples: 1 });
const s = (iso: string) => Date.parse(iso) / 1000;

describe('alignSeries', () => {
  it('puts series on the union of their times, null where one has no value', () => {
    const a = [p('2026-03-01T10:00:00Z', 1), p('2026-03-01T10:00:30Z', 2)];
    const b = [p('2026-03-01T10:00:30Z', 20), p('2026-03-01T10:01:00Z', 30)];
    expect(alignSeries([a, b], 30)).toEqual([
      [s('2026-03-01T10:00:00Z'), s('2026-03-01T10:00:30Z'), s('2026-03-01T10:01:00Z')],
      [1, 2, null],
      [null, 20, 30],
    ]);
  });
  it('breaks the line where data stops for longer than a couple of steps', () => {
    const a = [p('2026-03-01T10:00:00Z', 1), p('2026-03-01T10:00:30Z', 2), p('2026-03-01T10:10:00Z', 3)];
    expect(alignSeries([a], 30)).toEqual([
      [s('2026-03-01T10:00:00Z'), s('2026-03-01T10:00:30Z'), s('2026-03-01T10:01:00Z'), s('2026-03-01T10:10:00Z')],
      [1, 2, null, 3],
    ]);
  });
  it('tolerates one skipped step (sample jitter) and the hub\'s nanosecond timestamps', () => {
    const a = [p('2026-03-01T10:00:00.452051690Z', 1), p('2026-03-01T10:01:00.452051690Z', 2)];
    const [xs, ys] = alignSeries([a], 30);
    expect(xs).toHaveLength(2);
    expect(ys).toEqual([1, 2]);
  });
  it('answers empty arrays for no data', () => {
    expect(alignSeries([[], []], 30)).toEqual([[], [], []]);
  });
});

const rules = (own: Partial<TargetRules['alertRules']>, defaults: Partial<TargetRules['alertRules']> = {}): TargetRules => {
  const none = { diskThresholdPercent: null, cpuThresholdPercent: null, memoryThresholdPercent: null, forSeconds: null, hysteresisPercent: null };
  return { targetId: 't', alertRules: { ...none, ...own }, organisationDefaults: { ...none, ...defaults } };
};

describe('effectiveRules', () => {
  it('takes the target\'s own parts over the organisation defaults, part by part', () => {
    const r = rules({ diskThresholdPercent: 80, forSeconds: 5 }, { diskThresholdPercent: 90, cpuThresholdPercent: 95, forSeconds: 60, hysteresisPercent: 5 });
    expect(effectiveRules(r)).toEqual({ diskThresholdPercent: 80, cpuThresholdPercent: 95, memoryThresholdPercent: null, forSeconds: 5, hysteresisPercent: 5 });
    expect(thresholdSource(r, 'DISK')).toBe('target');
    expect(thresholdSource(r, 'CPU')).toBe('default');
    expect(thresholdSource(r, 'MEMORY')).toBeNull();
  });
  it('leaves a metric without a rule anywhere unwatched', () => {
    expect(effectiveRules(rules({}, { diskThresholdPercent: 90 })).memoryThresholdPercent).toBeNull();
  });
});

const alert = (over: Partial<AlertView>): AlertView => ({
  id: 'a', targetId: 't', metric: 'DISK', device: '/dev/vda1', mountPath: '/', deploymentId: null, value: 91,
  threshold: 90, message: null, open: true, firedAt: '2026-03-01T10:30:00Z', resolvedAt: null, resolvedValue: null,
  resolvedMessage: null, ...over,
});

describe('alertSpans', () => {
  const from = Date.parse('2026-03-01T10:00:00Z');
  const to = Date.parse('2026-03-01T11:00:00Z');
  const now = Date.parse('2026-03-01T11:05:00Z');
  it('shades an open alert from its firing to the end of the window', () => {
    expect(alertSpans([alert({})], 'DISK', from, to, now)).toEqual([
      { start: s('2026-03-01T10:30:00Z'), end: s('2026-03-01T11:00:00Z'), open: true, label: '/', firedAt: '2026-03-01T10:30:00Z', resolvedAt: null },
    ]);
  });
  it('clips a resolved alert to the window and leaves out other metrics and alerts outside it', () => {
    const spans = alertSpans([
      alert({ id: 'early', open: false, firedAt: '2026-03-01T09:00:00Z', resolvedAt: '2026-03-01T10:10:00Z' }),
      alert({ id: 'before', open: false, firedAt: '2026-03-01T08:00:00Z', resolvedAt: '2026-03-01T09:00:00Z' }),
      alert({ id: 'cpu', metric: 'CPU' }),
      alert({ id: 'later', firedAt: '2026-03-01T11:01:00Z' }),
    ], 'DISK', from, to, now);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ start: s('2026-03-01T10:00:00Z'), end: s('2026-03-01T10:10:00Z'), open: false });
  });
});

describe('formatting', () => {
  it('reads bytes in binary units', () => {
    expect(formatBytes(8 * 2 ** 30)).toBe('8 GiB');
    expect(formatBytes(100_000_000_000)).toBe('93.1 GiB');
    expect(formatBytes(512 * 2 ** 20)).toBe('512 MiB');
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(null)).toBe('–');
  });
  it('reads percentages with one decimal', () => {
    expect(formatPercent(35.25)).toBe('35.3 %');
    expect(formatPercent(null)).toBe('–');
  });
  it('names a disk by mount path and device', () => {
    expect(diskLabel({ device: '/dev/vda1', mountPath: '/' })).toBe('/ (/dev/vda1)');
    expect(diskLabel({ device: '/dev/vdb', mountPath: null })).toBe('/dev/vdb');
  });
  it('finds the last value of a series', () => {
    expect(lastValue([1, 2, null])).toBe(2);
    expect(lastValue([null])).toBeNull();
  });
});
