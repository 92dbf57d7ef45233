// The rows of one view, kept up to date: the newest page first, older pages on demand (nextCursor), the
// lines that arrived since every 10 s (newerCursor as `after`) or live through the SSE tail, all merged by
// id so a line is never shown twice. A plain hook rather than the query cache: the buffer grows from three
// directions and the tail writes into it between fetches, which an infinite query cannot express.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api';
import { appendOlder, EMPTY_BUFFER, mergeNewer, rowOfLine, type Buffer, type Row } from './rows';
import { readEvents } from './sse';
import { fetchRows, listingUrl, tailUrl, PAGE_SIZE, type Filter, type Source } from './source';
import { resolveWindow } from './timeRange';

export const REFRESH_MS = 10_000;
/** at most this many pages of new lines per refresh; past that the next refresh continues */
const MAX_NEWER_PAGES = 20;

export type LiveState = 'off' | 'connecting' | 'on' | 'retrying';

interface FeedState {
  buffer: Buffer;
  phase: 'idle' | 'loading' | 'ready' | 'error';
  error: unknown;
  hasOlder: boolean;
  loadingOlder: boolean;
  olderError: unknown;
  refreshing: boolean;
  refreshError: unknown;
  /** rows put above the previous head by the last merge, and a counter that says a merge happened */
  anchor: { added: number; seq: number };
}

const INITIAL: FeedState = {
  buffer: EMPTY_BUFFER,
  phase: 'idle',
  error: null,
  hasOlder: false,
  loadingOlder: false,
  olderError: null,
  refreshing: false,
  refreshError: null,
  anchor: { added: 0, seq: 0 },
};

export interface Feed extends Omit<FeedState, 'buffer'> {
  rows: Row[];
  /** the filter the API refused (an invalid regular expression), shown at the filter field */
  filterError: ApiError | null;
  loadOlder: () => void;
  refresh: () => void;
  /** when the next automatic refresh runs; null while paused, live, or not loaded */
  nextRefreshAt: number | null;
  live: LiveState;
  liveError: unknown;
}

export interface FeedOptions {
  /** false while the window is not valid: nothing is read */
  enabled: boolean;
  from: string | null;
  to: string | null;
  filter: Filter;
  live: boolean;
  paused: boolean;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });

export function isFilterError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 400 && error.title === 'Invalid filter';
}

