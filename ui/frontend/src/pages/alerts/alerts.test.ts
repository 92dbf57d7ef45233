import { describe, expect, it } from 'vitest';
import { alertDuration, alertStateFromSearch, alertSubject, deliveryPresentation, formatDuration, formatValue, metricLabel, readableMessage, shortId } from './alerts';
import type { AlertView } from './types';

describe('formatDuration', () => {
  it('reads in the two largest units', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(45_400)).toBe('45 s');
    expect(formatDuration(12 * 60_000 + 30_000)).toBe('12 min');
    expect(formatDuration(3 * 3_600_000)).toBe('3 h');
    expect(formatDuration(3 * 3_600_000 + 5 * 60_000)).toBe('3 h 5 min');
    expect(formatDuration(2 * 86_400_000)).toBe('2 d');
    expect(formatDuration(2 * 86_400_000 + 4 * 3_600_000 + 59 * 60_000)).toBe('2 d 4 h');
  });
  it('never goes negative (clock skew)', () => {
    expect(formatDuration(-5000)).toBe('0 s');
  });
});

const alert = (over: Partial<AlertView> = {}): AlertView => ({
  id: 'a', targetId: 't', metric: 'DISK', device: '/dev/vda1', mountPath: '/', deploymentId: null, value: 91,
  threshold: 90, message: null, open: true, firedAt: '2026-03-01T10:00:00Z', resolvedAt: null, resolvedValue: null,
  resolvedMessage: null, ...over,
});

describe('alertDuration', () => {
  it('measures a resolved alert to its resolution and an open one to now', () => {
    expect(alertDuration(alert({ resolvedAt: '2026-03-01T10:07:00Z' }))).toBe('7 min');
    expect(alertDuration(alert(), Date.parse('2026-03-01T11:30:00Z'))).toBe('1 h 30 min');
  });
});

describe('what an alert is about', () => {
  it('names the metric', () => {
    expect(metricLabel('DISK')).toBe('Disk');
    expect(metricLabel('DEPLOYMENT_STATUS')).toBe('Deployment status');
    expect(metricLabel(null)).toBe('Alert');
  });
  it('names the disk by mount path and device, a deployment by name', () => {
    expect(alertSubject(alert())).toBe('/ (/dev/vda1)');
    expect(alertSubject(alert({ mountPath: null }))).toBe('/dev/vda1');
    const status = alert({ metric: 'DEPLOYMENT_STATUS', device: null, mountPath: null, deploymentId: '0123456789abcdef' });
    expect(alertSubject(status, 'shop')).toBe('shop');
    expect(alertSubject(status)).toBe('01234567…');
    expect(alertSubject(alert({ metric: 'CPU', device: null, mountPath: null }))).toBe('');
  });
  it('replaces the deployment id in the hub\'s message by its name', () => {
    expect(readableMessage('Deployment d-1 is ERROR: db down', 'd-1', 'shop')).toBe('Deployment shop is ERROR: db down');
    expect(readableMessage('Deployment d-1 is ERROR', 'd-1', undefined)).toBe('Deployment d-1 is ERROR');
    expect(readableMessage(null, null)).toBe('');
  });
  it('formats values and ids', () => {
    expect(formatValue(91)).toBe('91.0 %');
    expect(formatValue(null)).toBe('–');
    expect(shortId('short')).toBe('short');
  });
});

describe('deliveries and state', () => {
  it('presents delivery states', () => {
    expect(deliveryPresentation('DELIVERED')).toEqual({ label: 'Delivered', tone: 'green' });
    expect(deliveryPresentation('FAILED').tone).toBe('red');
    expect(deliveryPresentation('RETRYING')).toEqual({ label: 'Retrying', tone: 'grey' });
  });
  it('shows open alerts unless the URL says otherwise', () => {
    expect(alertStateFromSearch(null)).toBe('open');
    expect(alertStateFromSearch('resolved')).toBe('resolved');
    expect(alertStateFromSearch('all')).toBe('all');
    expect(alertStateFromSearch('bogus')).toBe('open');
  });
});
