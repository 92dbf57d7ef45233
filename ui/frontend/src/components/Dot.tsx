import type { Tone } from '../status';

/** A status dot; the label is for screen readers and the tooltip for everyone. */
export function Dot({ tone, label, title }: { tone: Tone; label: string; title?: string }) {
  return <span className={`dot ${tone}`} role="img" aria-label={label} title={title ?? label} data-tone={tone} />;
}
