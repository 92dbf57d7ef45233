// The rows, virtualised: only what is on screen (plus a margin) is in the DOM, so 100,000 lines scroll as
// smoothly as 100. Rows have one fixed height and end in an ellipsis; a click on the text expands a row
// (that row alone is measured). Pinned rows sit in a sticky block at the top of the scroller. Near the
// end the next older page is asked for.
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Dot } from '../../components/Dot';
import { ErrorNote } from '../../components/Feedback';
import { deploymentPresentation } from '../../status';
import { lineText, severityTone, type Row } from './rows';
import { formatLocal } from './timeRange';
import type { ViewKind } from './viewState';
import { copyText } from '../../components/clipboard';

export const ROW_HEIGHT = 26;
/** ask for the next older page when this few rows are left below the screen */
const LOAD_AHEAD = 300;
/** a collapsed row shows this much of a long line; the rest is a click away */
const COLLAPSED_CHARS = 2_000;

interface Props {
  kind: ViewKind;
  rows: Row[];
  pins: Row[];
  onTogglePin: (row: Row) => void;
  hasOlder: boolean;
  loadingOlder: boolean;
  olderError: unknown;
  onLoadOlder: () => void;
  /** rows added above the previous head: the reader's place moves down by as many */
  anchor: { added: number; seq: number };
  /** shown instead of rows when there are none (loading, empty, error) */
  placeholder: ReactNode;
}

const COLUMNS: Record<ViewKind, string[]> = {
  agent: ['Time', 'Level', 'Message'],
  resource: ['Time', 'Stream', 'Resource', 'Revision', 'Message'],
  status: ['Time', 'Status', 'Revision', 'Message'],
};

