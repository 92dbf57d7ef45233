export function LogViewerPage() {
  return <p className="empty">Coming soon.</p>;
}
