import { Link } from 'react-router-dom';
import { CopyButton } from '../../components/CopyButton';
import { Dialog } from '../../components/Dialog';
import { Dot } from '../../components/Dot';
import { Empty, ErrorNote, Loading } from '../../components/Feedback';
import { ago, deploymentPresentation } from '../../status';
import type { DeploymentView, TargetView } from '../../types';
import { resourceLogsUrl, statusHistoryUrl } from './model';
import { useResources, useRevisions } from './data';

/** Everything about one deployment: ids, status, log collection, its revisions (with Compose files) and resources. */
export function InspectDialog({ target, deployment: d, onClose }: {
  target: TargetView; deployment: DeploymentView; onClose: () => void;
}) {
  const p = deploymentPresentation(d.status);
  return (
    <Dialog title={`${d.application} on ${target.name}`} onClose={onClose}
            actions={<button type="button" className="primary" onClick={onClose} autoFocus>Close</button>}>
      <div className="inspect">
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <span className="deployment-status">
              <Dot tone={p.tone} label={p.label} />
              <Link to={statusHistoryUrl(target.id, d.id)} onClick={onClose}>{p.label}</Link>
            </span>
            <span className="muted"> since {new Date(d.statusSince).toLocaleString()} ({ago(d.statusSince)})</span>
            {d.message && <div className="inspect-message">{d.message}</div>}
          </dd>
          <dt>Version</dt>
          <dd><span className="mono">{d.version}</span> <span className="muted">(revision {d.revisionNumber})</span></dd>
          <dt>Log collection</dt>
          <dd>{d.logCollectionEnabled ? 'On: container output is collected' : 'Off'}</dd>
          <dt>Deployment id</dt>
          <dd className="id-cell"><code>{d.id}</code><CopyButton text={d.id} label="Copy id" /></dd>
          <dt>Current revision</dt>
          <dd className="id-cell"><code>{d.revisionId}</code></dd>
          <dt>Reported revision</dt>
          <dd className="id-cell">
            {d.reportedRevisionId ? <code>{d.reportedRevisionId}</code> : <span className="muted">none reported yet</span>}
            {d.reportedRevisionId && d.reportedRevisionId !== d.revisionId &&
              <span className="badge blue">agent still on an older revision</span>}
          </dd>
          <dt>Target id</dt>
          <dd className="id-cell"><code>{target.id}</code></dd>
        </dl>
        <p><Link to={statusHistoryUrl(target.id, d.id)} onClick={onClose}>Open the status history →</Link></p>
        <Revisions target={target} deployment={d} />
        <Resources target={target} deployment={d} onNavigate={onClose} />
      </div>
    </Dialog>
  );
}

function Revisions({ target, deployment }: { target: TargetView; deployment: DeploymentView }) {
  const revisions = useRevisions(target.id, deployment.id);
  return (
    <section aria-label="Revisions">
      <h3>Revisions</h3>
      {revisions.isPending && <Loading what="revisions" />}
      {revisions.isError && <ErrorNote error={revisions.error} />}
      {revisions.data && revisions.data.length === 0 && <Empty>No revisions recorded.</Empty>}
      {revisions.data && revisions.data.length > 0 && (
        <ol className="revisions">
          {revisions.data.map((r) => (
            <li key={r.revisionId}>
              <div className="revision-head">
                <strong>#{r.revisionNumber}</strong> <span className="mono">{r.version}</span>
                {r.revisionId === deployment.revisionId && <span className="badge">current</span>}
                <span className="muted">{new Date(r.at).toLocaleString()} by {r.actor}</span>
              </div>
              {r.composeFile ? (
                <details>
                  <summary>Compose file</summary>
                  <div className="compose">
                    <CopyButton text={r.composeFile} label="Copy Compose file" />
                    <pre>{r.composeFile}</pre>
                  </div>
                </details>
              ) : <span className="muted">No Compose file</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Resources({ target, deployment, onNavigate }: { target: TargetView; deployment: DeploymentView; onNavigate: () => void }) {
  const resources = useResources(deployment.id);
  return (
    <section aria-label="Container resources">
      <h3>Container resources</h3>
      {resources.isPending && <Loading what="resources" />}
      {resources.isError && <ErrorNote error={resources.error} />}
      {resources.data && resources.data.active.length + resources.data.archived.length === 0 && (
        <p className="muted">
          {deployment.logCollectionEnabled ? 'No container has logged yet.' : 'Log collection is off, so no container logs are kept.'}
        </p>
      )}
      {resources.data && resources.data.active.length + resources.data.archived.length > 0 && (
        <ul className="resources">
          {resources.data.active.map((r) => (
            <li key={r.name}>
              <Link to={resourceLogsUrl(target.id, deployment.id, r.name)} onClick={onNavigate}>{r.name}</Link>
              <span className="muted">last line {ago(r.lastSeenAt)}</span>
            </li>
          ))}
          {resources.data.archived.map((r) => (
            <li key={r.name}>
              <Link to={resourceLogsUrl(target.id, deployment.id, r.name, true)} onClick={onNavigate}>{r.name}</Link>
              <span className="badge">archived</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
