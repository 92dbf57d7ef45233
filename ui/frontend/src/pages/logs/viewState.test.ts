import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, parseViewChoice, parseViewState, serialiseViewState, streamKey, viewChoice } from './viewState';

describe('the log viewer URL', () => {
  it('opens the agent log when nothing is chosen', () => {
    expect(parseViewState('')).toEqual(DEFAULT_STATE);
  });

  it('reads every choice', () => {
    const state = parseViewState('view=resource&deployment=d1&resource=web-1&from=1h&to=2026-11-27T12:00:00Z'
      + '&q=time%20out&regex=1&archived=1&live=1&paused=1');
    expect(state).toEqual({
      view: 'resource', deployment: 'd1', resource: 'web-1', from: '1h', to: '2026-11-27T12:00:00.000Z',
      q: 'time out', regex: true, archived: true, live: true, paused: true,
    });
  });

  it('round-trips through the query string, defaults left out', () => {
    const state = { ...DEFAULT_STATE, view: 'status' as const, deployment: 'd1', from: '24h', q: 'a&b=c' };
    const text = serialiseViewState(state);
    expect(text).toBe('view=status&deployment=d1&from=24h&q=a%26b%3Dc');
    expect(parseViewState(text)).toEqual(state);
    expect(serialiseViewState(DEFAULT_STATE)).toBe('view=agent');
  });

  it('falls back to what can be shown when a choice is missing', () => {
    expect(parseViewState('view=resource&deployment=d1').view).toBe('status');
    expect(parseViewState('view=resource&resource=web-1').view).toBe('agent');
    expect(parseViewState('view=status').view).toBe('agent');
    expect(parseViewState('view=nonsense&deployment=d1&resource=web-1')).toMatchObject({ view: 'resource', resource: 'web-1' });
    // the agent log ignores a deployment left in the URL
    expect(parseViewState('view=agent&deployment=d1&resource=x')).toMatchObject({ deployment: null, resource: null });
  });

  it('drops bounds it cannot read rather than guessing', () => {
    expect(parseViewState('from=yesterday&to=2026-11-27').from).toBeNull();
    expect(parseViewState('to=2026-11-27').to).toBeNull();
    expect(parseViewState('from=0h').from).toBeNull();
    expect(parseViewState('from=7d').from).toBe('7d');
    expect(parseViewState('from=2026-11-27T13:00:00%2B01:00').from).toBe('2026-11-27T12:00:00.000Z');
  });

  it('accepts true as well as 1 for switches', () => {
    expect(parseViewState('regex=true&live=0').regex).toBe(true);
    expect(parseViewState('regex=true&live=0').live).toBe(false);
  });

  it('starts over for a new stream, window or filter, but not for paused, live or archived', () => {
    const base = { ...DEFAULT_STATE, view: 'status' as const, deployment: 'd1' };
    const key = streamKey('t1', base);
    expect(streamKey('t1', { ...base, paused: true, live: true, archived: true })).toBe(key);
    expect(streamKey('t2', base)).not.toBe(key);
    expect(streamKey('t1', { ...base, q: 'x' })).not.toBe(key);
    expect(streamKey('t1', { ...base, regex: true })).not.toBe(key);
    expect(streamKey('t1', { ...base, from: '1h' })).not.toBe(key);
  });

  it('names views in the view menu and reads them back, resource names with colons included', () => {
    const resource = { view: 'resource' as const, deployment: 'd1', resource: 'svc:web-1' };
    expect(viewChoice(resource)).toBe('resource:d1:svc:web-1');
    expect(parseViewChoice('resource:d1:svc:web-1')).toEqual(resource);
    expect(parseViewChoice(viewChoice({ view: 'status', deployment: 'd1', resource: null })))
      .toEqual({ view: 'status', deployment: 'd1', resource: null });
    expect(parseViewChoice('agent')).toEqual({ view: 'agent', deployment: null, resource: null });
    expect(parseViewChoice('__archived')).toBeNull();
  });
});
