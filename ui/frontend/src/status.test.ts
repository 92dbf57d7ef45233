import { describe, expect, it } from 'vitest';
import { ago, deploymentPresentation, targetPresentation, targetTooltip } from './status';

describe('status presentation', () => {
  it('gives every target status its dot colour', () => {
    expect(targetPresentation('NOT_CONNECTED').tone).toBe('grey');
    expect(targetPresentation('CONNECTED').tone).toBe('green');
    expect(targetPresentation('STALE').tone).toBe('yellow');
  });

  it('labels deployment statuses as the product names them', () => {
    expect(deploymentPresentation('NO_STATUS').label).toBe('No status');
    expect(deploymentPresentation('ERROR')).toMatchObject({ label: 'Error', tone: 'red' });
    expect(deploymentPresentation('PROGRESSING').tone).toBe('blue');
  });

  it('says how long ago, in the largest whole unit', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');
    expect(ago(null, now)).toBe('never');
    expect(ago('2026-11-27T11:59:48Z', now)).toBe('12 s ago');
    expect(ago('2026-11-27T11:57:00Z', now)).toBe('3 min ago');
    expect(ago('2026-11-27T09:00:00Z', now)).toBe('3 h ago');
    expect(ago('2026-11-23T12:00:00Z', now)).toBe('4 d ago');
    expect(ago('2026-11-27T12:00:05Z', now)).toBe('0 s ago');
  });

  it('tooltips tell the meaning and the last contact', () => {
    expect(targetTooltip('STALE', '2026-11-27T11:59:00Z', Date.parse('2026-11-27T12:00:00Z')))
      .toMatch(/^Stale: .*silent.*Last seen 1 min ago/);
    expect(targetTooltip('NOT_CONNECTED', null)).toMatch(/Never seen\.$/);
  });
});
