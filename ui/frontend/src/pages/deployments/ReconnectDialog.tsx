import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/Feedback';
import type { TargetView } from '../../types';
import { reconnect, refreshAfterChange, type Reconnected } from './data';
import { SecretResult } from './SecretResult';

/** Rotate a target's secret: warn, confirm, then show the new secret and connect command once. */
export function ReconnectDialog({ target, onClose }: { target: TargetView; onClose: () => void }) {
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Reconnected | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      setDone(await reconnect(target.id));
      refreshAfterChange(client, target.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <Dialog title={`Reconnect ${target.name}`} onClose={onClose}
              actions={<button type="button" className="primary" onClick={onClose}>Done</button>}>
        <p>The old credentials no longer work. Run the new command on the target's host to connect the agent again.</p>
        <SecretResult secret={done.targetSecret} command={done.connectCommand} targetName={target.name} />
      </Dialog>
    );
  }
  return (
    <Dialog title={`Reconnect ${target.name}`} onClose={onClose}
            actions={<>
              <button type="button" onClick={onClose} autoFocus>Cancel</button>
              <button type="button" className="danger" onClick={() => void confirm()} disabled={busy}>
                {busy ? 'Reconnecting…' : 'Invalidate and reconnect'}
              </button>
            </>}>
      <p>Reconnect issues a new secret and connect command for <strong>{target.name}</strong>.</p>
      <div className="warning" role="note">
        <strong>The current credentials stop working the moment you confirm</strong> — the running agent is signed
        out and shows as Not connected until the new command runs on its host. This cannot be undone.
      </div>
      <p className="muted">Deployments keep running: the agent only reports on them, it does not stop them.</p>
      {error !== null && <ErrorNote error={error} />}
    </Dialog>
  );
}
