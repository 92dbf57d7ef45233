// The metrics page's time window: what the URL says (window=1h|24h|7d|30d|custom, from, to) turned into
// the from/to/step of a series request. Pure, so the rules are tested without a browser.

export type WindowChoice = '1h' | '24h' | '7d' | '30d' | 'custom';

export const WINDOW_CHOICES: { value: WindowChoice; label: string }[] = [
  { value: '1h', label: '1 h' },
  { value: '24h', label: '24 h' },
  { value: '7d', label: '7 d' },
  { value: '30d', label: '30 d' },
  { value: 'custom', label: 'Custom' },
];

const HOUR = 3_600_000;
const SPAN: Record<Exclude<WindowChoice, 'custom'>, number> = {
  '1h': HOUR,
  '24h': 24 * HOUR,
  '7d': 7 * 24 * HOUR,
  '30d': 30 * 24 * HOUR,
};

/** The hub keeps series up to this many days wide. */
export const MAX_SPAN_MS = 400 * 24 * HOUR;

/** Steps the page asks for, smallest first; the hub may still widen one (at most 1,000 points a series). */
const STEPS: [seconds: number, text: string][] = [
  [30, '30s'], [60, '1m'], [120, '2m'], [300, '5m'], [600, '10m'], [900, '15m'], [1800, '30m'],
  [3600, '1h'], [7200, '2h'], [10800, '3h'], [21600, '6h'], [43200, '12h'], [86400, '1d'],
];
const TARGET_POINTS = 720;

export interface WindowParams {
  window: WindowChoice;
  /** custom only: RFC 3339 */
  from?: string;
  to?: string;
}

export interface ResolvedWindow {
  from: Date;
  to: Date;
  /** as the API's step parameter, e.g. "2m" */
  step: string;
  stepSeconds: number;
}

/** Reads the URL; anything unknown falls back to the last hour, an incomplete custom window too. */
export function windowFromSearch(search: URLSearchParams): WindowParams {
  const window = search.get('window');
  if (window === 'custom') {
    const from = search.get('from') ?? undefined;
    const to = search.get('to') ?? undefined;
    if (from && !Number.isNaN(Date.parse(from))) return { window, from, to: to && !Number.isNaN(Date.parse(to)) ? to : undefined };
    return { window: '1h' };
  }
  if (window === '24h' || window === '7d' || window === '30d' || window === '1h') return { window };
  return { window: '1h' };
}

/** The step for a span: the smallest of the usual steps that keeps a series at about 720 points or fewer. */
export function stepFor(spanMs: number): { step: string; seconds: number } {
  for (const [seconds, step] of STEPS) {
    if (spanMs / (seconds * 1000) <= TARGET_POINTS) return { step, seconds };
  }
  const days = Math.ceil(spanMs / (TARGET_POINTS * 86_400_000));
  return { step: `${days}d`, seconds: days * 86_400 };
}

/**
 * From/to/step of a window at `now`. A relative window ends now; a custom one without `to` ends now too.
 * @return null with a reason when a custom window is unusable (to before from, too wide)
 */
export function resolveWindow(params: WindowParams, now: Date): ResolvedWindow | { problem: string } {
  let from: Date;
  let to: Date;
  if (params.window === 'custom') {
    from = new Date(params.from ?? now.getTime() - HOUR);
    to = params.to ? new Date(params.to) : now;
    if (!(from.getTime() < to.getTime())) return { problem: 'From must be before To.' };
    if (to.getTime() - from.getTime() > MAX_SPAN_MS) return { problem: 'A window may span at most 400 days.' };
  } else {
    to = now;
    from = new Date(now.getTime() - SPAN[params.window]);
  }
  const { step, seconds } = stepFor(to.getTime() - from.getTime());
  return { from, to, step, stepSeconds: seconds };
}

/** URL search parameters for a window, the other parameters of the page kept. */
export function windowSearch(current: URLSearchParams, params: WindowParams): URLSearchParams {
  const next = new URLSearchParams(current);
  next.set('window', params.window);
  next.delete('from');
  next.delete('to');
  if (params.window === 'custom') {
    if (params.from) next.set('from', params.from);
    if (params.to) next.set('to', params.to);
  }
  return next;
}

/** `<input type="datetime-local">` value (local time, minutes) of an instant, and back. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function fromLocalInput(value: string): Date | null {
  if (!value) return null;
  const date = new Date(value); // "YYYY-MM-DDTHH:mm" without zone is local time
  return Number.isNaN(date.getTime()) ? null : date;
}

/** ISO 8601 durations as the hub writes them ("PT30S", "PT2M", "PT1H", "P1D"), in seconds. */
export function durationSeconds(iso: string | number | null | undefined): number | null {
  if (typeof iso === 'number') return iso;
  if (!iso) return null;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m) return null;
  const [, d, h, min, s] = m;
  return Number(d ?? 0) * 86_400 + Number(h ?? 0) * 3_600 + Number(min ?? 0) * 60 + Number(s ?? 0);
}
