// How the view stays current: "Refreshing in 7 s" (every 10 s) or a live tail, either of them paused on
// request; how many rows are loaded; and the export of the window. The countdown ticks in its own small
// component so the list does not re-render every second.
import { useEffect, useState } from 'react';
import type { LiveState } from './useLogFeed';

function Countdown({ at }: { at: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <>Refreshing in {Math.max(0, Math.ceil((at - now) / 1000))} s</>;
}

export function UpdateControls({ count, noun, hasOlder, refreshing, nextRefreshAt, paused, live, liveState, liveAvailable,
                                 liveUnavailableWhy, exportHref, refreshError, liveError, onPause, onRefresh, onLive }: {
  count: number;
  noun: string;
  hasOlder: boolean;
  refreshing: boolean;
  nextRefreshAt: number | null;
  paused: boolean;
  live: boolean;
  liveState: LiveState;
  liveAvailable: boolean;
  liveUnavailableWhy: string;
  exportHref: string | null;
  refreshError: unknown;
  liveError: unknown;
  onPause: (paused: boolean) => void;
  onRefresh: () => void;
  onLive: (live: boolean) => void;
}) {
  const following = live && liveAvailable;
  let indicator;
  if (paused) {
    indicator = <span className="update-state">{following ? 'Live tail paused' : 'Auto-refresh paused'}</span>;
  } else if (following) {
    indicator = (
      <span className={`update-state live-${liveState}`}>
        <span className="live-pulse" aria-hidden="true" />
        {liveState === 'on' ? 'Live' : liveState === 'retrying' ? 'Reconnecting…' : 'Connecting…'}
      </span>
    );
  } else if (refreshing) {
    indicator = <span className="update-state"><span className="spinner" aria-hidden="true" /> Refreshing…</span>;
  } else if (nextRefreshAt) {
    indicator = <span className="update-state"><Countdown at={nextRefreshAt} /></span>;
  } else {
    indicator = <span className="update-state" />;
  }
  const problem = following ? liveError : refreshError;
  return (
    <div className="log-updates">
      <span className="log-count">
        {count.toLocaleString('en-US')} {noun}{count === 1 ? '' : 's'} loaded{hasOlder ? ' · scroll down for older' : ''}
      </span>
      <span className="spacer" />
      {problem ? (
        <span className="update-problem" role="status" title={problem instanceof Error ? problem.message : String(problem)}>
          {following ? 'Live tail interrupted' : 'Last refresh failed'}
        </span>
      ) : null}
      {indicator}
      <button type="button" onClick={() => onPause(!paused)} aria-pressed={paused}>
        {paused ? 'Resume' : 'Pause'}
      </button>
      {!following && (
        <button type="button" onClick={onRefresh} disabled={refreshing} title="Read what arrived since">Refresh now</button>
      )}
      <label className="inline live-switch" title={liveAvailable ? 'Show new lines as they arrive' : liveUnavailableWhy}>
        <input type="checkbox" role="switch" checked={following} disabled={!liveAvailable}
               onChange={(e) => onLive(e.target.checked)} />
        Live tail
      </label>
      {exportHref && (
        <a className="button" href={exportHref} download title="Download every line of this window as text">Export</a>
      )}
    </div>
  );
}
