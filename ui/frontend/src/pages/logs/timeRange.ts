// The viewer's time window. In the URL `from` and `to` are either an instant (RFC 3339, e.g.
// 2026-11-27T10:00:00.000Z) or a relative duration counted back from now: a whole number followed by
// m (minutes), h (hours) or d (days), e.g. from=15m, from=24h, from=7d. A relative window slides: each
// refresh asks for "the last hour" again. No `from` means since the oldest retained line, no `to` means now.

export interface QuickRange {
  label: string;
  value: string;
}

export const QUICK_RANGES: QuickRange[] = [
  { label: '15 min', value: '15m' },
  { label: '1 h', value: '1h' },
  { label: '24 h', value: '24h' },
  { label: '7 d', value: '7d' },
];

const RELATIVE = /^(\d{1,5})([mhd])$/;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a relative duration such as "15m", or null when `value` is not one. */
export function relativeMs(value: string | null | undefined): number | null {
  const match = value ? RELATIVE.exec(value) : null;
  if (!match) return null;
  const amount = Number(match[1]);
  return amount > 0 ? amount * UNIT_MS[match[2]] : null;
}

/** A URL value that is a valid relative duration or instant, normalised; null otherwise. */
export function normaliseBound(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (relativeMs(trimmed) !== null) return trimmed;
  const ms = Date.parse(trimmed);
  // Date.parse also reads bare dates and local times; only a full instant with a zone is unambiguous
  if (Number.isNaN(ms) || !/T.*(Z|[+-]\d\d:?\d\d)$/i.test(trimmed)) return null;
  return new Date(ms).toISOString();
}

/** The instant (RFC 3339) a bound stands for at `now`, or undefined for an open bound. */
export function resolveBound(value: string | null | undefined, now: number): string | undefined {
  if (!value) return undefined;
  const back = relativeMs(value);
  if (back !== null) return new Date(now - back).toISOString();
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export interface ResolvedWindow {
  from?: string;
  to?: string;
  /** set when the bounds cannot both hold (from not before to) */
  problem?: string;
}

export function resolveWindow(from: string | null, to: string | null, now: number): ResolvedWindow {
  const window: ResolvedWindow = { from: resolveBound(from, now), to: resolveBound(to, now) };
  if (window.from && window.to && Date.parse(window.from) >= Date.parse(window.to)) {
    window.problem = 'From must be before To.';
  }
  return window;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The value a datetime-local input shows for an instant, in the browser's time zone, to the second. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The instant a datetime-local value (local time) stands for, or null when it is empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const match = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,3}))?)?$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s = '0', ms = '0'] = match;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms.padEnd(3, '0')));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** "2026-11-27 10:00:01.123" in the browser's time zone: the viewer's timestamp column. */
export function formatLocal(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
