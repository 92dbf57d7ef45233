// The log viewer: one page per target, every choice in the URL (see pages/logs/viewState.ts). Agent logs,
// a container resource's logs, or a deployment's status history; a window and a filter; kept current by
// a 10 s refresh or a live tail; pinned rows on top; older rows as one scrolls.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useTarget, useTargets } from '../queries';
import { Empty, ErrorNote, Loading } from '../components/Feedback';
import { Breadcrumb } from './logs/Breadcrumb';
import { LogList } from './logs/LogList';
import { togglePin } from './logs/pins';
import type { Row } from './logs/rows';
import { exportUrl, type Source } from './logs/source';
import { resolveWindow } from './logs/timeRange';
import { UpdateControls } from './logs/UpdateControls';
import { useLogFeed } from './logs/useLogFeed';
import { parseViewChoice, parseViewState, serialiseViewState, streamKey, type ViewState } from './logs/viewState';
import { WindowControls } from './logs/WindowControls';
import './logs/LogViewer.css';

export function LogViewerPage() {
  const { targetId = '' } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseViewState(params), [params]);
  const target = useTarget(targetId);
  const targets = useTargets(30_000);

  const change = useCallback((patch: Partial<ViewState>, replace = false) => {
    setParams((current) => serialiseViewState({ ...parseViewState(current), ...patch }), { replace });
  }, [setParams]);

  const source = useMemo<Source | null>(() => {
    if (!targetId) return null;
    if (state.view === 'status' && state.deployment) return { kind: 'status', targetId, deploymentId: state.deployment };
    if (state.view === 'resource' && state.deployment && state.resource) {
      return { kind: 'resource', targetId, deploymentId: state.deployment, resource: state.resource };
    }
    return { kind: 'agent', targetId };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [targetId, state.view, state.deployment, state.resource]);

  const key = streamKey(targetId, state);
  const windowProblem = resolveWindow(state.from, state.to, Date.now()).problem;
  const filter = useMemo(() => ({ q: state.q, regex: state.regex }), [state.q, state.regex]);
  const feed = useLogFeed(source, key, {
    enabled: !windowProblem && !target.isError,
    from: state.from,
    to: state.to,
    filter,
    live: state.live,
    paused: state.paused,
  });

  // pins belong to the stream on screen: they survive a new filter or window, not a new view
  const pinKey = [targetId, state.view, state.deployment, state.resource].join('\u0000');
  const [pins, setPins] = useState<{ key: string; rows: Row[] }>({ key: pinKey, rows: [] });
  const shownPins = pins.key === pinKey ? pins.rows : [];
  const onTogglePin = useCallback((row: Row) => {
    setPins((current) => ({ key: pinKey, rows: togglePin(current.key === pinKey ? current.rows : [], row) }));
  }, [pinKey]);

  const deployment = target.data?.deployments.find((d) => d.id === state.deployment);
  useEffect(() => {
    const name = target.data?.name;
    if (!name) return;
    const what = state.view === 'agent' ? 'Agent logs' : state.view === 'status' ? 'Deployment status' : state.resource;
    document.title = `${what} · ${name} · Vigil`;
  }, [target.data?.name, state.view, state.resource]);

  if (target.isError) {
    return (
      <div className="log-page">
        <ErrorNote error={target.error} action={<a href="/">Back to deployments</a>} />
      </div>
    );
  }

  const liveAvailable = source?.kind !== 'status' && !state.to;
  const noun = state.view === 'status' ? 'transition' : 'line';
  const exportHref = source && !windowProblem
    ? exportUrl(source, resolveWindow(state.from, state.to, Date.now()), filter)
    : null;

  let placeholder;
  if (windowProblem) placeholder = <Empty>Choose a From time before the To time.</Empty>;
  else if (feed.filterError) placeholder = <Empty>No lines: the filter is not valid (see above).</Empty>;
  else if (feed.phase === 'error') placeholder = <div className="log-placeholder"><ErrorNote error={feed.error} action={<button type="button" onClick={feed.refresh}>Try again</button>} /></div>;
  else if (feed.phase === 'loading' || feed.phase === 'idle') placeholder = <Loading what={state.view === 'status' ? 'status history' : 'log lines'} />;
  else placeholder = <Empty>{emptyText(state, deployment?.logCollectionEnabled)}</Empty>;

  return (
    <div className="log-page">
      <h1 className="sr-only">Log viewer{target.data ? ` of ${target.data.name}` : ''}</h1>
      <Breadcrumb target={target.data} targets={targets.data} state={state}
                  onTarget={(id) => {
                    if (id === targetId) return;
                    const next = serialiseViewState({ ...state, view: 'agent', deployment: null, resource: null, live: false });
                    navigate(`/targets/${encodeURIComponent(id)}/logs?${next}`);
                  }}
                  onView={(choice) => {
                    const view = parseViewChoice(choice);
                    if (view) change(view);
                  }}
                  onArchived={(archived) => change({ archived }, true)} />
      <section className="card log-controls" aria-label="Window and filter">
        <WindowControls state={state} windowProblem={windowProblem} filterError={feed.filterError} onChange={change} />
      </section>
      <section className="card log-card" aria-label={state.view === 'status' ? 'Status history' : 'Log lines'}>
        <UpdateControls count={feed.rows.length} noun={noun} hasOlder={feed.hasOlder} refreshing={feed.refreshing}
                        nextRefreshAt={feed.nextRefreshAt} paused={state.paused} live={state.live}
                        liveState={feed.live} liveAvailable={liveAvailable}
                        liveUnavailableWhy={source?.kind === 'status' ? 'The status history has no live tail; it refreshes every 10 s.' : 'A live tail shows new lines; clear the To time first.'}
                        exportHref={exportHref} refreshError={feed.refreshError} liveError={feed.liveError}
                        onPause={(paused) => change({ paused }, true)} onRefresh={feed.refresh}
                        onLive={(live) => change({ live, paused: false }, true)} />
        <LogList key={key} kind={state.view} rows={feed.rows} pins={shownPins} onTogglePin={onTogglePin}
                 hasOlder={feed.hasOlder} loadingOlder={feed.loadingOlder} olderError={feed.olderError}
                 onLoadOlder={feed.loadOlder} anchor={feed.anchor} placeholder={placeholder} />
      </section>
    </div>
  );
}

function emptyText(state: ViewState, logCollection: boolean | undefined): string {
  const narrowed = state.q || state.from || state.to;
  if (state.view === 'status') {
    return narrowed ? 'No status transitions in this window or matching this filter.' : 'The agent has not reported a status for this deployment yet.';
  }
  if (narrowed) return 'No lines in this window match. Widen the window or change the filter.';
  if (state.view === 'agent') return 'The agent has not sent any log lines yet.';
  return logCollection === false
    ? 'No lines from this resource. Log collection is off for this deployment.'
    : 'No lines from this resource yet.';
}