export function LogList({ kind, rows, pins, onTogglePin, hasOlder, loadingOlder, olderError, onLoadOlder, anchor,
                          placeholder }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const stickyRef = useRef<HTMLDivElement>(null);
  const [stickyHeight, setStickyHeight] = useState(ROW_HEIGHT);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [copied, setCopied] = useState<string | null>(null);
  // the row under the pointer and the row holding focus get their thumbtack and copy button; the others
  // leave them out, which keeps the rows that scroll into view cheap to build
  const [hovered, setHovered] = useState<string | null>(null);
  const [focused, setFocused] = useState<string | null>(null);
  const onCopy = useCallback((row: Row) => {
    void copyText(lineText(row)).then(() => {
      setCopied(row.id);
      setTimeout(() => setCopied((id) => (id === row.id ? null : id)), 1500);
    });
  }, []);
  const pinnedIds = new Set(pins.map((pin) => pin.id));

  useLayoutEffect(() => {
    const sticky = stickyRef.current;
    if (!sticky) return;
    const observer = new ResizeObserver(() => setStickyHeight(sticky.offsetHeight));
    observer.observe(sticky);
    setStickyHeight(sticky.offsetHeight);
    return () => observer.disconnect();
  }, []);

  const getItemKey = useCallback((index: number) => rows[index]?.id ?? index, [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey,
    // rows render in the scroll event's frame (flushSync), so a small margin is enough; fewer rows, less paint
    overscan: 6,
    scrollMargin: stickyHeight,
    scrollPaddingStart: stickyHeight,
  });
  const items = virtualizer.getVirtualItems();
  // A fixed number of row slots, keyed by index modulo their count: the rows rendered are always the `pool`
  // lines from the first one on screen, in slot order, so a row scrolling out hands its DOM element to the
  // row scrolling in (new text; nothing created, removed or moved — p95 frame time 16.8 → 10.5 ms in
  // the benchmark). The pool only grows (a taller window), so keys stay put while scrolling. The cost: the DOM
  // order is the screen order rotated; aria-rowindex gives each row its place, and while focus is in the
  // list the rows are kept in screen order so Tab walks them top to bottom.
  const poolRef = useRef(64);
  if (items.length > poolRef.current) poolRef.current = 1 << Math.ceil(Math.log2(items.length));
  const pool = poolRef.current;
  const firstIndex = items.length ? items[0].index : 0;
  const rendered = virtualizer.measurementsCache.slice(firstIndex, Math.min(rows.length, firstIndex + pool));
  if (focused === null) rendered.sort((a, b) => (a.index % pool) - (b.index % pool));

  // keep the reader's place when newer rows are put above it; at the very top, show them
  const lastAnchor = useRef(anchor.seq);
  useLayoutEffect(() => {
    if (anchor.seq === lastAnchor.current) return;
    lastAnchor.current = anchor.seq;
    const scroller = scrollRef.current;
    if (scroller && scroller.scrollTop > 1) scroller.scrollTop += anchor.added * ROW_HEIGHT;
  }, [anchor]);

  const lastIndex = items.length ? items[items.length - 1].index : -1;
  useEffect(() => {
    if (hasOlder && !loadingOlder && !olderError && rows.length > 0 && lastIndex >= rows.length - LOAD_AHEAD) {
      onLoadOlder();
    }
  }, [lastIndex, rows.length, hasOlder, loadingOlder, olderError, onLoadOlder]);

  const toggleExpanded = useCallback((row: Row, index: number) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(row.id)) {
        next.delete(row.id);
        virtualizer.resizeItem(index, ROW_HEIGHT);
      } else {
        next.add(row.id);
      }
      return next;
    });
  }, [virtualizer]);

  const columns = COLUMNS[kind];
  return (
    <div className={`log-scroller kind-${kind}`} ref={scrollRef} role="table" aria-label="Log lines"
         aria-rowcount={rows.length + 1} tabIndex={-1}>
      <div className="log-sticky" ref={stickyRef}>
        <div className="log-row log-head" role="row" aria-rowindex={1}>
          {columns.map((name) => <span role="columnheader" key={name}>{name}</span>)}
          <span role="columnheader" className="cell-pin"><span className="sr-only">Pin</span></span>
          <span role="columnheader" className="cell-actions"><span className="sr-only">Actions</span></span>
        </div>
        {pins.length > 0 && (
          <div className="log-pins" role="rowgroup" aria-label="Pinned lines">
            {pins.map((row) => (
              <LogRow key={row.id} row={row} kind={kind} index={-1} pinned expanded={false} inPins active
                      copied={copied === row.id} onCopy={onCopy} onTogglePin={onTogglePin} />
            ))}
          </div>
        )}
      </div>
      {rows.length === 0 ? placeholder : (
        <div className="log-rows" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
          {rendered.map((item) => {
            const row = rows[item.index];
            const isExpanded = expanded.has(row.id);
            return (
              // keyed by slot, not by line: see `pool`
              <LogRow key={item.index % pool} row={row} kind={kind} index={item.index} start={item.start - stickyHeight}
                      pinned={pinnedIds.has(row.id)} expanded={isExpanded}
                      measure={isExpanded ? virtualizer.measureElement : undefined} copied={copied === row.id}
                      active={hovered === row.id || focused === row.id} onHover={setHovered} onFocusRow={setFocused}
                      onCopy={onCopy} onTogglePin={onTogglePin} onToggleExpanded={toggleExpanded} />
            );
          })}
        </div>
      )}
      {rows.length > 0 && (
        <div className="log-end">
          {loadingOlder ? <span className="muted"><span className="spinner" aria-hidden="true" /> Loading older lines…</span>
            : olderError ? <ErrorNote error={olderError} action={<button type="button" onClick={onLoadOlder}>Try again</button>} />
            : hasOlder ? <button type="button" onClick={onLoadOlder}>Load older lines</button>
            : <span className="muted">{kind === 'status' ? 'No earlier transitions in this window.' : 'No older lines in this window.'}</span>}
        </div>
      )}
    </div>
  );
}

