import { describe, expect, it } from 'vitest';
import { actionOptions, detailEntries, humaniseAction } from './audit';

describe('humaniseAction', () => {
  it('names the audited actions as people say them', () => {
    expect(humaniseAction('TargetRegistered')).toBe('Target registered');
    expect(humaniseAction('TargetSecretRotated')).toBe('Secret rotated');
    expect(humaniseAction('MetricsCollectionEnabled')).toBe('Metrics enabled');
    expect(humaniseAction('DeploymentRevisionCreated')).toBe('New revision');
  });
  it('reads an action it does not know yet as a sentence', () => {
    expect(humaniseAction('NotificationChannelCreated')).toBe('Notification channel created');
    expect(humaniseAction('SSOProviderAdded')).toBe('SSO provider added');
    expect(humaniseAction('')).toBe('');
  });
  it('offers the known actions sorted by their label', () => {
    const labels = actionOptions().map((o) => o.label);
    expect(labels).toContain('Secret rotated');
    expect([...labels].sort((a, b) => a.localeCompare(b))).toEqual(labels);
  });
});

describe('detailEntries', () => {
  it('labels the recorded values and reads switches and flags', () => {
    expect(detailEntries({ name: 'edge-1', type: 'DOCKER', secretGeneration: 1 })).toEqual([
      { label: 'Name', value: 'edge-1' },
      { label: 'Type', value: 'DOCKER' },
      { label: 'Secret generation', value: '1' },
    ]);
    expect(detailEntries({ application: 'shop', logCollectionEnabled: true })).toEqual([
      { label: 'Application', value: 'shop' },
      { label: 'Log collection', value: 'on' },
    ]);
    expect(detailEntries({ role: 'CUSTOMER_ADMIN' })).toEqual([{ label: 'Role', value: 'Customer admin' }]);
  });
  it('shortens long ids and keeps the whole id for a tooltip', () => {
    expect(detailEntries({ revisionId: '67572cd7-86e5-43f2-a814-b7c06b2a5e50', revisionNumber: 2 })).toEqual([
      { label: 'Revision id', value: '67572cd7…', full: '67572cd7-86e5-43f2-a814-b7c06b2a5e50' },
      { label: 'Revision', value: '2' },
    ]);
  });
  it('spells out the alert rules that were set', () => {
    expect(detailEntries({ rules: { diskThresholdPercent: 80, forSeconds: 30, hysteresisPercent: 5 } })).toEqual([
      { label: 'Disk alert at', value: '80 %' },
      { label: 'After', value: '30 s' },
      { label: 'Hysteresis', value: '5 points' },
    ]);
  });
  it('leaves out empty values and copes with no details', () => {
    expect(detailEntries({ customer: null, name: '' })).toEqual([]);
    expect(detailEntries(null)).toEqual([]);
  });
  it('shows instants in local time', () => {
    const [entry] = detailEntries({ expiresAt: '2026-03-01T10:00:00Z' });
    expect(entry.label).toBe('Expires');
    expect(entry.value).toBe(new Date('2026-03-01T10:00:00Z').toLocaleString());
  });
});
