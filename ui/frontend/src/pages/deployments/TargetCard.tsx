import { memo } from 'react';
import { Link } from 'react-router-dom';
import { Dot } from '../../components/Dot';
import { Menu } from '../../components/Menu';
import { ago, deploymentPresentation, targetPresentation, targetTooltip } from '../../status';
import type { DeploymentView, TargetView } from '../../types';
import { MetricsGlance } from './MetricsGlance';
import { agentLogsUrl, metricsUrl, sortedDeployments, statusHistoryUrl } from './model';
import { useNow } from './useNow';

export type Action =
  | { kind: 'edit' | 'reconnect' | 'add-deployment'; targetId: string }
  | { kind: 'inspect' | 'revision'; targetId: string; deploymentId: string }
  | { kind: 'log-collection'; targetId: string; deploymentId: string; enabled: boolean };

export interface Permissions {
  /** vendor admin: edit, deployments, revisions, log collection */
  admin: boolean;
  /** may Reconnect (vendor admins; customer admins on their own targets) */
  operate: boolean;
}

interface Props {
  target: TargetView;
  organisationName: string | undefined;
  permissions: Permissions;
  onAction: (action: Action) => void;
}

/** One target with its deployments. Memoised: a poll that changes nothing in it re-renders nothing. */
export const TargetCard = memo(function TargetCard({ target, organisationName, permissions, onAction }: Props) {
  const deployments = sortedDeployments(target.deployments);
  const owner = [target.customer, organisationName].filter(Boolean).join(' · ');
  return (
    <article className="target card" aria-label={target.name} data-target-id={target.id}>
      <header className="target-head">
        <TargetDot target={target} />
        <div className="target-title">
          <h2>
            <Link to={agentLogsUrl(target.id)} title="Open the agent's logs">{target.name}</Link>
          </h2>
          <span className="badge">{target.type === 'DOCKER' ? 'Docker' : 'Kubernetes'}</span>
          {owner && <span className="target-owner" title="Customer">{owner}</span>}
        </div>
        <div className="target-facts">
          <span>{target.agentVersion ? <>Agent <span className="mono">{target.agentVersion}</span></> : 'No agent yet'}</span>
          <LastSeen target={target} />
        </div>
        <div className="target-metrics">
          {target.metricsEnabled ? <MetricsGlance targetId={target.id} /> : <span className="glance muted">Metrics off</span>}
        </div>
        <Menu label={`Actions for ${target.name}`}>
          {(close) => (
            <>
              {permissions.admin && (
                <button type="button" role="menuitem" onClick={() => { close(); onAction({ kind: 'edit', targetId: target.id }); }}>
                  Edit
                </button>
              )}
              <Link role="menuitem" to={agentLogsUrl(target.id)} onClick={close}>Agent Logs</Link>
              <Link role="menuitem" to={metricsUrl(target.id)} onClick={close}>Metrics</Link>
              {permissions.admin && (
                <button type="button" role="menuitem"
                        onClick={() => { close(); onAction({ kind: 'add-deployment', targetId: target.id }); }}>
                  Add deployment
                </button>
              )}
              {permissions.operate && (
                <button type="button" role="menuitem"
                        onClick={() => { close(); onAction({ kind: 'reconnect', targetId: target.id }); }}>
                  Reconnect
                </button>
              )}
            </>
          )}
        </Menu>
      </header>
      {deployments.length === 0 ? (
        <p className="no-deployments muted">
          No deployments on this target yet.
          {permissions.admin && (
            <button type="button" className="link" onClick={() => onAction({ kind: 'add-deployment', targetId: target.id })}>
              Add deployment
            </button>
          )}
        </p>
      ) : (
        <ul className="deployments" aria-label={`Deployments on ${target.name}`}>
          {deployments.map((d) => (
            <DeploymentRow key={d.id} targetId={target.id} deployment={d} permissions={permissions} onAction={onAction} />
          ))}
        </ul>
      )}
    </article>
  );
});

function TargetDot({ target }: { target: TargetView }) {
  const now = useNow();
  const p = targetPresentation(target.status);
  return <Dot tone={p.tone} label={p.label} title={targetTooltip(target.status, target.lastSeenAt, now)} />;
}

function LastSeen({ target }: { target: TargetView }) {
  const now = useNow();
  return (
    <span title={target.lastSeenAt ? new Date(target.lastSeenAt).toLocaleString() : undefined}>
      {target.lastSeenAt ? `Last seen ${ago(target.lastSeenAt, now)}` : 'Never seen'}
    </span>
  );
}

function Since({ iso }: { iso: string }) {
  const now = useNow();
  return <time dateTime={iso} title={new Date(iso).toLocaleString()}>since {ago(iso, now)}</time>;
}

const DeploymentRow = memo(function DeploymentRow({ targetId, deployment: d, permissions, onAction }: {
  targetId: string;
  deployment: DeploymentView;
  permissions: Permissions;
  onAction: (action: Action) => void;
}) {
  const p = deploymentPresentation(d.status);
  return (
    <li className="deployment" data-deployment-id={d.id}>
      <span className="deployment-status">
        <Dot tone={p.tone} label={p.label} title={`${p.label}: ${p.meaning}`} />
        <Link className="status-label" to={statusHistoryUrl(targetId, d.id)} title={`${p.meaning} Open the status history.`}>
          {p.label}
        </Link>
      </span>
      <span className="deployment-app" title={d.id}>{d.application}</span>
      <span className="deployment-version mono" title={`Revision ${d.revisionNumber}`}>
        {d.version} <span className="muted">· rev {d.revisionNumber}</span>
      </span>
      <span className="deployment-message" title={d.message ?? undefined}>
        {d.message ?? <span className="muted">—</span>}
      </span>
      <span className="deployment-since muted"><Since iso={d.statusSince} /></span>
      <span className="deployment-logs muted" title="Container log collection">
        {d.logCollectionEnabled ? 'Logs on' : 'Logs off'}
      </span>
      <Menu label={`Actions for ${d.application}`}>
        {(close) => (
          <>
            <button type="button" role="menuitem"
                    onClick={() => { close(); onAction({ kind: 'inspect', targetId, deploymentId: d.id }); }}>
              Inspect
            </button>
            <Link role="menuitem" to={statusHistoryUrl(targetId, d.id)} onClick={close}>Status history</Link>
            {permissions.admin && (
              <>
                <button type="button" role="menuitem"
                        onClick={() => { close(); onAction({ kind: 'revision', targetId, deploymentId: d.id }); }}>
                  New revision
                </button>
                <button type="button" role="menuitem" onClick={() => {
                  close();
                  onAction({ kind: 'log-collection', targetId, deploymentId: d.id, enabled: !d.logCollectionEnabled });
                }}>
                  {d.logCollectionEnabled ? 'Disable log collection' : 'Enable log collection'}
                </button>
              </>
            )}
          </>
        )}
      </Menu>
    </li>
  );
});
