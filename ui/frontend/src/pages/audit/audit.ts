// How audit entries read: the hub records the event's name ("TargetSecretRotated") and its plain values;
// people read "Secret rotated" and "Secret generation: 2".

import type { AuditEntry } from '../../types';

export type { AuditEntry };

export interface AuditTrail {
  items: AuditEntry[];
  nextCursor: string | null;
}

/** Every action the hub audits today; an action added later still reads well through {@link humaniseAction}. */
export const ACTION_LABELS: Record<string, string> = {
  TargetRegistered: 'Target registered',
  TargetAssigned: 'Target assigned to organisation',
  TargetSecretRotated: 'Secret rotated',
  MetricsCollectionEnabled: 'Metrics enabled',
  MetricsCollectionDisabled: 'Metrics disabled',
  AlertRulesChanged: 'Alert rules changed',
  AlertDefaultsChanged: 'Default alert rules changed',
  DeploymentCreated: 'Deployment created',
  DeploymentRevisionCreated: 'New revision',
  LogCollectionEnabled: 'Log collection enabled',
  LogCollectionDisabled: 'Log collection disabled',
  OrganisationCreated: 'Organisation created',
  UserCreated: 'User created',
  UserRemoved: 'User removed',
  AccessTokenCreated: 'Access token created',
  AccessTokenRevoked: 'Access token revoked',
};

/** "TargetSecretRotated" → "Secret rotated"; an unknown "FooBarChanged" → "Foo bar changed". */
export function humaniseAction(action: string): string {
  return ACTION_LABELS[action] ?? sentence(action);
}

/** The actions to filter by, in reading order. */
export function actionOptions(): { value: string; label: string }[] {
  return Object.entries(ACTION_LABELS)
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

function sentence(camel: string): string {
  const words = camel
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(' ')
    .filter(Boolean);
  if (words.length === 0) return camel;
  return words
    .map((word, i) => (i === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : /^[A-Z0-9]+$/.test(word) ? word : word.toLowerCase()))
    .join(' ');
}

const KEY_LABELS: Record<string, string> = {
  logCollectionEnabled: 'Log collection',
  secretGeneration: 'Secret generation',
  revisionNumber: 'Revision',
  revisionId: 'Revision id',
  userName: 'User',
  tokenId: 'Token id',
  previousOrganisationId: 'Previous organisation',
  expiresAt: 'Expires',
  diskThresholdPercent: 'Disk alert at',
  cpuThresholdPercent: 'CPU alert at',
  memoryThresholdPercent: 'Memory alert at',
  forSeconds: 'After',
  hysteresisPercent: 'Hysteresis',
};

/**
 * The entry's details as label/value pairs people can read, in the order the hub recorded them. Long ids
 * are shortened; `full` then holds the whole value (for a tooltip).
 */
export function detailEntries(details: Record<string, unknown> | null | undefined): { label: string; value: string; full?: string }[] {
  if (!details) return [];
  return Object.entries(details)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .flatMap(([key, value]) => {
      // a value object (the alert rules): its parts, each under its own name
      if (typeof value === 'object' && !Array.isArray(value)) return detailEntries(value as Record<string, unknown>);
      const label = KEY_LABELS[key] ?? sentence(key);
      if (key.endsWith('Id') && typeof value === 'string' && value.length > 12) {
        return [{ label, value: `${value.slice(0, 8)}…`, full: value }];
      }
      return [{ label, value: detailValue(key, value) }];
    });
}

function detailValue(key: string, value: unknown): string {
  if (typeof value === 'number' && key.endsWith('ThresholdPercent')) return `${value} %`;
  if (typeof value === 'number' && key === 'hysteresisPercent') return `${value} points`;
  if (typeof value === 'number' && key.endsWith('Seconds')) return `${value} s`;
  if (typeof value === 'boolean') return key.endsWith('Enabled') ? (value ? 'on' : 'off') : value ? 'yes' : 'no';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value))) {
    return new Date(value).toLocaleString();
  }
  if (key === 'role' && typeof value === 'string') {
    const words = value.toLowerCase().replace(/_/g, ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  return String(value);
}
