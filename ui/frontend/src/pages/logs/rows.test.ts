import { describe, expect, it } from 'vitest';
import { appendOlder, EMPTY_BUFFER, lineText, mergeNewer, rowOfLine, rowOfTransition, severityTone, timeKey, type Row } from './rows';

let seq = 0;
/** A row at second `s` (and nanosecond `ns`) of a fixed minute. */
function row(s: number, ns = 0, id = `r${seq++}`): Row {
  const fraction = String(ns).padStart(9, '0');
  return rowOfLine({ id, timestamp: `2026-11-27T12:00:${String(s).padStart(2, '0')}.${fraction}Z`, severity: 'INFO',
    resource: 'agent', revisionId: null, body: `line ${id}` });
}
const ids = (rows: Row[]) => rows.map((r) => r.id);

describe('rows', () => {
  it('orders by the full timestamp, below the millisecond too', () => {
    expect(timeKey('2026-11-27T12:00:01.123456789Z')).toEqual([Date.parse('2026-11-27T12:00:01.123Z'), 456789]);
    expect(timeKey('2026-11-27T12:00:01Z')).toEqual([Date.parse('2026-11-27T12:00:01Z'), 0]);
    expect(timeKey('2026-11-27T12:00:01.5Z')[1]).toBe(0);
  });

  it('appends older pages, skipping rows already held', () => {
    const a = row(9, 0, 'a'), b = row(8, 0, 'b'), c = row(7, 0, 'c');
    const first = appendOlder(EMPTY_BUFFER, [a, b]);
    const second = appendOlder(first, [b, c]);
    expect(ids(second.rows)).toEqual(['a', 'b', 'c']);
    expect(second.ids.has('c')).toBe(true);
    expect(appendOlder(second, [c])).toBe(second);
    expect(first.ids.has('c')).toBe(false); // buffers are values: the older one is untouched
  });

  it('merges newer rows in time order and by id, however they arrive', () => {
    const held = appendOlder(EMPTY_BUFFER, [row(5, 0, 'e'), row(4, 0, 'd')]);
    // the tail delivered g and h; the refresh then brings f, g (again) and h (again), oldest first
    const tail = mergeNewer(held, [row(7, 0, 'g'), row(8, 0, 'h')]);
    expect(tail.added).toBe(2);
    const refreshed = mergeNewer(tail.buffer, [row(6, 0, 'f'), row(7, 0, 'g'), row(8, 0, 'h')]);
    expect(refreshed.added).toBe(1);
    expect(ids(refreshed.buffer.rows)).toEqual(['h', 'g', 'f', 'e', 'd']);
    expect(mergeNewer(refreshed.buffer, [row(8, 0, 'h')])).toEqual({ buffer: refreshed.buffer, added: 0 });
  });

  it('keeps nanosecond order within one millisecond', () => {
    const merged = mergeNewer(EMPTY_BUFFER, [row(1, 1_000_001, 'x'), row(1, 1_000_300, 'y'), row(1, 1_000_002, 'z')]);
    expect(ids(merged.buffer.rows)).toEqual(['y', 'z', 'x']);
  });

  it('lets the same text at the same instant be two lines when their ids differ', () => {
    const one = rowOfLine({ id: '1:k:0', timestamp: '2026-11-27T12:00:00Z', severity: null, resource: 'a', revisionId: null, body: 'same' });
    const two = { ...one, id: '1:k:1' };
    expect(mergeNewer(EMPTY_BUFFER, [one, two]).buffer.rows).toHaveLength(2);
  });

  it('gives status transitions an identity of their own', () => {
    const t = { at: '2026-11-27T12:00:00Z', deploymentId: 'd', targetId: 't', revisionId: 'r1',
      previousStatus: 'PROGRESSING' as const, status: 'ERROR' as const, message: 'healthcheck failed' };
    const r = rowOfTransition(t);
    expect(r).toMatchObject({ status: 'ERROR', previousStatus: 'PROGRESSING', body: 'healthcheck failed', severity: 'ERROR' });
    expect(rowOfTransition({ ...t }).id).toBe(r.id);
    expect(rowOfTransition({ ...t, status: 'HEALTHY' }).id).not.toBe(r.id);
  });

  it('colours stderr and error levels red and warnings amber', () => {
    expect(severityTone('stderr')).toBe('error');
    expect(severityTone('ERROR')).toBe('error');
    expect(severityTone('Fatal')).toBe('error');
    expect(severityTone('WARN')).toBe('warn');
    expect(severityTone('warning')).toBe('warn');
    expect(severityTone('stdout')).toBeNull();
    expect(severityTone(null)).toBeNull();
  });

  it('copies a line as time, severity, resource and text', () => {
    const r = rowOfLine({ id: 'i', timestamp: '2026-11-27T12:00:00.123Z', severity: 'stderr', resource: 'web-1', revisionId: 'r', body: 'boom' });
    expect(lineText(r)).toBe('2026-11-27T12:00:00.123Z stderr web-1 boom');
  });
});
