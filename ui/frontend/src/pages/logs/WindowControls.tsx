// From, To, quick ranges and the filter. Typing is debounced (the URL, and so the query, follows after a
// pause), and the API's answer to an invalid regular expression is shown right under the field.
import { useEffect, useId, useState } from 'react';
import type { ApiError } from '../../api';
import { fromLocalInput, QUICK_RANGES, relativeMs, resolveBound, toLocalInput } from './timeRange';
import type { ViewState } from './viewState';

export const FILTER_DEBOUNCE_MS = 300;

/** A value edited locally and handed on after a pause in typing; outside changes replace the draft. */
function useDraft(value: string, commit: (value: string) => void, delayMs: number) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => commit(draft), delayMs);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- commit is recreated per render
  }, [draft, value, delayMs]);
  return [draft, setDraft] as const;
}

function TimeField({ label, bound, onChange }: { label: string; bound: string | null; onChange: (iso: string | null) => void }) {
  // a relative bound shows the time it stands for now; editing it makes it a fixed time
  const shown = toLocalInput(resolveBound(bound, Date.now()));
  const [draft, setDraft] = useDraft(shown, (v) => {
    if (v === '') onChange(null);
    else {
      const iso = fromLocalInput(v);
      if (iso) onChange(iso);
    }
  }, 600);
  return (
    <label className="log-field">
      <span>{label}</span>
      <input type="datetime-local" step="1" value={draft} onChange={(e) => setDraft(e.target.value)} />
    </label>
  );
}

export function WindowControls({ state, windowProblem, filterError, onChange }: {
  state: ViewState;
  windowProblem: string | undefined;
  filterError: ApiError | null;
  onChange: (patch: Partial<ViewState>, replace?: boolean) => void;
}) {
  const [q, setQ] = useDraft(state.q, (value) => onChange({ q: value }, true), FILTER_DEBOUNCE_MS);
  const errorId = useId();
  const quick = !state.to && relativeMs(state.from) !== null ? state.from : null;
  return (
    <div className="log-window">
      <div className="log-range">
        <TimeField label="From" bound={state.from} onChange={(from) => onChange({ from })} />
        <TimeField label="To" bound={state.to} onChange={(to) => onChange({ to, live: to ? false : state.live })} />
        <div className="quick-ranges" role="group" aria-label="Quick ranges">
          {QUICK_RANGES.map((r) => (
            <button key={r.value} type="button" aria-pressed={quick === r.value} title={`The last ${r.label}, sliding`}
                    onClick={() => onChange({ from: r.value, to: null })}>{r.label}</button>
          ))}
          <button type="button" aria-pressed={!state.from && !state.to} title="Every retained line"
                  onClick={() => onChange({ from: null, to: null })}>All</button>
        </div>
      </div>
      <div className="log-filter">
        <label className="log-field filter-field">
          <span>Filter</span>
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} spellCheck={false}
                 placeholder={state.regex ? 'Regular expression (RE2), e.g. timeout|refused' : 'Text to find (any case)'}
                 aria-invalid={filterError ? true : undefined} aria-describedby={filterError ? errorId : undefined}
                 className={state.regex ? 'mono' : undefined} />
        </label>
        <label className="inline regex-switch">
          <input type="checkbox" role="switch" checked={state.regex}
                 onChange={(e) => onChange({ regex: e.target.checked })} />
          Regex
        </label>
      </div>
      {(filterError || windowProblem) && (
        <p className="field-error" id={errorId} role="alert">
          {filterError ? filterError.detail ?? filterError.title : windowProblem}
        </p>
      )}
    </div>
  );
}
