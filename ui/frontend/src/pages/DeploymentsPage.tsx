// The Deployments view (and, for customer users, the Customer Portal): every target the caller may see with
// its deployments and their status dots, searchable and filterable by status, with the actions the caller's
// role allows. The list is virtualised against the window, so 1,000 targets render as fast as 20.
import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useAuth } from '../auth';
import { Empty, ErrorNote, Loading } from '../components/Feedback';
import { useTargets } from '../queries';
import type { TargetView } from '../types';
import { CreateTargetDialog } from './deployments/CreateTargetDialog';
import { CreateDeploymentDialog, NewRevisionDialog } from './deployments/DeploymentDialogs';
import { EditTargetDialog } from './deployments/EditTargetDialog';
import { InspectDialog } from './deployments/InspectDialog';
import { ReconnectDialog } from './deployments/ReconnectDialog';
import { TargetCard, type Action, type Permissions } from './deployments/TargetCard';
import { refreshAfterChange, setLogCollection, useOrganisationNames } from './deployments/data';
import {
  filterKey, parseFilterKey, summarise, visibleTargets, type StatusFilter, type Summary, type SummaryEntry,
} from './deployments/model';
import './deployments/Deployments.css';

type OpenDialog =
  | { kind: 'create-target' }
  | Exclude<Action, { kind: 'log-collection' }>;

/** Marked once per page load when the first complete list is on screen (the benchmark reads it). */
let renderedMarked = false;

export function DeploymentsPage() {
  const { isAdmin, mayOperate, isCustomer } = useAuth();
  const targets = useTargets();
  const organisations = useOrganisationNames();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const statusParam = params.get('status');
  const filter = useMemo(() => parseFilterKey(statusParam), [statusParam]);
  const deferredSearch = useDeferredValue(search);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [notice, setNotice] = useState<unknown>(null);

  const setSearch = (q: string) => setParams((p) => {
    const next = new URLSearchParams(p);
    if (q) next.set('q', q); else next.delete('q');
    return next;
  }, { replace: true });
  const setFilter = (f: StatusFilter | null) => setParams((p) => {
    const next = new URLSearchParams(p);
    const key = filterKey(f);
    if (key) next.set('status', key); else next.delete('status');
    return next;
  }, { replace: true });

  const permissions = useMemo<Permissions>(() => ({ admin: isAdmin, operate: mayOperate }), [isAdmin, mayOperate]);
  const onAction = useCallback((action: Action) => {
    if (action.kind === 'log-collection') {
      setNotice(null);
      setLogCollection(action.deploymentId, action.enabled)
        .then(() => refreshAfterChange(client, action.targetId))
        .catch(setNotice);
    } else {
      setDialog(action);
    }
  }, [client]);
  const close = useCallback(() => setDialog(null), []);

  const all = targets.data;
  const names = organisations.data;
  const summary = useMemo(() => (all ? summarise(all) : null), [all]);
  const shown = useMemo(() => (all ? visibleTargets(all, deferredSearch, filter, names) : []),
    [all, deferredSearch, filter, names]);

  useEffect(() => {
    if (all && !renderedMarked) {
      renderedMarked = true;
      requestAnimationFrame(() => performance.mark('vigil:deployments-rendered', {
        detail: { targets: all.length, cards: document.querySelectorAll('.target-list article.target').length },
      }));
    }
  }, [all]);

  const byId = (id: string): TargetView | undefined => all?.find((t) => t.id === id);

  return (
    <div className="deployments-page">
      <div className="page-head">
        <div>
          <h1>{isCustomer ? 'Your deployment targets' : 'Deployments'}</h1>
          {summary && (
            <p className="muted page-sub">
              {summary.targetCount} {summary.targetCount === 1 ? 'target' : 'targets'}, {summary.deploymentCount}{' '}
              {summary.deploymentCount === 1 ? 'deployment' : 'deployments'}
              {shown.length !== summary.targetCount && <> · showing {shown.length}</>}
            </p>
          )}
        </div>
        {isAdmin && (
          <button type="button" className="primary" onClick={() => setDialog({ kind: 'create-target' })}>
            + Create target
          </button>
        )}
      </div>

      <div className="toolbar deployments-toolbar">
        <label className="search">
          <span className="visually-hidden">Search targets</span>
          <input type="search" placeholder="Search targets, customers, applications, messages…" value={search}
                 onChange={(e) => setSearch(e.target.value)} aria-label="Search targets" />
        </label>
        {summary && <SummaryBar summary={summary} active={filter} onChoose={setFilter} />}
      </div>

      {notice !== null && (
        <ErrorNote error={notice} action={<button type="button" className="link" onClick={() => setNotice(null)}>Dismiss</button>} />
      )}

      {targets.isPending && <Loading what="deployment targets" />}
      {targets.isError && !all && (
        <ErrorNote error={targets.error}
                   action={<button type="button" className="link" onClick={() => void targets.refetch()}>Try again</button>} />
      )}
      {all && all.length === 0 && (
        <Empty>
          {isCustomer ? 'No deployment targets are assigned to your organisation yet.' : 'No deployment targets yet.'}
          {isAdmin && (
            <div><button type="button" className="primary" onClick={() => setDialog({ kind: 'create-target' })}>
              Create the first target
            </button></div>
          )}
        </Empty>
      )}
      {all && all.length > 0 && shown.length === 0 && (
        <Empty>
          No target matches {search ? <>“{search}”</> : null}{search && filter ? ' with ' : ''}
          {filter ? 'the chosen status' : ''}.{' '}
          <button type="button" className="link" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
            Clear search and filter
          </button>
        </Empty>
      )}
      {shown.length > 0 && (
        <TargetList targets={shown} organisationNames={names} permissions={permissions} onAction={onAction} />
      )}
      {targets.isError && all && (
        <p className="muted stale-note" role="status">Could not refresh: {targets.error.message}. Showing the last answer.</p>
      )}

      {dialog?.kind === 'create-target' && <CreateTargetDialog onClose={close} />}
      {dialog && dialog.kind !== 'create-target' && (() => {
        const target = byId(dialog.targetId);
        if (!target) return null;
        switch (dialog.kind) {
          case 'edit': return <EditTargetDialog target={target} onClose={close} />;
          case 'reconnect': return <ReconnectDialog target={target} onClose={close} />;
          case 'add-deployment': return <CreateDeploymentDialog target={target} onClose={close} />;
          case 'inspect':
          case 'revision': {
            const deployment = target.deployments.find((d) => d.id === dialog.deploymentId);
            if (!deployment) return null;
            return dialog.kind === 'inspect'
              ? <InspectDialog target={target} deployment={deployment} onClose={close} />
              : <NewRevisionDialog target={target} deployment={deployment} onClose={close} />;
          }
        }
      })()}
    </div>
  );
}

