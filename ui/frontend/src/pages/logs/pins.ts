// Pinned rows: kept in time order (newest first, like the list), at most MAX_PINS, cleared with the view.
import { newerFirst, type Row } from './rows';

export const MAX_PINS = 20;

export function isPinned(pins: readonly Row[], id: string): boolean {
  return pins.some((pin) => pin.id === id);
}

/** Pins a row, or unpins it when it is pinned. Past MAX_PINS the pin on the oldest line gives way. */
export function togglePin(pins: readonly Row[], row: Row): Row[] {
  if (isPinned(pins, row.id)) return unpin(pins, row.id);
  const next = [...pins, row].sort(newerFirst);
  if (next.length <= MAX_PINS) return next;
  const earliest = pins.reduce((a, b) => (newerFirst(a, b) > 0 ? a : b));
  return next.filter((pin) => pin !== earliest);
}

export function unpin(pins: readonly Row[], id: string): Row[] {
  return pins.filter((pin) => pin.id !== id);
}
