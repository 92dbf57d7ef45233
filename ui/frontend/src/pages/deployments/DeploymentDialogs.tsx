import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/Feedback';
import type { DeploymentView, TargetView } from '../../types';
import { createDeployment, createRevision, refreshAfterChange } from './data';

/** The same form body for both dialogs: a submit that reports the API's problem, and a busy flag. */
function useSubmit(action: () => Promise<unknown>, onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
      onDone();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }
  return { busy, error, submit };
}

function ComposeField({ value, onChange, hint }: { value: string; onChange: (v: string) => void; hint: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={`${id}-compose`}>
        <span>Compose file <span className="muted optional">(optional)</span></span>
      </label>
      <textarea id={`${id}-compose`} rows={8} value={value} onChange={(e) => onChange(e.target.value)} spellCheck={false}
                aria-describedby={`${id}-hint`}
                placeholder={'services:\n  web:\n    image: registry.example.com/shop:1.4.2'} />
      <span className="muted hint" id={`${id}-hint`}>{hint}</span>
    </div>
  );
}

export function CreateDeploymentDialog({ target, onClose }: { target: TargetView; onClose: () => void }) {
  const client = useQueryClient();
  const [application, setApplication] = useState('');
  const [version, setVersion] = useState('');
  const [compose, setCompose] = useState('');
  const [logs, setLogs] = useState(true);
  const { busy, error, submit } = useSubmit(async () => {
    await createDeployment(target.id, { application: application.trim(), version: version.trim(),
      composeFile: compose.trim() ? compose : undefined, logCollectionEnabled: logs });
    refreshAfterChange(client, target.id);
  }, onClose);
  return (
    <Dialog title={`Add deployment to ${target.name}`} onClose={onClose}
            actions={<>
              <button type="button" onClick={onClose}>Cancel</button>
              <button type="submit" form="create-deployment" className="primary"
                      disabled={busy || !application.trim() || !version.trim()}>
                {busy ? 'Creating…' : 'Create deployment'}
              </button>
            </>}>
      <form id="create-deployment" className="form" onSubmit={submit}>
        <div className="form-row">
          <label>
            Application
            <input autoFocus value={application} onChange={(e) => setApplication(e.target.value)} maxLength={100} required />
          </label>
          <label>
            Version
            <input value={version} onChange={(e) => setVersion(e.target.value)} maxLength={100} required placeholder="1.0.0" />
          </label>
        </div>
        {target.type === 'DOCKER' && (
          <ComposeField value={compose} onChange={setCompose}
                        hint="The agent applies it with Docker Compose; healthchecks in it let Vigil tell Healthy from Running." />
        )}
        <label className="inline switch">
          <input type="checkbox" role="switch" checked={logs} onChange={(e) => setLogs(e.target.checked)} />
          Enable log collection
        </label>
        <p className="muted hint switch-hint">The agent ships the containers' output to Vigil. It can be switched later
          from the deployment's ⋮ menu.</p>
        {error !== null && <ErrorNote error={error} />}
      </form>
    </Dialog>
  );
}

export function NewRevisionDialog({ target, deployment, onClose }: {
  target: TargetView; deployment: DeploymentView; onClose: () => void;
}) {
  const client = useQueryClient();
  const [version, setVersion] = useState('');
  const [compose, setCompose] = useState('');
  const { busy, error, submit } = useSubmit(async () => {
    await createRevision(deployment.id, { version: version.trim(), composeFile: compose.trim() ? compose : undefined });
    refreshAfterChange(client, target.id);
  }, onClose);
  return (
    <Dialog title={`New revision of ${deployment.application}`} onClose={onClose}
            actions={<>
              <button type="button" onClick={onClose}>Cancel</button>
              <button type="submit" form="new-revision" className="primary" disabled={busy || !version.trim()}>
                {busy ? 'Creating…' : 'Create revision'}
              </button>
            </>}>
      <form id="new-revision" className="form" onSubmit={submit}>
        <p className="muted">
          On {target.name}, now at <span className="mono">{deployment.version}</span> (revision {deployment.revisionNumber}).
          The agent applies the new revision on its next heartbeat.
        </p>
        <label>
          Version
          <input autoFocus value={version} onChange={(e) => setVersion(e.target.value)} maxLength={100} required />
        </label>
        {target.type === 'DOCKER' && (
          <ComposeField value={compose} onChange={setCompose} hint="Leave empty for a revision without a Compose file." />
        )}
        {error !== null && <ErrorNote error={error} />}
      </form>
    </Dialog>
  );
}
