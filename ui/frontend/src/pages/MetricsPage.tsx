export function MetricsPage() {
  return <p className="empty">Coming soon.</p>;
}
