export function AlertsPage() {
  return <p className="empty">Coming soon.</p>;
}
