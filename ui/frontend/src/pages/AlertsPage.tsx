import { Fragment, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, qs } from '../api';
import { useAuth } from '../auth';
import { Dot } from '../components/Dot';
import { Empty, ErrorNote, Loading } from '../components/Feedback';
import { useNames, useTargets } from '../queries';
import type { Listing } from '../types';
import {
  alertDuration, alertStateFromSearch, alertSubject, deliveryPresentation, formatValue, metricLabel, readableMessage,
  shortId, type AlertState,
} from './alerts/alerts';
import type { AlertView, Delivery } from './alerts/types';
import './alerts/Alerts.css';

const STATES: { value: AlertState; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
];

/** Open and past alerts (thresholds on metrics, deployment status), filterable by target; vendor users also see where each was sent. */
export function AlertsPage() {
  const [search, setSearch] = useSearchParams();
  const state = alertStateFromSearch(search.get('state'));
  const targetId = search.get('target') ?? '';
  const { isCustomer } = useAuth();
  const targets = useTargets(30_000);

  const names = useNames(targets.data);

  const alerts = useInfiniteQuery({
    queryKey: ['alerts', 'list', state, targetId],
    queryFn: ({ pageParam }) => api<Listing<AlertView>>(
      `/api/v1/alerts${qs({ state, targetId: targetId || undefined, limit: 100, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 10_000,
  });

  function set(key: string, value: string | null) {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  }

  const items = alerts.data?.pages.flatMap((p) => p.items) ?? [];
  const sortedTargets = [...(targets.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <div className="alerts-page">
      <h1>Alerts</h1>
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Which alerts">
          {STATES.map((s) => (
            <button key={s.value} type="button" aria-pressed={state === s.value}
                    onClick={() => set('state', s.value === 'open' ? null : s.value)}>{s.label}</button>
          ))}
        </div>
        <label className="inline">
          Target
          <select aria-label="Target" value={targetId} onChange={(e) => set('target', e.target.value || null)}>
            <option value="">All targets</option>
            {targetId && !sortedTargets.some((t) => t.id === targetId) && <option value={targetId}>{shortId(targetId)}</option>}
            {sortedTargets.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
          </select>
        </label>
        <span className="spacer" />
        {alerts.isFetching && !alerts.isPending && <span className="muted small" aria-live="polite">Updating…</span>}
      </div>

      {alerts.isPending ? <Loading what="alerts" />
        : alerts.isError ? <ErrorNote error={alerts.error} />
        : items.length === 0 ? (
          <div className="card"><Empty>{emptyText(state, !!targetId)}</Empty></div>
        ) : (
          <div className="card table-wrap">
            <table className="grid alerts-table">
              <thead>
                <tr>
                  <th scope="col">State</th>
                  <th scope="col">Target</th>
                  <th scope="col">Alert</th>
                  <th scope="col" className="num">Value</th>
                  <th scope="col" className="num">Threshold</th>
                  <th scope="col">Fired</th>
                  <th scope="col">Resolved</th>
                  <th scope="col">Duration</th>
                  {!isCustomer && <th scope="col"><span className="sr-only">Notifications</span></th>}
                </tr>
              </thead>
              <tbody>
                {items.map((alert) => (
                  <AlertRow key={alert.id} alert={alert} showDeliveries={!isCustomer}
                            targetName={names.targetNames.get(alert.targetId)}
                            deploymentName={alert.deploymentId ? names.deploymentNames.get(alert.deploymentId) : undefined} />
                ))}
              </tbody>
            </table>
            {alerts.hasNextPage && (
              <div className="load-more">
                <button type="button" onClick={() => void alerts.fetchNextPage()} disabled={alerts.isFetchingNextPage}>
                  {alerts.isFetchingNextPage ? 'Loading…' : 'Load more'}
                </button>
              </div>
            )}
          </div>
        )}
      {targets.isError && <ErrorNote error={targets.error} />}
    </div>
  );
}

function emptyText(state: AlertState, filtered: boolean): string {
  const where = filtered ? ' on this target' : '';
  if (state === 'open') return `No open alerts${where}. Everything is within its thresholds.`;
  if (state === 'resolved') return `No resolved alerts${where}.`;
  return `No alerts${where} yet.`;
}

function AlertRow({ alert, targetName, deploymentName, showDeliveries }: {
  alert: AlertView;
  targetName: string | undefined;
  deploymentName: string | undefined;
  showDeliveries: boolean;
}) {
  const [expanded, setExpanded] = useState(false);
  const message = readableMessage(alert.open ? alert.message : alert.resolvedMessage ?? alert.message, alert.deploymentId, deploymentName);
  const columns = showDeliveries ? 9 : 8;
  return (
    <Fragment>
      <tr data-testid="alert-row" data-alert-id={alert.id} className={alert.open ? 'open' : undefined}>
        <td>
          <span className="state">
            <span aria-hidden="true"><Dot tone={alert.open ? 'red' : 'grey'} label={alert.open ? 'Open' : 'Resolved'} /></span>
            {alert.open ? 'Open' : 'Resolved'}
          </span>
        </td>
        <td>
          <Link to={`/targets/${alert.targetId}/metrics`}>{targetName ?? shortId(alert.targetId)}</Link>
        </td>
        <td>
          <div className="alert-what">
            <strong>{metricLabel(alert.metric)}</strong>
            {alertSubject(alert, deploymentName) && <span className="mono">{alertSubject(alert, deploymentName)}</span>}
          </div>
          {message && <div className="muted small">{message}</div>}
        </td>
        <td className="num">
          {formatValue(alert.value)}
          {!alert.open && alert.resolvedValue != null && (
            <div className="muted small" title="Value when resolved">→ {formatValue(alert.resolvedValue)}</div>
          )}
        </td>
        <td className="num">{formatValue(alert.threshold)}</td>
        <td><time dateTime={alert.firedAt}>{new Date(alert.firedAt).toLocaleString()}</time></td>
        <td>{alert.resolvedAt ? <time dateTime={alert.resolvedAt}>{new Date(alert.resolvedAt).toLocaleString()}</time> : <span className="muted">–</span>}</td>
        <td>{alertDuration(alert)}{alert.open && <span className="muted"> so far</span>}</td>
        {showDeliveries && (
          <td>
            <button type="button" className="link" aria-expanded={expanded} aria-controls={`deliveries-${alert.id}`}
                    onClick={() => setExpanded((e) => !e)}>
              {expanded ? 'Hide notifications' : 'Notifications'}
            </button>
          </td>
        )}
      </tr>
      {expanded && (
        <tr className="deliveries-row" id={`deliveries-${alert.id}`}>
          <td colSpan={columns}><Deliveries alertId={alert.id} /></td>
        </tr>
      )}
    </Fragment>
  );
}

function Deliveries({ alertId }: { alertId: string }) {
  const deliveries = useQuery({
    queryKey: ['deliveries', alertId],
    queryFn: () => api<Delivery[]>(`/api/v1/notification-deliveries${qs({ alertId, limit: 100 })}`),
    refetchInterval: 10_000,
  });
  if (deliveries.isPending) return <Loading what="notifications" />;
  if (deliveries.isError) return <ErrorNote error={deliveries.error} />;
  if (deliveries.data.length === 0) {
    return <p className="muted small deliveries-empty">No notifications were sent for this alert (no notification channel was set up when it fired or resolved).</p>;
  }
  return (
    <table className="deliveries" aria-label="Notifications sent for this alert">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Event</th>
          <th scope="col">Channel</th>
          <th scope="col">Status</th>
          <th scope="col">Attempts</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.data.map((d) => {
          const status = deliveryPresentation(d.status);
          const lastAttempt = d.attempts[d.attempts.length - 1];
          return (
            <tr key={d.id} data-testid="delivery-row">
              <td>{new Date(d.createdAt).toLocaleString()}</td>
              <td>{d.phase === 'fired' ? 'Fired' : d.phase === 'resolved' ? 'Resolved' : d.phase}</td>
              <td>
                <span className="channel-type">{d.channelType === 'EMAIL' ? 'E-mail' : d.channelType === 'WEBHOOK' ? 'Webhook' : d.channelType}</span>{' '}
                <span className="mono">{d.recipient}</span>
              </td>
              <td>
                <span className={`badge ${status.tone === 'grey' ? '' : status.tone}`}>{status.label}</span>
                {d.status === 'PENDING' && d.nextAttemptAt && (
                  <div className="muted small">next try {new Date(d.nextAttemptAt).toLocaleTimeString()}</div>
                )}
              </td>
              <td>
                {d.attempts.length}
                {lastAttempt && lastAttempt.outcome !== 'delivered' && lastAttempt.detail && (
                  <div className="muted small">last: {lastAttempt.detail}</div>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
