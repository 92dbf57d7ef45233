import { describe, expect, it } from 'vitest';
import { exportUrl, listingUrl, tailUrl } from './source';

const resource = { kind: 'resource' as const, targetId: 't1', deploymentId: 'd1', resource: 'web 1' };
const window = { from: '2026-11-27T11:00:00.000Z' };

describe('the endpoints of a view', () => {
  it('asks for a resource\'s page with window, filter and cursor', () => {
    const url = new URL(listingUrl(resource, window, { q: 'time.*out', regex: true }, { cursor: 'c1' }), 'http://x');
    expect(url.pathname).toBe('/api/v1/deployments/d1/logs');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      resource: 'web 1', from: '2026-11-27T11:00:00.000Z', filter: 'time.*out', regex: 'true', limit: '1000', cursor: 'c1',
    });
  });

  it('matches plain text in any case', () => {
    const url = new URL(listingUrl({ kind: 'agent', targetId: 't1' }, {}, { q: 'Error', regex: false }, { after: 'n1' }), 'http://x');
    expect(url.pathname).toBe('/api/v1/targets/t1/agent-logs');
    expect(Object.fromEntries(url.searchParams)).toEqual({ filter: 'Error', ignoreCase: 'true', limit: '1000', after: 'n1' });
  });

  it('exports and tails the same selection; the status history has neither', () => {
    expect(exportUrl(resource, window, { q: '', regex: false }))
      .toBe('/api/v1/deployments/d1/logs/export?resource=web+1&from=2026-11-27T11%3A00%3A00.000Z');
    expect(tailUrl({ kind: 'agent', targetId: 't1' }, { q: 'x', regex: true })).toBe('/api/v1/targets/t1/agent-logs/tail?filter=x&regex=true');
    const status = { kind: 'status' as const, targetId: 't1', deploymentId: 'd1' };
    expect(exportUrl(status, {}, { q: '', regex: false })).toBeNull();
    expect(tailUrl(status, { q: '', regex: false })).toBeNull();
    expect(listingUrl(status, {}, { q: '', regex: false }, { limit: 200 })).toBe('/api/v1/deployments/d1/status-history?limit=200');
  });
});
