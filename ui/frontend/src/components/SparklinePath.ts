// The geometry of a sparkline, apart from React so it is tested without a DOM.

export interface SparklineGeometry {
  /** SVG path data; a null value breaks the line */
  path: string;
  /** where the last value sits, for a dot; null without values */
  last: { x: number; y: number } | null;
}

/**
 * Values spread evenly over the width, scaled between `min` and `max` (clamped), y growing downwards as in
 * SVG. A one-pixel inset keeps the stroke inside the box.
 */
export function sparklineGeometry(values: (number | null | undefined)[], width: number, height: number,
                                  min = 0, max = 100): SparklineGeometry {
  const inset = 1;
  const span = max - min || 1;
  const step = values.length > 1 ? (width - 2 * inset) / (values.length - 1) : 0;
  const parts: string[] = [];
  let last: { x: number; y: number } | null = null;
  let drawing = false;
  values.forEach((value, i) => {
    if (value == null || !Number.isFinite(value)) {
      drawing = false;
      return;
    }
    const clamped = Math.min(max, Math.max(min, value));
    const x = values.length > 1 ? inset + i * step : width / 2;
    const y = inset + (1 - (clamped - min) / span) * (height - 2 * inset);
    parts.push(`${drawing ? 'L' : 'M'}${round(x)} ${round(y)}`);
    drawing = true;
    last = { x: round(x), y: round(y) };
  });
  return { path: parts.join(' '), last };
}

/** The y of a horizontal line at `value` (a threshold), in the same scale. */
export function sparklineY(value: number, height: number, min = 0, max = 100): number {
  const inset = 1;
  const clamped = Math.min(max, Math.max(min, value));
  return round(inset + (1 - (clamped - min) / (max - min || 1)) * (height - 2 * inset));
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
