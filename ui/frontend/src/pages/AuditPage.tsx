import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, qs } from '../api';
import { Empty, ErrorNote, Loading } from '../components/Feedback';
import { useNames, useTargets } from '../queries';
import { shortId } from './alerts/alerts';
import { actionOptions, detailEntries, humaniseAction, type AuditTrail } from './audit/audit';
import './alerts/Alerts.css';
import './audit/Audit.css';

const PAGE = 100;
/** With an action filter (applied here; the API filters by target and person) keep loading until this many show. */
const WANTED = 30;
const MAX_AUTO_PAGES = 10;

/** Who did what, newest first: filter by target and person (on the hub) and by action; older entries page in. */
export function AuditPage() {
  const [search, setSearch] = useSearchParams();
  const target = search.get('target') ?? '';
  const actor = search.get('actor') ?? '';
  const action = search.get('action') ?? '';
  const targets = useTargets(30_000);

  const names = useNames(targets.data);

  const trail = useInfiniteQuery({
    queryKey: ['audit', target, actor],
    queryFn: ({ pageParam }) => api<AuditTrail>(
      `/api/v1/audit${qs({ target: target || undefined, actor: actor || undefined, limit: PAGE, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 15_000,
  });

  const all = trail.data?.pages.flatMap((p) => p.items) ?? [];
  const shown = action ? all.filter((e) => e.action === action) : all;
  const pages = trail.data?.pages.length ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = trail;
  useEffect(() => {
    if (action && shown.length < WANTED && hasNextPage && !isFetchingNextPage && pages < MAX_AUTO_PAGES) {
      void fetchNextPage();
    }
  }, [action, shown.length, hasNextPage, isFetchingNextPage, pages, fetchNextPage]);

  function set(key: string, value: string | null) {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  }

  const sortedTargets = [...(targets.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const filtered = !!(target || actor || action);

  return (
    <div className="audit-page">
      <h1>Audit trail</h1>
      <div className="toolbar">
        <label className="inline">
          Target
          <select aria-label="Target" value={target} onChange={(e) => set('target', e.target.value || null)}>
            <option value="">All targets</option>
            {target && !sortedTargets.some((t) => t.id === target) && <option value={target}>{shortId(target)}</option>}
            {sortedTargets.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
          </select>
        </label>
        <label className="inline">
          Action
          <select aria-label="Action" value={action} onChange={(e) => set('action', e.target.value || null)}>
            <option value="">All actions</option>
            {action && !actionOptions().some((o) => o.value === action) && <option value={action}>{humaniseAction(action)}</option>}
            {actionOptions().map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
        </label>
        {actor && (
          <span className="filter-chip">
            By <strong>{actor}</strong>
            <button type="button" className="icon" aria-label={`Show actions by everyone, not only ${actor}`}
                    onClick={() => set('actor', null)}>×</button>
          </span>
        )}
        <span className="spacer" />
        {trail.isFetching && !trail.isPending && <span className="muted small" aria-live="polite">Updating…</span>}
      </div>

      {trail.isPending ? <Loading what="audit trail" />
        : trail.isError ? <ErrorNote error={trail.error} />
        : shown.length === 0 && !hasNextPage ? (
          <div className="card"><Empty>{filtered ? 'No actions match these filters.' : 'No actions recorded yet.'}</Empty></div>
        ) : (
          <div className="card table-wrap">
            {shown.length === 0 ? <Empty>No matching actions among the {all.length} most recent; load more to look further back.</Empty> : (
              <table className="grid audit-table">
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Person</th>
                    <th scope="col">Action</th>
                    <th scope="col">Target</th>
                    <th scope="col">Deployment</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((entry, i) => (
                    <tr key={`${entry.at}-${entry.action}-${i}`} data-testid="audit-row">
                      <td><time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time></td>
                      <td>
                        <button type="button" className="link" title={`Show only actions by ${entry.actor}`}
                                onClick={() => set('actor', entry.actor)}>{entry.actor}</button>
                      </td>
                      <td title={entry.action}>{humaniseAction(entry.action)}</td>
                      <td>
                        {entry.targetId
                          ? <Link to={`/targets/${entry.targetId}/logs`}>{names.targetNames.get(entry.targetId) ?? shortId(entry.targetId)}</Link>
                          : <span className="muted">–</span>}
                      </td>
                      <td title={entry.deploymentId ?? undefined}>
                        {entry.deploymentId ? names.deploymentNames.get(entry.deploymentId) ?? shortId(entry.deploymentId) : <span className="muted">–</span>}
                      </td>
                      <td>
                        <ul className="details">
                          {detailEntries(entry.details).map((d) => (
                            <li key={d.label} title={d.full}><span className="muted">{d.label}:</span> {d.value}</li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {hasNextPage && (
              <div className="load-more">
                <button type="button" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
                  {isFetchingNextPage ? 'Loading…' : 'Load more'}
                </button>
              </div>
            )}
          </div>
        )}
      {targets.isError && <ErrorNote error={targets.error} />}
    </div>
  );
}
