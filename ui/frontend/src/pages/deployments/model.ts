// Pure rules of the Deployments view: which targets a search and a status filter keep, the counts of the
// summary bar, the links into the log viewer, and how the compact metrics are read. No React here.
import { deploymentPresentation, targetPresentation, type Tone } from '../../status';
import type { AuditEntry, DeploymentStatus, DeploymentView, DiskNow, LatestMetrics, TargetStatus, TargetView } from '../../types';

export type { AuditEntry, DiskNow, LatestMetrics };

/** A chip of the summary bar: what it filters on and how many it counts. */
export type StatusFilter =
  | { kind: 'target'; status: TargetStatus }
  | { kind: 'deployment'; status: DeploymentStatus };

export interface SummaryEntry {
  filter: StatusFilter;
  label: string;
  tone: Tone;
  count: number;
}

export interface Summary {
  targets: SummaryEntry[];
  deployments: SummaryEntry[];
  targetCount: number;
  deploymentCount: number;
}

const TARGET_ORDER: TargetStatus[] = ['CONNECTED', 'STALE', 'NOT_CONNECTED'];
const DEPLOYMENT_ORDER: DeploymentStatus[] = ['ERROR', 'STALE', 'PROGRESSING', 'RUNNING', 'HEALTHY', 'NO_STATUS'];

/** Counts per status over the whole fleet the caller sees; statuses with no member are left out. */
export function summarise(targets: readonly TargetView[]): Summary {
  const byTarget = new Map<TargetStatus, number>();
  const byDeployment = new Map<DeploymentStatus, number>();
  let deploymentCount = 0;
  for (const target of targets) {
    byTarget.set(target.status, (byTarget.get(target.status) ?? 0) + 1);
    for (const deployment of target.deployments) {
      byDeployment.set(deployment.status, (byDeployment.get(deployment.status) ?? 0) + 1);
      deploymentCount++;
    }
  }
  return {
    targets: TARGET_ORDER.filter((s) => byTarget.has(s)).map((status) => {
      const p = targetPresentation(status);
      return { filter: { kind: 'target', status }, label: p.label, tone: p.tone, count: byTarget.get(status)! };
    }),
    deployments: DEPLOYMENT_ORDER.filter((s) => byDeployment.has(s)).map((status) => {
      const p = deploymentPresentation(status);
      return { filter: { kind: 'deployment', status }, label: p.label, tone: p.tone, count: byDeployment.get(status)! };
    }),
    targetCount: targets.length,
    deploymentCount,
  };
}

/** "target:STALE" / "deployment:ERROR": how a status filter travels in the URL. */
export function filterKey(filter: StatusFilter | null): string | null {
  return filter ? `${filter.kind}:${filter.status}` : null;
}

export function parseFilterKey(key: string | null): StatusFilter | null {
  if (!key) return null;
  const [kind, status] = key.split(':');
  if (kind === 'target' && (TARGET_ORDER as string[]).includes(status)) return { kind, status: status as TargetStatus };
  if (kind === 'deployment' && (DEPLOYMENT_ORDER as string[]).includes(status)) {
    return { kind, status: status as DeploymentStatus };
  }
  return null;
}

function includesFolded(value: string | null | undefined, needle: string): boolean {
  return !!value && value.toLowerCase().includes(needle);
}

/** Does the search text occur in anything the row shows (names, ids, customer, versions, messages)? */
export function matchesSearch(target: TargetView, search: string, organisationName?: string): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  if ([target.name, target.id, target.customer, organisationName, target.agentVersion, target.type]
    .some((v) => includesFolded(v, needle))) return true;
  return target.deployments.some((d) => [d.application, d.version, d.id, d.message]
    .some((v) => includesFolded(v, needle)));
}

export function matchesFilter(target: TargetView, filter: StatusFilter | null): boolean {
  if (!filter) return true;
  if (filter.kind === 'target') return target.status === filter.status;
  return target.deployments.some((d) => d.status === filter.status);
}