export function useLogFeed(source: Source | null, key: string, options: FeedOptions): Feed {
  const client = useQueryClient();
  const [state, setState] = useState<FeedState>(INITIAL);
  const [nextRefreshAt, setNextRefreshAt] = useState<number | null>(null);
  const [live, setLive] = useState<LiveState>('off');
  const [liveError, setLiveError] = useState<unknown>(null);
  const [reloads, setReloads] = useState(0);

  // what async work needs now, without restarting effects: the generation tells a stale answer apart
  const generation = useRef(0);
  const cursors = useRef<{ next: string | null; newer: string | null }>({ next: null, newer: null });
  const busy = useRef({ older: false, refresh: false, loaded: false, failed: false });
  const current = useRef({ source, options });
  current.current = { source, options };

  const currentWindow = () => resolveWindow(current.current.options.from, current.current.options.to, Date.now());
  const enabled = options.enabled && source !== null;

  // the first page, whenever the view changes
  useEffect(() => {
    const mine = ++generation.current;
    cursors.current = { next: null, newer: null };
    busy.current = { older: false, refresh: false, loaded: false, failed: false };
    setState({ ...INITIAL, phase: enabled ? 'loading' : 'idle' });
    if (!enabled || !source) return;
    const abort = new AbortController();
    fetchRows(listingUrl(source, currentWindow(), options.filter), source, abort.signal).then(
      (page) => {
        if (generation.current !== mine) return;
        cursors.current = { next: page.nextCursor, newer: page.newerCursor };
        busy.current.loaded = true;
        setState((s) => {
          // lines the live tail delivered meanwhile stay
          const start = appendOlder(EMPTY_BUFFER, page.rows);
          const buffer = s.buffer.rows.length ? mergeNewer(start, s.buffer.rows).buffer : start;
          return { ...s, buffer, phase: 'ready', error: null, hasOlder: page.nextCursor !== null };
        });
      },
      (error) => {
        if (generation.current !== mine || abort.signal.aborted) return;
        busy.current.failed = !isFilterError(error); // a refused filter stays refused until it changes
        setState((s) => ({ ...s, phase: 'error', error }));
      },
    );
    return () => abort.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key names everything the page depends on
  }, [key, enabled, reloads]);

  const loadOlder = useCallback(() => {
    const { source } = current.current;
    const cursor = cursors.current.next;
    if (!source || !cursor || busy.current.older) return;
    busy.current.older = true;
    const mine = generation.current;
    setState((s) => ({ ...s, loadingOlder: true, olderError: null }));
    fetchRows(listingUrl(source, currentWindow(), current.current.options.filter, { cursor }), source).then(
      (page) => {
        if (generation.current !== mine) return;
        busy.current.older = false;
        cursors.current.next = page.nextCursor;
        setState((s) => ({ ...s, buffer: appendOlder(s.buffer, page.rows), loadingOlder: false,
          hasOlder: page.nextCursor !== null }));
      },
      (olderError) => {
        if (generation.current !== mine) return;
        busy.current.older = false;
        setState((s) => ({ ...s, loadingOlder: false, olderError }));
      },
    );
  }, []);

  const merge = useCallback((rows: Row[]) => {
    setState((s) => {
      const merged = mergeNewer(s.buffer, rows);
      if (!merged.added) return s;
      return { ...s, buffer: merged.buffer, anchor: { added: merged.added, seq: s.anchor.seq + 1 } };
    });
  }, []);

  /** Reads what arrived since the newest line held (log views) or the newest page again (status). */
  const refreshNow = useCallback(async () => {
    const { source, options } = current.current;
    if (!source || !options.enabled) return;
    if (!busy.current.loaded) {
      // the first page failed: try it again (while it is still on its way, it will do)
      if (busy.current.failed) setReloads((n) => n + 1);
      return;
    }
    if (busy.current.refresh) return;
    busy.current.refresh = true;
    const mine = generation.current;
    setState((s) => ({ ...s, refreshing: true }));
    try {
      if (source.kind === 'status') {
        const page = await fetchRows(listingUrl(source, currentWindow(), options.filter, { limit: 200 }), source);
        if (generation.current === mine) merge(page.rows);
      } else {
        for (let i = 0; i < MAX_NEWER_PAGES && cursors.current.newer; i++) {
          const after = cursors.current.newer;
          const page = await fetchRows(listingUrl(source, currentWindow(), options.filter, { after }), source);
          if (generation.current !== mine) return;
          cursors.current.newer = page.newerCursor ?? after;
          merge(page.rows);
          if (page.rows.length < PAGE_SIZE) break;
        }
      }
      if (generation.current === mine) setState((s) => ({ ...s, refreshing: false, refreshError: null }));
    } catch (refreshError) {
      if (generation.current === mine) setState((s) => ({ ...s, refreshing: false, refreshError }));
    } finally {
      if (generation.current === mine) busy.current.refresh = false;
    }
  }, [merge]);

  const liveActive = enabled && options.live && !options.paused && source?.kind !== 'status' && !options.to;

  // every 10 s unless paused or live
  useEffect(() => {
    if (!enabled || options.paused || liveActive) {
      setNextRefreshAt(null);
      return;
    }
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      setNextRefreshAt(Date.now() + REFRESH_MS);
      timer = setTimeout(() => {
        void refreshNow().finally(() => { if (!cancelled) schedule(); });
      }, REFRESH_MS);
    };
    schedule();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [key, enabled, options.paused, liveActive, refreshNow]);

  // the live tail: opened, then whatever arrived before it opened is read once; reconnects with back-off
  useEffect(() => {
    if (!liveActive || !source) {
      setLive('off');
      setLiveError(null);
      return;
    }
    const url = tailUrl(source, options.filter);
    if (!url) return;
    const abort = new AbortController();
    const mine = generation.current;
    let pending: Row[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      flushTimer = undefined;
      const rows = pending;
      pending = [];
      if (generation.current === mine && rows.length) merge(rows);
    };
    void (async () => {
      let failures = 0;
      while (!abort.signal.aborted) {
        setLive('connecting');
        try {
          await readEvents(url, abort.signal, () => {
            failures = 0;
            setLive('on');
            setLiveError(null);
            void refreshNow();
          }, (event) => {
            if (event.event !== 'log') return;
            pending.push(rowOfLine(JSON.parse(event.data)));
            // lines come in bursts: one render per burst, not per line
            flushTimer ??= setTimeout(flush, 150);
          });
        } catch (error) {
          if (abort.signal.aborted) return;
          if (error instanceof ApiError && error.status === 401) {
            void client.invalidateQueries({ queryKey: ['me'] });
            return;
          }
          setLiveError(error);
          failures++;
        }
        if (abort.signal.aborted) return;
        setLive('retrying');
        await sleep(Math.min(30_000, 1_000 * 2 ** failures), abort.signal);
      }
    })();
    return () => {
      abort.abort();
      clearTimeout(flushTimer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key names the source and filter
  }, [key, liveActive, merge, refreshNow, client]);

  const refresh = useCallback(() => void refreshNow(), [refreshNow]);

  const filterError = isFilterError(state.error) ? state.error : null;
  const { buffer, ...rest } = state;
  return {
    ...rest,
    rows: buffer.rows,
    filterError,
    loadOlder,
    refresh,
    nextRefreshAt,
    live,
    liveError,
  };
}
