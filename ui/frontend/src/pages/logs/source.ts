// Where a view's rows come from: the listing, export and live-tail endpoints of LogQueryController and
// the status history of TargetQueryController, with the window and filter as their query parameters.
import { api, qs } from '../../api';
import type { LogPage, StatusHistory } from './logTypes';
import { rowOfLine, rowOfTransition, type Row } from './rows';
import type { ResolvedWindow } from './timeRange';

export type Source =
  | { kind: 'agent'; targetId: string }
  | { kind: 'resource'; targetId: string; deploymentId: string; resource: string }
  | { kind: 'status'; targetId: string; deploymentId: string };

export interface Filter {
  q: string;
  regex: boolean;
}

/** The API's cap on one page. */
export const PAGE_SIZE = 1000;

function base(source: Source): string {
  switch (source.kind) {
    case 'agent':
      return `/api/v1/targets/${encodeURIComponent(source.targetId)}/agent-logs`;
    case 'resource':
      return `/api/v1/deployments/${encodeURIComponent(source.deploymentId)}/logs`;
    case 'status':
      return `/api/v1/deployments/${encodeURIComponent(source.deploymentId)}/status-history`;
  }
}

/** Plain text matches in any case; a regular expression as written (it can say (?i) itself). */
function filterParams(filter: Filter) {
  if (!filter.q) return {};
  return filter.regex ? { filter: filter.q, regex: true } : { filter: filter.q, ignoreCase: true };
}

export function listingUrl(source: Source, window: ResolvedWindow, filter: Filter,
                           page: { cursor?: string | null; after?: string | null; limit?: number } = {}): string {
  return base(source) + qs({
    resource: source.kind === 'resource' ? source.resource : undefined,
    from: window.from,
    to: window.to,
    ...filterParams(filter),
    limit: page.limit ?? PAGE_SIZE,
    cursor: page.cursor,
    after: page.after,
  });
}

/** The export of the window as text, or null for the status history (it has no export). */
export function exportUrl(source: Source, window: ResolvedWindow, filter: Filter): string | null {
  if (source.kind === 'status') return null;
  return `${base(source)}/export` + qs({
    resource: source.kind === 'resource' ? source.resource : undefined,
    from: window.from,
    to: window.to,
    ...filterParams(filter),
  });
}

export function tailUrl(source: Source, filter: Filter): string | null {
  if (source.kind === 'status') return null;
  return `${base(source)}/tail` + qs({
    resource: source.kind === 'resource' ? source.resource : undefined,
    ...filterParams(filter),
  });
}

export interface RowPage {
  rows: Row[];
  nextCursor: string | null;
  /** log views only: continue here (as `after`) for the lines that arrive later */
  newerCursor: string | null;
}

export async function fetchRows(url: string, source: Source, signal?: AbortSignal): Promise<RowPage> {
  if (source.kind === 'status') {
    const page = await api<StatusHistory>(url, { signal });
    return { rows: page.items.map(rowOfTransition), nextCursor: page.nextCursor, newerCursor: null };
  }
  const page = await api<LogPage>(url, { signal });
  return { rows: page.items.map(rowOfLine), nextCursor: page.nextCursor, newerCursor: page.newerCursor };
}
