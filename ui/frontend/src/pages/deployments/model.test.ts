import { describe, expect, it } from 'vitest';
import type { DeploymentView, TargetView } from '../../types';
import {
  bytes, filterKey, fullestDisk, gaugeLevel, optionalNumber, parseFilterKey, resourceLogsUrl, revisionsOf,
  statusHistoryUrl, summarise, visibleTargets, type AuditEntry, type DiskNow,
} from './model';

function deployment(over: Partial<DeploymentView> = {}): DeploymentView {
  return {
    id: 'd1', application: 'shop', version: '1.0.0', revisionId: 'r1', revisionNumber: 1, status: 'NO_STATUS',
    message: null, statusSince: '2025-01-01T00:00:00Z', reportedRevisionId: null, logCollectionEnabled: true, ...over,
  };
}

function target(over: Partial<TargetView> = {}): TargetView {
  return {
    id: 't1', name: 'alpha', type: 'DOCKER', customer: null, status: 'NOT_CONNECTED', statusSince: '2025-01-01T00:00:00Z',
    lastSeenAt: null, agentVersion: null, metricsEnabled: false, registeredAt: '2025-01-01T00:00:00Z', deployments: [],
    organisationId: null, ...over,
  };
}

const fleet = [
  target({ id: 't1', name: 'alpha', status: 'CONNECTED', customer: 'ACME',
    deployments: [deployment({ id: 'd1', status: 'HEALTHY' }), deployment({ id: 'd2', status: 'ERROR', message: 'db down' })] }),
  target({ id: 't2', name: 'beta', status: 'STALE', organisationId: 'o1',
    deployments: [deployment({ id: 'd3', application: 'billing', status: 'STALE' })] }),
  target({ id: 't3', name: 'gamma', status: 'NOT_CONNECTED' }),
];

describe('summary', () => {
  it('countsTargetsAndDeploymentsPerStatusInAFixedOrderLeavingOutEmptyOnes', () => {
    const summary = summarise(fleet);
    expect(summary.targets.map((e) => [e.label, e.tone, e.count])).toEqual([
      ['Connected', 'green', 1], ['Stale', 'yellow', 1], ['Not connected', 'grey', 1]]);
    expect(summary.deployments.map((e) => [e.label, e.count])).toEqual([['Error', 1], ['Stale', 1], ['Healthy', 1]]);
    expect(summary.targetCount).toBe(3);
    expect(summary.deploymentCount).toBe(3);
  });
});

describe('filtering', () => {
  it('keepsEveryTargetWithoutSearchOrFilter', () => {
    expect(visibleTargets(fleet, '  ', null)).toBe(fleet);
  });

  it('searchesNamesCustomersOrganisationNamesApplicationsAndMessagesIgnoringCase', () => {
    expect(visibleTargets(fleet, 'ALP', null).map((t) => t.id)).toEqual(['t1']);
    expect(visibleTargets(fleet, 'acme', null).map((t) => t.id)).toEqual(['t1']);
    expect(visibleTargets(fleet, 'DB DOWN', null).map((t) => t.id)).toEqual(['t1']);
    expect(visibleTargets(fleet, 'billing', null).map((t) => t.id)).toEqual(['t2']);
    expect(visibleTargets(fleet, 'initech', null, new Map([['o1', 'Initech']])).map((t) => t.id)).toEqual(['t2']);
  });

  it('filtersByTargetStatusOrByAnyDeploymentHavingTheStatus', () => {
    expect(visibleTargets(fleet, '', { kind: 'target', status: 'STALE' }).map((t) => t.id)).toEqual(['t2']);
    expect(visibleTargets(fleet, '', { kind: 'deployment', status: 'ERROR' }).map((t) => t.id)).toEqual(['t1']);
    expect(visibleTargets(fleet, 'beta', { kind: 'deployment', status: 'ERROR' })).toEqual([]);
  });

  it('carriesTheFilterInTheUrlAndIgnoresWhatItDoesNotKnow', () => {
    expect(parseFilterKey(filterKey({ kind: 'deployment', status: 'ERROR' }))).toEqual({ kind: 'deployment', status: 'ERROR' });
    expect(parseFilterKey('target:CONNECTED')).toEqual({ kind: 'target', status: 'CONNECTED' });
    expect(parseFilterKey('target:HEALTHY')).toBeNull();
    expect(parseFilterKey('nonsense')).toBeNull();
    expect(parseFilterKey(null)).toBeNull();
  });
});

describe('links', () => {
  it('opensTheStatusHistoryOfADeploymentInTheLogViewer', () => {
    expect(statusHistoryUrl('t 1', 'd1')).toBe('/targets/t%201/logs?view=status&deployment=d1');
    expect(resourceLogsUrl('t1', 'd1', 'web-1', true)).toBe('/targets/t1/logs?view=resource&deployment=d1&resource=web-1&archived=true');
  });
});

describe('metrics glance', () => {
  const disk = (device: string, usedPercent: number): DiskNow =>
    ({ device, mountPath: '/', fsType: 'ext4', totalBytes: 100, usedBytes: usedPercent, usedPercent });

  it('showsTheFullestDisk', () => {
    expect(fullestDisk([disk('/dev/a', 40), disk('/dev/b', 91), disk('/dev/c', 12)])?.device).toBe('/dev/b');
    expect(fullestDisk([])).toBeNull();
  });

  it('coloursAGaugeByItsThreshold', () => {
    expect(gaugeLevel(50, 90)).toBe('ok');
    expect(gaugeLevel(80, 90)).toBe('near');
    expect(gaugeLevel(90, 90)).toBe('over');
    expect(gaugeLevel(99, null)).toBe('ok');
  });

  it('writesByteSizesInBinaryUnits', () => {
    expect(bytes(512)).toBe('512 B');
    expect(bytes(1536 * 1024 * 1024)).toBe('1.5 GiB');
    expect(bytes(8 * 2 ** 30)).toBe('8.0 GiB');
    expect(bytes(100 * 2 ** 40)).toBe('100 TiB');
    expect(bytes(null)).toBe('–');
  });
});

describe('edit form', () => {
  it('readsBlankAsTheDefaultAndRefusesText', () => {
    expect(optionalNumber('')).toBeNull();
    expect(optionalNumber(' 85 ')).toBe(85);
    expect(optionalNumber('87,5')).toBe(87.5);
    expect(optionalNumber('lots')).toBeUndefined();
  });
});

describe('revisions from the audit trail', () => {
  const entry = (deploymentId: string, n: number, compose?: string): AuditEntry => ({
    at: `2025-01-0${n}T00:00:00Z`, action: 'DeploymentRevisionCreated', actor: 'admin', targetId: 't1', deploymentId, organisationId: null,
    details: { revisionId: `r${n}`, revisionNumber: n, version: `1.${n}`, ...(compose ? { composeFile: compose } : {}) },
  });

  it('listsOnlyThisDeploymentsRevisionsNewestFirstOnceEach', () => {
    const entries = [entry('d1', 1, 'services: {}'), entry('d2', 1), entry('d1', 2), entry('d1', 2),
      { ...entry('d1', 3), action: 'LogCollectionDisabled' }];
    const revisions = revisionsOf(entries, 'd1');
    expect(revisions.map((r) => [r.revisionNumber, r.version, r.composeFile])).toEqual([[2, '1.2', null], [1, '1.1', 'services: {}']]);
  });
});
