// Deployments › <target> › <view>: both the target and the view are menus, so any log of any target the
// person may see is two choices away. Per deployment the view menu offers its status history and its
// container resources (active ones; "Show archived resources" at the bottom adds the archived ones).
import { Link } from 'react-router-dom';
import { useQueries } from '@tanstack/react-query';
import { api } from '../../api';
import { Dot } from '../../components/Dot';
import { targetPresentation, targetTooltip } from '../../status';
import type { TargetView } from '../../types';
import type { DeploymentResources } from './logTypes';
import { viewChoice, type ViewState } from './viewState';

const TOGGLE_ARCHIVED = '__archived';

export function useResources(deploymentIds: string[]) {
  return useQueries({
    queries: deploymentIds.map((id) => ({
      queryKey: ['deployments', id, 'resources'],
      queryFn: () => api<DeploymentResources>(`/api/v1/deployments/${encodeURIComponent(id)}/resources`),
      refetchInterval: 30_000,
    })),
  });
}

export function Breadcrumb({ target, targets, state, onTarget, onView, onArchived }: {
  target: TargetView | undefined;
  targets: TargetView[] | undefined;
  state: ViewState;
  onTarget: (targetId: string) => void;
  onView: (choice: string) => void;
  onArchived: (archived: boolean) => void;
}) {
  const deployments = target?.deployments ?? [];
  const resources = useResources(deployments.map((d) => d.id));
  const chosen = viewChoice(state);
  const choices = new Set<string>();

  const groups = deployments.map((deployment, i) => {
    const listed = resources[i]?.data;
    const options: { value: string; label: string }[] = [{ value: `status:${deployment.id}`, label: 'Deployment Status' }];
    for (const r of listed?.active ?? []) options.push({ value: `resource:${deployment.id}:${r.name}`, label: r.name });
    for (const r of listed?.archived ?? []) {
      const value = `resource:${deployment.id}:${r.name}`;
      // the resource on screen stays listed even while archived ones are hidden
      if (state.archived || value === chosen) options.push({ value, label: `${r.name} (archived)` });
    }
    if (resources[i]?.isPending) options.push({ value: `loading:${deployment.id}`, label: 'Loading resources…' });
    options.forEach((o) => choices.add(o.value));
    const label = deployment.logCollectionEnabled ? deployment.application : `${deployment.application} (log collection off)`;
    return { deployment, label, options };
  });
  // a deep link to a resource not (yet) listed still shows what it is
  const unlisted = !choices.has(chosen) && chosen !== 'agent' ? chosen : null;

  const targetP = target ? targetPresentation(target.status) : null;
  const shown = state.view !== 'agent' ? deployments.find((d) => d.id === state.deployment) : undefined;
  return (
    <nav className="log-breadcrumb" aria-label="Breadcrumb">
      <ol>
        <li><Link to="/">Deployments</Link></li>
        <li aria-hidden="true" className="crumb-sep">›</li>
        <li className="crumb-target">
          {target && targetP && <Dot tone={targetP.tone} label={targetP.label} title={targetTooltip(target.status, target.lastSeenAt)} />}
          <select aria-label="Target" value={target?.id ?? ''} onChange={(e) => onTarget(e.target.value)}>
            {!target && <option value="">Loading…</option>}
            {(targets ?? (target ? [target] : [])).map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
            {target && targets && !targets.some((t) => t.id === target.id) && <option value={target.id}>{target.name}</option>}
          </select>
        </li>
        <li aria-hidden="true" className="crumb-sep">›</li>
        <li>
          <select aria-label="View" value={chosen}
                  onChange={(e) => {
                    if (e.target.value === TOGGLE_ARCHIVED) onArchived(!state.archived);
                    else if (!e.target.value.startsWith('loading:')) onView(e.target.value);
                  }}>
            {groups.map(({ deployment, label, options }) => (
              <optgroup key={deployment.id} label={label}>
                {options.map((o) => (
                  <option key={o.value} value={o.value} disabled={o.value.startsWith('loading:')}>{o.label}</option>
                ))}
              </optgroup>
            ))}
            <optgroup label="Target">
              <option value="agent">Agent Logs</option>
            </optgroup>
            {unlisted && <option value={unlisted}>{unlisted.split(':').slice(2).join(':') || 'Deployment Status'}</option>}
            {deployments.length > 0 && (
              <option value={TOGGLE_ARCHIVED}>{state.archived ? 'Hide archived resources' : 'Show archived resources'}</option>
            )}
          </select>
        </li>
        {shown && (
          <li className="crumb-note">
            of {shown.application} {shown.version} (revision {shown.revisionNumber})
          </li>
        )}
      </ol>
    </nav>
  );
}