interface RowProps {
  row: Row;
  kind: ViewKind;
  index: number;
  start?: number;
  pinned: boolean;
  expanded: boolean;
  inPins?: boolean;
  measure?: (node: HTMLDivElement | null) => void;
  copied: boolean;
  /** hovered or focused: shows the row's buttons */
  active: boolean;
  onHover?: (id: string | null) => void;
  onFocusRow?: (id: string | null) => void;
  onCopy: (row: Row) => void;
  onTogglePin: (row: Row) => void;
  onToggleExpanded?: (row: Row, index: number) => void;
}

// kept lean: every row that scrolls into view is built within the frame
const LogRow = memo(function LogRow({ row, kind, index, start, pinned, expanded, inPins, measure, copied, active,
                                      onHover, onFocusRow, onCopy, onTogglePin, onToggleExpanded }: RowProps) {
  const actions = active || copied;
  const tone = severityTone(row.severity);
  const body = expanded || row.body.length <= COLLAPSED_CHARS ? row.body : row.body.slice(0, COLLAPSED_CHARS) + '…';
  const className = ['log-row', tone ? `tone-${tone}` : '', pinned ? 'pinned' : '', expanded ? 'expanded' : '']
    .filter(Boolean).join(' ');
  return (
    <div className={className} role="row" data-index={index} ref={measure} aria-rowindex={index >= 0 ? index + 2 : undefined}
         style={start === undefined ? undefined : { transform: `translateY(${start}px)` }}
         onMouseEnter={onHover && (() => onHover(row.id))} onMouseLeave={onHover && (() => onHover(null))}
         onFocus={onFocusRow && (() => onFocusRow(row.id))}
         onBlur={onFocusRow && ((e) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) onFocusRow(null); })}>
      <span role="cell" className="cell-time" title={row.at}>{formatLocal(row.at)}</span>
      {kind === 'status' ? (
        <StatusCell row={row} />
      ) : (
        <span role="cell" className="cell-severity">{row.severity ?? ''}</span>
      )}
      {kind === 'resource' && <span role="cell" className="cell-resource" title={row.resource ?? ''}>{row.resource}</span>}
      {kind !== 'agent' && (
        <span role="cell" className="cell-revision mono" title={row.revisionId ? `Revision ${row.revisionId}` : undefined}>
          {row.revisionId ? row.revisionId.slice(0, 8) : ''}
        </span>
      )}
      <span role="cell" className="cell-body">
        {inPins || !onToggleExpanded ? (
          <span className="body-text">{body}</span>
        ) : (
          <button type="button" className="body-text" aria-expanded={expanded}
                  title={expanded ? 'Click to collapse' : 'Click to show the whole line'}
                  onClick={() => onToggleExpanded(row, index)}>
            {body || <span className="muted">(empty)</span>}
          </button>
        )}
      </span>
      {/* after the text, so Tab goes line, thumbtack, copy; the grid shows the thumbtack first */}
      <span role="cell" className="cell-pin">
        {(actions || pinned) && (
          <button type="button" className="pin-button" aria-pressed={pinned}
                  aria-label={pinned ? 'Unpin line' : 'Pin line'} title={pinned ? 'Unpin' : 'Pin to the top'}
                  onClick={() => onTogglePin(row)} />
        )}
      </span>
      <span role="cell" className="cell-actions">
        {actions && (
          <button type="button" aria-label="Copy line to clipboard" onClick={() => onCopy(row)}>{copied ? 'Copied' : 'Copy'}</button>
        )}
      </span>
    </div>
  );
});

function StatusCell({ row }: { row: Row }) {
  const p = row.status ? deploymentPresentation(row.status) : null;
  const was = row.previousStatus ? deploymentPresentation(row.previousStatus).label : null;
  return (
    <span role="cell" className="cell-status" title={was ? `Was ${was}` : undefined}>
      {p && <Dot tone={p.tone} label={p.label} title={p.meaning} />}
      <span>{p?.label}</span>
    </span>
  );
}
