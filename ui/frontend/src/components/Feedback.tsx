import type { ReactNode } from 'react';
import { ApiError } from '../api';

export function Loading({ what }: { what: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </div>
  );
}

/** An error as the API worded it (problem title and detail), never a stack trace. */
export function ErrorNote({ error, action }: { error: unknown; action?: ReactNode }) {
  const title = error instanceof ApiError ? error.title : 'Something went wrong';
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <div className="error-note" role="alert">
      <strong>{title}</strong>
      {detail && detail !== title && <span> — {detail}</span>}
      {action}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}
