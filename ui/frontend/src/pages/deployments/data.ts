// The Deployments view's calls to the hub beyond the shared target listing: lazily loaded details for one
// row or one dialog, and the changes a person makes. Every change refreshes the listing afterwards.
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api';
import type { CreatedTarget, Listing, Rules, TargetRules } from '../../types';

export type { Rules, TargetRules };
import type { AuditEntry, LatestMetrics, RevisionInfo } from './model';
import { revisionsOf } from './model';

export interface Organisation {
  id: string;
  name: string;
}

export interface Reconnected {
  targetId: string;
  targetSecret: string;
  connectCommand: string;
}

export interface ResourceView {
  name: string;
  revisionIds: string[];
  newestRevisionNumber: number;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
}

/** The organisations the caller may see (a vendor: all; a customer: its own), read once a minute at most. */
export function useOrganisations<T = Organisation[]>(select?: (items: Organisation[]) => T) {
  return useQuery({
    queryKey: ['organisations'],
    queryFn: async () => (await api<Listing<Organisation>>('/api/v1/organisations')).items,
    staleTime: 60_000,
    select,
  });
}

const byId = (items: Organisation[]) => new Map(items.map((o) => [o.id, o.name]));

/** Organisation id → name, for showing which customer a target belongs to. */
export function useOrganisationNames() {
  return useOrganisations(byId);
}

/** The newest metrics sample of one target; asked only for rows on screen, every 30 s like the agent sends. */
export function useLatestMetrics(targetId: string) {
  return useQuery({
    queryKey: ['metrics-latest', targetId],
    queryFn: () => api<LatestMetrics>(`/api/v1/targets/${targetId}/metrics/latest`),
    refetchInterval: 30_000,
    staleTime: 25_000,
  });
}

export function useTargetRules(targetId: string) {
  return useQuery({
    queryKey: ['alert-rules', targetId],
    queryFn: () => api<TargetRules>(`/api/v1/targets/${targetId}/alert-rules`),
  });
}

/** A deployment's revisions with their Compose files: the audit trail records each one it created. */
export function useRevisions(targetId: string, deploymentId: string) {
  return useQuery({
    queryKey: ['revisions', deploymentId],
    queryFn: async (): Promise<RevisionInfo[]> => {
      const entries: AuditEntry[] = [];
      let cursor: string | null = null;
      // a target's trail is short (its changes, not its heartbeats); a few pages cover years of it
      for (let page = 0; page < 5; page++) {
        const answer: Listing<AuditEntry> =
          await api<Listing<AuditEntry>>(`/api/v1/audit${qs({ target: targetId, limit: 1000, cursor })}`);
        entries.push(...answer.items);
        cursor = answer.nextCursor;
        if (!cursor) break;
      }
      return revisionsOf(entries, deploymentId);
    },
  });
}

export function useResources(deploymentId: string) {
  return useQuery({
    queryKey: ['resources', deploymentId],
    queryFn: () => api<{ active: ResourceView[]; archived: ResourceView[] }>(`/api/v1/deployments/${deploymentId}/resources`),
  });
}

// --- changes -----------------------------------------------------------------------------------------------

export function createTarget(body: { name: string; type: 'DOCKER' | 'KUBERNETES'; customer?: string; organisationId?: string }) {
  return api<CreatedTarget>('/api/v1/targets', { method: 'POST', json: body });
}

export function reconnect(targetId: string) {
  return api<Reconnected>(`/api/v1/targets/${targetId}/reconnect`, { method: 'POST' });
}

export function createDeployment(targetId: string, body: { application: string; version: string;
  composeFile?: string; logCollectionEnabled: boolean }) {
  return api<{ id: string; revisionId: string }>(`/api/v1/targets/${targetId}/deployments`, { method: 'POST', json: body });
}

export function createRevision(deploymentId: string, body: { version: string; composeFile?: string }) {
  return api<{ revisionId: string }>(`/api/v1/deployments/${deploymentId}/revisions`, { method: 'POST', json: body });
}

export function setLogCollection(deploymentId: string, enabled: boolean) {
  return api(`/api/v1/deployments/${deploymentId}/log-collection`, { method: 'PUT', json: { enabled } });
}

export interface TargetPatch {
  metricsEnabled?: boolean;
  diskAlertThresholdPercent?: number | null;
  cpuAlertThresholdPercent?: number | null;
  memoryAlertThresholdPercent?: number | null;
  alertForSeconds?: number | null;
  alertHysteresisPercent?: number | null;
}

export function patchTarget(targetId: string, patch: TargetPatch) {
  return api(`/api/v1/targets/${targetId}`, { method: 'PATCH', json: patch });
}

/** After a change: the listing (and whatever else shows the target) reads again now, not at the next poll. */
export function refreshAfterChange(client: QueryClient, targetId?: string) {
  void client.invalidateQueries({ queryKey: ['targets'] });
  if (targetId) {
    void client.invalidateQueries({ queryKey: ['alert-rules', targetId] });
    void client.invalidateQueries({ queryKey: ['metrics-latest', targetId] });
  }
  void client.invalidateQueries({ queryKey: ['revisions'] });
}