function SummaryBar({ summary, active, onChoose }: {
  summary: Summary; active: StatusFilter | null; onChoose: (f: StatusFilter | null) => void;
}) {
  const chip = (entry: SummaryEntry) => {
    const on = filterKey(active) === filterKey(entry.filter);
    return (
      <button key={filterKey(entry.filter)} type="button" className={`chip${on ? ' on' : ''}`} aria-pressed={on}
              onClick={() => onChoose(on ? null : entry.filter)}
              title={on ? 'Show all again' : `Show only ${entry.filter.kind === 'target' ? 'targets' : 'targets with deployments'} in this state`}>
        <span className={`dot ${entry.tone}`} aria-hidden="true" />
        <span className="chip-count">{entry.count}</span> {entry.label}
      </button>
    );
  };
  return (
    <div className="summary" aria-label="Status summary">
      <div className="summary-group" role="group" aria-label="Targets by status">
        <span className="summary-title">Targets</span>
        {summary.targets.map(chip)}
      </div>
      {summary.deployments.length > 0 && (
        <div className="summary-group" role="group" aria-label="Deployments by status">
          <span className="summary-title">Deployments</span>
          {summary.deployments.map(chip)}
        </div>
      )}
    </div>
  );
}

/** Rough height of a card before it is measured: header plus one line per deployment. */
function estimate(target: TargetView): number {
  return 70 + Math.max(1, target.deployments.length) * 41 + 12;
}

function TargetList({ targets, organisationNames, permissions, onAction }: {
  targets: TargetView[];
  organisationNames: ReadonlyMap<string, string> | undefined;
  permissions: Permissions;
  onAction: (action: Action) => void;
}) {
  const listRef = useRef<HTMLDivElement>(null);
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    setOffset(listRef.current ? listRef.current.getBoundingClientRect().top + window.scrollY : 0);
  }, []);
  // stable per listing: the virtualizer recomputes every item's position whenever getItemKey changes
  const estimateSize = useCallback((i: number) => estimate(targets[i]), [targets]);
  const getItemKey = useCallback((i: number) => targets[i].id, [targets]);
  const virtualizer = useWindowVirtualizer({
    count: targets.length,
    estimateSize,
    getItemKey,
    overscan: 4,
    scrollMargin: offset,
  });
  return (
    <div ref={listRef} className="target-list" role="list" aria-label="Deployment targets"
         style={{ height: virtualizer.getTotalSize() }} data-count={targets.length}>
      {virtualizer.getVirtualItems().map((item) => {
        const target = targets[item.index];
        return (
          <div key={item.key} role="listitem" aria-setsize={targets.length} aria-posinset={item.index + 1}
               className="vrow" data-index={item.index} ref={virtualizer.measureElement}
               style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}>
            <TargetCard target={target} permissions={permissions} onAction={onAction}
                        organisationName={target.organisationId ? organisationNames?.get(target.organisationId) : undefined} />
          </div>
        );
      })}
    </div>
  );
}