/** The targets to show, in the API's order (by name). */
export function visibleTargets(targets: readonly TargetView[], search: string, filter: StatusFilter | null,
                               organisationNames: ReadonlyMap<string, string> = new Map()): TargetView[] {
  if (!search.trim() && !filter) return targets as TargetView[];
  return targets.filter((t) => matchesFilter(t, filter)
    && matchesSearch(t, search, t.organisationId ? organisationNames.get(t.organisationId) : undefined));
}

/** Deployments of a target in a stable order: by application, then id. */
export function sortedDeployments(deployments: readonly DeploymentView[]): DeploymentView[] {
  return [...deployments].sort((a, b) => a.application.localeCompare(b.application) || a.id.localeCompare(b.id));
}

// --- links into the log viewer and the metrics page (URL scheme agreed with the log viewer) --------------

export function statusHistoryUrl(targetId: string, deploymentId: string): string {
  return `/targets/${encodeURIComponent(targetId)}/logs?view=status&deployment=${encodeURIComponent(deploymentId)}`;
}

export function agentLogsUrl(targetId: string): string {
  return `/targets/${encodeURIComponent(targetId)}/logs?view=agent`;
}

export function resourceLogsUrl(targetId: string, deploymentId: string, resource: string, archived = false): string {
  const params = new URLSearchParams({ view: 'resource', deployment: deploymentId, resource });
  if (archived) params.set('archived', 'true');
  return `/targets/${encodeURIComponent(targetId)}/logs?${params}`;
}

export function metricsUrl(targetId: string): string {
  return `/targets/${encodeURIComponent(targetId)}/metrics`;
}

// --- compact metrics --------------------------------------------------------------------------------------

/** The disk closest to full, which is the one worth a glance; null when none is reported. */
export function fullestDisk(disks: readonly DiskNow[]): DiskNow | null {
  let fullest: DiskNow | null = null;
  for (const disk of disks) if (!fullest || disk.usedPercent > fullest.usedPercent) fullest = disk;
  return fullest;
}

/** Gauge colour: neutral below the threshold, amber close to it (within 10 points), red at or above. */
export function gaugeLevel(percent: number, threshold: number | null | undefined): 'ok' | 'near' | 'over' {
  if (threshold === null || threshold === undefined) return 'ok';
  if (percent >= threshold) return 'over';
  if (percent >= threshold - 10) return 'near';
  return 'ok';
}

/** "1.5 GiB", "512 MiB", "2 TiB". */
export function bytes(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = value;
  let unit = 0;
  while (v >= 1024 && unit < units.length - 1) {
    v /= 1024;
    unit++;
  }
  return `${v >= 10 || unit === 0 ? Math.round(v) : v.toFixed(1)} ${units[unit]}`;
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${Math.round(value)} %`;
}

// --- edit form ----------------------------------------------------------------------------------------------

/**
 * A number field as typed: blank means "use the organisation default" (null); otherwise a number, which
 * the API checks against its range. Text that is no number at all is `undefined`, for the form to refuse.
 */
export function optionalNumber(text: string): number | null | undefined {
  const trimmed = text.trim().replace(',', '.');
  if (!trimmed) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** Revisions of a deployment read from the audit trail (DeploymentRevisionCreated entries), newest first. */
export interface RevisionInfo {
  revisionId: string;
  revisionNumber: number;
  version: string;
  composeFile: string | null;
  at: string;
  actor: string;
}


export function revisionsOf(entries: readonly AuditEntry[], deploymentId: string): RevisionInfo[] {
  const seen = new Set<string>();
  const revisions: RevisionInfo[] = [];
  for (const e of entries) {
    if (e.action !== 'DeploymentRevisionCreated' || e.deploymentId !== deploymentId) continue;
    const revisionId = String(e.details.revisionId ?? '');
    if (!revisionId || seen.has(revisionId)) continue;
    seen.add(revisionId);
    revisions.push({
      revisionId,
      revisionNumber: Number(e.details.revisionNumber ?? 0),
      version: String(e.details.version ?? ''),
      composeFile: typeof e.details.composeFile === 'string' ? e.details.composeFile : null,
      at: e.at,
      actor: e.actor,
    });
  }
  return revisions.sort((a, b) => b.revisionNumber - a.revisionNumber);
}
