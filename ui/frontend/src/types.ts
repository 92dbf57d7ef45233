// Shapes of the hub's JSON answers (query side), as the REST API serves them.

export type Role = 'ADMIN' | 'READ_ONLY' | 'CUSTOMER_ADMIN' | 'CUSTOMER_READ_ONLY';
export type TargetStatus = 'NOT_CONNECTED' | 'CONNECTED' | 'STALE';
export type DeploymentStatus = 'NO_STATUS' | 'ERROR' | 'STALE' | 'PROGRESSING' | 'RUNNING' | 'HEALTHY';

export interface Me {
  name: string;
  role: Role;
  organisationId: string | null;
}

export interface Listing<T> {
  items: T[];
  nextCursor: string | null;
}

export interface DeploymentView {
  id: string;
  application: string;
  version: string;
  revisionId: string;
  revisionNumber: number;
  status: DeploymentStatus;
  message: string | null;
  statusSince: string;
  reportedRevisionId: string | null;
  logCollectionEnabled: boolean;
}

export interface TargetView {
  id: string;
  name: string;
  type: 'DOCKER' | 'KUBERNETES';
  customer: string | null;
  status: TargetStatus;
  statusSince: string;
  lastSeenAt: string | null;
  agentVersion: string | null;
  metricsEnabled: boolean;
  registeredAt: string;
  deployments: DeploymentView[];
  organisationId: string | null;
}

export interface CreatedTarget {
  id: string;
  name: string;
  type: string;
  targetSecret: string;
  connectCommand: string;
}

/** GET /api/v1/targets/{id}/metrics/latest: one disk of the newest sample. */
export interface DiskNow {
  device: string;
  mountPath: string | null;
  fsType: string | null;
  totalBytes: number;
  usedBytes: number;
  usedPercent: number;
}

export interface LatestMetrics {
  targetId: string;
  /** null: no sample yet */
  collectedAt: string | null;
  cpuCores: number | null;
  cpuUsagePercent: number | null;
  memoryBytes: number | null;
  memoryUsagePercent: number | null;
  disks: DiskNow[];
}

/** Alert thresholds; null = not set (the organisation default applies). */
export interface Rules {
  diskThresholdPercent: number | null;
  cpuThresholdPercent: number | null;
  memoryThresholdPercent: number | null;
  forSeconds: number | null;
  hysteresisPercent: number | null;
}

/** GET /api/v1/targets/{id}/alert-rules */
export interface TargetRules {
  targetId: string;
  alertRules: Rules;
  organisationDefaults: Rules;
}

/** One entry of the audit trail (`GET /api/v1/audit`): the event's name and its plain values. */
export interface AuditEntry {
  at: string;
  action: string;
  actor: string;
  targetId: string | null;
  deploymentId: string | null;
  organisationId: string | null;
  details: Record<string, unknown>;
}
