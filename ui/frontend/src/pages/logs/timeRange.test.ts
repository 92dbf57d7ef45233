import { describe, expect, it } from 'vitest';
import { formatLocal, fromLocalInput, normaliseBound, relativeMs, resolveBound, resolveWindow, toLocalInput } from './timeRange';

const NOW = Date.parse('2026-11-27T12:00:00.000Z');

describe('time windows', () => {
  it('reads relative durations in minutes, hours and days', () => {
    expect(relativeMs('15m')).toBe(15 * 60_000);
    expect(relativeMs('24h')).toBe(86_400_000);
    expect(relativeMs('7d')).toBe(7 * 86_400_000);
    expect(relativeMs('1w')).toBeNull();
    expect(relativeMs('-1h')).toBeNull();
    expect(relativeMs('0m')).toBeNull();
    expect(relativeMs(null)).toBeNull();
  });

  it('resolves a relative bound back from now, an instant as itself, nothing as open', () => {
    expect(resolveBound('1h', NOW)).toBe('2026-11-27T11:00:00.000Z');
    expect(resolveBound('2026-11-27T10:00:00Z', NOW)).toBe('2026-11-27T10:00:00.000Z');
    expect(resolveBound(null, NOW)).toBeUndefined();
  });

  it('a relative window slides with the clock', () => {
    expect(resolveWindow('15m', null, NOW)).toEqual({ from: '2026-11-27T11:45:00.000Z', to: undefined });
    expect(resolveWindow('15m', null, NOW + 60_000).from).toBe('2026-11-27T11:46:00.000Z');
  });

  it('says so when From is not before To', () => {
    expect(resolveWindow('2026-11-27T12:00:00Z', '2026-11-27T11:00:00Z', NOW).problem).toMatch(/before/);
    expect(resolveWindow('1h', '2h', NOW).problem).toMatch(/before/);
    expect(resolveWindow('2h', '1h', NOW).problem).toBeUndefined();
  });

  it('accepts only instants with a zone, or relative durations, in the URL', () => {
    expect(normaliseBound(' 24h ')).toBe('24h');
    expect(normaliseBound('2026-11-27T12:00:00.5Z')).toBe('2026-11-27T12:00:00.500Z');
    expect(normaliseBound('2026-11-27T12:00:00')).toBeNull();
    expect(normaliseBound('soon')).toBeNull();
  });

  it('converts between instants and datetime-local values in local time', () => {
    const local = new Date(2026, 10, 27, 9, 5, 7, 250);
    expect(toLocalInput(local.toISOString())).toBe('2026-11-27T09:05:07');
    expect(fromLocalInput('2026-11-27T09:05:07')).toBe(new Date(2026, 10, 27, 9, 5, 7).toISOString());
    expect(fromLocalInput('2026-11-27T09:05')).toBe(new Date(2026, 10, 27, 9, 5).toISOString());
    expect(fromLocalInput('2026-11-27T09:05:07.25')).toBe(new Date(2026, 10, 27, 9, 5, 7, 250).toISOString());
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('27.11.2026')).toBeNull();
    expect(toLocalInput(undefined)).toBe('');
  });

  it('shows times local, to the millisecond', () => {
    const local = new Date(2026, 0, 2, 3, 4, 5, 6);
    expect(formatLocal(local.toISOString())).toBe('2026-01-02 03:04:05.006');
    expect(formatLocal('not a time')).toBe('not a time');
  });
});
