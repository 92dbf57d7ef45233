// What the coloured dots mean, in one place: the Deployments view, tooltips and the log viewer use it.
import type { DeploymentStatus, TargetStatus } from './types';

export type Tone = 'grey' | 'green' | 'yellow' | 'red' | 'blue';

export interface Presentation {
  label: string;
  tone: Tone;
  meaning: string;
}

const TARGET: Record<TargetStatus, Presentation> = {
  NOT_CONNECTED: { label: 'Not connected', tone: 'grey', meaning: 'The agent has not logged in with the current credentials yet.' },
  CONNECTED: { label: 'Connected', tone: 'green', meaning: 'The agent reports regularly.' },
  STALE: { label: 'Stale', tone: 'yellow', meaning: 'The agent was connected but has been silent for longer than expected.' },
};

const DEPLOYMENT: Record<DeploymentStatus, Presentation> = {
  NO_STATUS: { label: 'No status', tone: 'grey', meaning: 'The agent has not reported on this deployment yet.' },
  ERROR: { label: 'Error', tone: 'red', meaning: 'The agent reports a failure.' },
  STALE: { label: 'Stale', tone: 'yellow', meaning: 'No report on this deployment for longer than expected.' },
  PROGRESSING: { label: 'Progressing', tone: 'blue', meaning: 'The deployment is being applied or is starting.' },
  RUNNING: { label: 'Running', tone: 'green', meaning: 'Running; no healthcheck says whether it is healthy.' },
  HEALTHY: { label: 'Healthy', tone: 'green', meaning: 'Running and its healthchecks pass.' },
};

export function targetPresentation(status: TargetStatus): Presentation {
  return TARGET[status] ?? { label: status, tone: 'grey', meaning: '' };
}

export function deploymentPresentation(status: DeploymentStatus): Presentation {
  return DEPLOYMENT[status] ?? { label: status, tone: 'grey', meaning: '' };
}

/** "12 s ago", "3 min ago", "2 h ago", "4 d ago" — or "never". */
export function ago(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** The target dot's tooltip: what the colour means and when the agent was last heard from. */
export function targetTooltip(status: TargetStatus, lastSeenAt: string | null, now: number = Date.now()): string {
  const p = targetPresentation(status);
  const seen = lastSeenAt ? `Last seen ${ago(lastSeenAt, now)} (${new Date(lastSeenAt).toLocaleString()}).` : 'Never seen.';
  return `${p.label}: ${p.meaning} ${seen}`;
}
