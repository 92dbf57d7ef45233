import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/Feedback';
import type { CreatedTarget } from '../../types';
import { createTarget, refreshAfterChange, useOrganisations } from './data';
import { SecretResult } from './SecretResult';

/** Register a target, then show its secret and connect command once. */
export function CreateTargetDialog({ onClose }: { onClose: () => void }) {
  const client = useQueryClient();
  const organisations = useOrganisations();
  const [name, setName] = useState('');
  const [type, setType] = useState<'DOCKER' | 'KUBERNETES'>('DOCKER');
  const [customer, setCustomer] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<CreatedTarget | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setCreated(await createTarget({ name: name.trim(), type, customer: customer.trim() || undefined,
        organisationId: organisationId || undefined }));
      refreshAfterChange(client);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (created) {
    return (
      <Dialog title={`Target ${created.name} created`} onClose={onClose}
              actions={<button type="button" className="primary" onClick={onClose}>Done</button>}>
        <p>The target is registered and shows as <strong>Not connected</strong> until its agent signs in.</p>
        <SecretResult secret={created.targetSecret} command={created.connectCommand} targetName={created.name} />
      </Dialog>
    );
  }
  return (
    <Dialog title="Create deployment target" onClose={onClose}
            actions={<>
              <button type="button" onClick={onClose}>Cancel</button>
              <button type="submit" form="create-target" className="primary" disabled={busy || !name.trim()}>
                {busy ? 'Creating…' : 'Create target'}
              </button>
            </>}>
      <form id="create-target" className="form" onSubmit={submit}>
        <label>
          Name
          <input autoFocus value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required
                 placeholder="e.g. acme-prod-eu" />
        </label>
        <fieldset className="segmented">
          <legend>Type</legend>
          <label className="inline">
            <input type="radio" name="type" value="DOCKER" checked={type === 'DOCKER'} onChange={() => setType('DOCKER')} />
            Docker
          </label>
          <label className="inline">
            <input type="radio" name="type" value="KUBERNETES" checked={type === 'KUBERNETES'}
                   onChange={() => setType('KUBERNETES')} />
            Kubernetes
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor="target-customer">
            <span>Customer <span className="muted optional">(optional)</span></span>
          </label>
          <input id="target-customer" value={customer} onChange={(e) => setCustomer(e.target.value)} maxLength={100}
                 aria-describedby="customer-hint" />
          <span className="muted hint" id="customer-hint">A label shown with the target, e.g. the customer's company.</span>
        </div>
        <div className="field">
          <label htmlFor="target-organisation">
            <span>Customer organisation <span className="muted optional">(optional)</span></span>
          </label>
          <select id="target-organisation" value={organisationId} onChange={(e) => setOrganisationId(e.target.value)}
                  disabled={!organisations.data} aria-describedby="organisation-hint">
            <option value="">None (vendor only)</option>
            {organisations.data?.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </select>
          <span className="muted hint" id="organisation-hint">Users of that organisation see and can reconnect this
            target in the Customer Portal.</span>
        </div>
        {error !== null && <ErrorNote error={error} />}
      </form>
    </Dialog>
  );
}
