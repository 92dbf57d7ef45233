export function AuditPage() {
  return <p className="empty">Coming soon.</p>;
}
