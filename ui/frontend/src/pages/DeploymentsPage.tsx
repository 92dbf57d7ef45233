export function DeploymentsPage() {
  return <p className="empty">Coming soon.</p>;
}
