import { describe, expect, it } from 'vitest';
import { durationSeconds, fromLocalInput, resolveWindow, stepFor, toLocalInput, windowFromSearch, windowSearch } from './window';

const now = new Date('2026-03-01T12:00:00Z');

describe('windowFromSearch', () => {
  it('defaults to the last hour', () => {
    expect(windowFromSearch(new URLSearchParams(''))).toEqual({ window: '1h' });
    expect(windowFromSearch(new URLSearchParams('window=5y'))).toEqual({ window: '1h' });
  });
  it('reads the relative windows', () => {
    for (const w of ['1h', '24h', '7d', '30d']) expect(windowFromSearch(new URLSearchParams(`window=${w}`))).toEqual({ window: w });
  });
  it('reads a custom window and falls back when from is missing or not a time', () => {
    expect(windowFromSearch(new URLSearchParams('window=custom&from=2026-03-01T10:00:00Z&to=2026-03-01T11:00:00Z')))
      .toEqual({ window: 'custom', from: '2026-03-01T10:00:00Z', to: '2026-03-01T11:00:00Z' });
    expect(windowFromSearch(new URLSearchParams('window=custom&from=2026-03-01T10:00:00Z&to=nonsense')))
      .toEqual({ window: 'custom', from: '2026-03-01T10:00:00Z', to: undefined });
    expect(windowFromSearch(new URLSearchParams('window=custom&from=yesterday'))).toEqual({ window: '1h' });
    expect(windowFromSearch(new URLSearchParams('window=custom'))).toEqual({ window: '1h' });
  });
});

describe('resolveWindow', () => {
  it('ends a relative window now, with a step that keeps about 720 points or fewer', () => {
    expect(resolveWindow({ window: '1h' }, now)).toEqual({ from: new Date('2026-03-01T11:00:00Z'), to: now, step: '30s', stepSeconds: 30 });
    expect(resolveWindow({ window: '24h' }, now)).toMatchObject({ from: new Date('2026-02-28T12:00:00Z'), step: '2m' });
    expect(resolveWindow({ window: '7d' }, now)).toMatchObject({ from: new Date('2026-02-22T12:00:00Z'), step: '15m' });
    expect(resolveWindow({ window: '30d' }, now)).toMatchObject({ from: new Date('2026-01-30T12:00:00Z'), step: '1h' });
  });
  it('takes a custom window as given, ending now when To is empty', () => {
    expect(resolveWindow({ window: 'custom', from: '2026-03-01T10:00:00Z', to: '2026-03-01T10:30:00Z' }, now))
      .toEqual({ from: new Date('2026-03-01T10:00:00Z'), to: new Date('2026-03-01T10:30:00Z'), step: '30s', stepSeconds: 30 });
    expect(resolveWindow({ window: 'custom', from: '2026-02-01T12:00:00Z' }, now)).toMatchObject({ to: now, step: '1h' });
  });
  it('refuses a custom window that ends before it starts or is too wide', () => {
    expect(resolveWindow({ window: 'custom', from: '2026-03-01T11:00:00Z', to: '2026-03-01T10:00:00Z' }, now))
      .toEqual({ problem: 'From must be before To.' });
    expect(resolveWindow({ window: 'custom', from: '2024-01-01T00:00:00Z', to: '2026-03-01T10:00:00Z' }, now))
      .toEqual({ problem: 'A window may span at most 400 days.' });
  });
});

describe('stepFor', () => {
  it('grows in whole days past the usual steps', () => {
    expect(stepFor(30 * 60_000)).toEqual({ step: '30s', seconds: 30 });
    expect(stepFor(2000 * 86_400_000)).toEqual({ step: '3d', seconds: 3 * 86_400 });
  });
});

describe('windowSearch', () => {
  it('keeps other parameters and drops from/to of a relative window', () => {
    const current = new URLSearchParams('window=custom&from=a&to=b&x=1');
    expect(windowSearch(current, { window: '7d' }).toString()).toBe('window=7d&x=1');
    expect(windowSearch(new URLSearchParams('x=1'), { window: 'custom', from: 'f', to: 't' }).toString())
      .toBe('x=1&window=custom&from=f&to=t');
  });
});

describe('datetime-local fields', () => {
  it('round-trip in local time to the minute', () => {
    const date = new Date(2026, 2, 1, 9, 5);
    expect(toLocalInput(date)).toBe('2026-03-01T09:05');
    expect(fromLocalInput('2026-03-01T09:05')).toEqual(date);
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('nope')).toBeNull();
  });
});

describe('durationSeconds', () => {
  it('reads the ISO durations the hub answers with', () => {
    expect(durationSeconds('PT30S')).toBe(30);
    expect(durationSeconds('PT2M')).toBe(120);
    expect(durationSeconds('PT1H30M')).toBe(5400);
    expect(durationSeconds('P1D')).toBe(86_400);
    expect(durationSeconds('PT0.5S')).toBe(0.5);
    expect(durationSeconds(45)).toBe(45);
    expect(durationSeconds('soon')).toBeNull();
    expect(durationSeconds(null)).toBeNull();
  });
});
