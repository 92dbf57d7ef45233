import { sparklineGeometry, sparklineY } from './SparklinePath';

/**
 * A compact, dependency-free trend line (SVG) for a percentage or any bounded value: for a row in the
 * Deployments view or a summary card. A null value breaks the line; `threshold` draws a dashed line;
 * the last value gets a dot. The label is what a screen reader hears and the tooltip shows.
 */
export function Sparkline({ values, label, width = 96, height = 24, min = 0, max = 100, threshold, className }: {
  values: (number | null | undefined)[];
  label: string;
  width?: number;
  height?: number;
  min?: number;
  max?: number;
  threshold?: number | null;
  className?: string;
}) {
  const { path, last } = sparklineGeometry(values, width, height, min, max);
  const above = threshold != null && last != null && (values[values.length - 1] ?? -Infinity) > threshold;
  return (
    <svg className={`sparkline${className ? ` ${className}` : ''}`} width={width} height={height}
         viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-above-threshold={above || undefined}>
      <title>{label}</title>
      {threshold != null && (
        <line x1={0} x2={width} y1={sparklineY(threshold, height, min, max)} y2={sparklineY(threshold, height, min, max)}
              stroke="#b42318" strokeOpacity={0.55} strokeWidth={1} strokeDasharray="3 2" />
      )}
      <path d={path} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" strokeLinecap="round" />
      {last && <circle cx={last.x} cy={last.y} r={2} fill={above ? '#dc2626' : 'currentColor'} />}
    </svg>
  );
}
