import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../../components/Dialog';
import { ErrorNote, Loading } from '../../components/Feedback';
import type { TargetView } from '../../types';
import { optionalNumber } from './model';
import { patchTarget, refreshAfterChange, useTargetRules, type Rules, type TargetPatch } from './data';

type RuleKey = keyof Rules;

const FIELDS: { key: RuleKey; patch: keyof TargetPatch; label: string; unit: string }[] = [
  { key: 'diskThresholdPercent', patch: 'diskAlertThresholdPercent', label: 'Disk used above', unit: '%' },
  { key: 'cpuThresholdPercent', patch: 'cpuAlertThresholdPercent', label: 'CPU above', unit: '%' },
  { key: 'memoryThresholdPercent', patch: 'memoryAlertThresholdPercent', label: 'Memory above', unit: '%' },
  { key: 'forSeconds', patch: 'alertForSeconds', label: 'For at least', unit: 's' },
  { key: 'hysteresisPercent', patch: 'alertHysteresisPercent', label: 'Resolve below threshold minus', unit: 'points' },
];

/** The metrics switch and the target's own alert rules; an empty rule field uses the organisation default. */
export function EditTargetDialog({ target, onClose }: { target: TargetView; onClose: () => void }) {
  const rules = useTargetRules(target.id);
  return (
    <Dialog title={`Edit ${target.name}`} onClose={onClose}
            actions={<>
              <button type="button" onClick={onClose}>Cancel</button>
              <button type="submit" form="edit-target" className="primary" disabled={!rules.data}>Save</button>
            </>}>
      {rules.isPending && <Loading what="alert rules" />}
      {rules.isError && <ErrorNote error={rules.error} />}
      {rules.data && <EditForm target={target} own={rules.data.alertRules} defaults={rules.data.organisationDefaults}
                               onDone={onClose} />}
    </Dialog>
  );
}

function text(value: number | null): string {
  return value === null || value === undefined ? '' : String(value);
}

function EditForm({ target, own, defaults, onDone }: { target: TargetView; own: Rules; defaults: Rules; onDone: () => void }) {
  const client = useQueryClient();
  const [metrics, setMetrics] = useState(target.metricsEnabled);
  const [values, setValues] = useState<Record<RuleKey, string>>(() => ({
    diskThresholdPercent: text(own.diskThresholdPercent),
    cpuThresholdPercent: text(own.cpuThresholdPercent),
    memoryThresholdPercent: text(own.memoryThresholdPercent),
    forSeconds: text(own.forSeconds),
    hysteresisPercent: text(own.hysteresisPercent),
  }));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    // only a changed switch is sent: each switch is an event in the audit trail
    const patch: TargetPatch = metrics === target.metricsEnabled ? {} : { metricsEnabled: metrics };
    for (const field of FIELDS) {
      const value = optionalNumber(values[field.key]);
      if (value === undefined) {
        setError(new Error(`${field.label}: enter a number, or leave it empty for the default.`));
        return;
      }
      (patch as Record<string, number | null | boolean>)[field.patch] = value;
    }
    setBusy(true);
    setError(null);
    try {
      await patchTarget(target.id, patch);
      refreshAfterChange(client, target.id);
      onDone();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <form id="edit-target" className="form" onSubmit={submit} aria-busy={busy}>
      <label className="inline switch">
        <input type="checkbox" role="switch" checked={metrics} onChange={(e) => setMetrics(e.target.checked)} />
        Collect metrics
      </label>
      <p className="muted hint">The agent reports CPU, memory and disk usage every 30 seconds while this is on.</p>
      <fieldset className="rules">
        <legend>Alert thresholds</legend>
        <p className="muted hint">Empty fields use the organisation default, shown in grey. An alert fires when a value stays
          above its threshold for the given time.</p>
        <div className="rules-grid">
          {FIELDS.map((field) => (
            <label key={field.key}>
              {field.label}
              <span className="with-unit">
                <input inputMode="decimal" value={values[field.key]}
                       placeholder={defaults[field.key] === null ? 'off' : String(defaults[field.key])}
                       onChange={(e) => setValues((v) => ({ ...v, [field.key]: e.target.value }))} />
                <span className="muted">{field.unit}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {error !== null && <ErrorNote error={error} />}
    </form>
  );
}
