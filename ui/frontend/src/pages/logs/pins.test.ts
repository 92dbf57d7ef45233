import { describe, expect, it } from 'vitest';
import { isPinned, MAX_PINS, togglePin, unpin } from './pins';
import { rowOfLine } from './rows';

const row = (s: number) => rowOfLine({ id: `r${s}`, timestamp: new Date(Date.UTC(2026, 10, 27, 12, 0, s)).toISOString(),
  severity: null, resource: 'agent', revisionId: null, body: `line ${s}` });

describe('pins', () => {
  it('pins several rows, kept newest first like the list', () => {
    let pins = togglePin([], row(3));
    pins = togglePin(pins, row(9));
    pins = togglePin(pins, row(5));
    expect(pins.map((p) => p.id)).toEqual(['r9', 'r5', 'r3']);
    expect(isPinned(pins, 'r5')).toBe(true);
    expect(isPinned(pins, 'r4')).toBe(false);
  });

  it('a second click unpins', () => {
    const pins = togglePin(togglePin([], row(3)), row(4));
    expect(togglePin(pins, row(3)).map((p) => p.id)).toEqual(['r4']);
    expect(unpin(pins, 'r4').map((p) => p.id)).toEqual(['r3']);
    expect(unpin(pins, 'nope')).toEqual(pins);
  });

  it('holds at most MAX_PINS: the pin on the oldest line gives way', () => {
    let pins = [] as ReturnType<typeof togglePin>;
    for (let s = 1; s <= MAX_PINS; s++) pins = togglePin(pins, row(s));
    pins = togglePin(pins, row(59));
    expect(pins).toHaveLength(MAX_PINS);
    expect(isPinned(pins, 'r1')).toBe(false);
    expect(isPinned(pins, 'r59')).toBe(true);
  });
});
