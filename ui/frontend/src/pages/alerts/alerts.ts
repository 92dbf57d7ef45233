// How an alert reads on the Alerts page and on the charts: what it watches, on what, for how long.
import type { Tone } from '../../status';
import type { AlertMetric, AlertView } from './types';

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h" — the two largest units, the smaller left out when zero. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** How long an alert lasted, or has lasted so far while open. */
export function alertDuration(alert: Pick<AlertView, 'firedAt' | 'resolvedAt'>, now: number = Date.now()): string {
  const end = alert.resolvedAt ? Date.parse(alert.resolvedAt) : now;
  return formatDuration(end - Date.parse(alert.firedAt));
}

export function metricLabel(metric: AlertMetric | null): string {
  switch (metric) {
    case 'DISK': return 'Disk';
    case 'CPU': return 'CPU';
    case 'MEMORY': return 'Memory';
    case 'DEPLOYMENT_STATUS': return 'Deployment status';
    default: return 'Alert';
  }
}

/** What the alert is about within its target: the mount path and device, or the deployment's name. */
export function alertSubject(alert: AlertView, deploymentName?: string): string {
  if (alert.metric === 'DISK') {
    if (alert.mountPath && alert.device) return `${alert.mountPath} (${alert.device})`;
    return alert.mountPath ?? alert.device ?? '–';
  }
  if (alert.metric === 'DEPLOYMENT_STATUS') return deploymentName ?? shortId(alert.deploymentId);
  return ''; // CPU and memory: the target as a whole
}

/** The hub's message with the deployment's id replaced by its name, which is what people recognise. */
export function readableMessage(message: string | null, deploymentId: string | null, deploymentName?: string): string {
  if (!message) return '';
  if (!deploymentId || !deploymentName) return message;
  return message.split(deploymentId).join(deploymentName);
}

export function formatValue(value: number | null | undefined): string {
  return value == null || !Number.isFinite(value) ? '–' : `${value.toFixed(1)} %`;
}

export function shortId(id: string | null | undefined): string {
  if (!id) return '–';
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/** Notification delivery states as the delivery worker names them. */
export function deliveryPresentation(status: string): { label: string; tone: Tone } {
  switch (status) {
    case 'DELIVERED': return { label: 'Delivered', tone: 'green' };
    case 'FAILED': return { label: 'Failed', tone: 'red' };
    case 'SUPPRESSED': return { label: 'Suppressed (hourly cap)', tone: 'yellow' };
    case 'PENDING': return { label: 'Pending', tone: 'blue' };
    default: return { label: status.charAt(0) + status.slice(1).toLowerCase(), tone: 'grey' };
  }
}

export type AlertState = 'open' | 'resolved' | 'all';

export function alertStateFromSearch(value: string | null): AlertState {
  return value === 'resolved' || value === 'all' ? value : 'open';
}
