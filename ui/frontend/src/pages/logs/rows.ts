// The viewer's rows: log lines and status transitions in one shape, newest first, and the bookkeeping
// that keeps them so while older pages, refreshes and the live tail add to them.
import type { DeploymentStatus } from '../../types';
import type { LogLine, StatusTransition } from './logTypes';

export interface Row {
  /** unique within the view: the line's id, or the transition's time and statuses */
  id: string;
  at: string;
  /** epoch milliseconds and the nanoseconds below them: the sort key */
  ms: number;
  subMs: number;
  severity: string | null;
  resource: string | null;
  revisionId: string | null;
  body: string;
  status?: DeploymentStatus;
  previousStatus?: DeploymentStatus | null;
}

/** Epoch milliseconds and the remaining nanoseconds of an RFC 3339 instant (fractions up to 9 digits). */
export function timeKey(iso: string): [number, number] {
  const ms = Date.parse(iso);
  const fraction = /\.(\d+)/.exec(iso);
  const subMs = fraction ? Number(fraction[1].padEnd(9, '0').slice(3, 9)) : 0;
  return [ms, subMs];
}

export function rowOfLine(line: LogLine): Row {
  const [ms, subMs] = timeKey(line.timestamp);
  return {
    id: line.id,
    at: line.timestamp,
    ms,
    subMs,
    severity: line.severity,
    resource: line.resource,
    revisionId: line.revisionId,
    body: line.body ?? '',
  };
}

export function rowOfTransition(t: StatusTransition): Row {
  const [ms, subMs] = timeKey(t.at);
  return {
    id: `${t.at}|${t.previousStatus ?? ''}|${t.status}|${t.revisionId ?? ''}`,
    at: t.at,
    ms,
    subMs,
    severity: t.status === 'ERROR' ? 'ERROR' : null,
    resource: null,
    revisionId: t.revisionId,
    body: t.message ?? '',
    status: t.status,
    previousStatus: t.previousStatus,
  };
}

/** Newer first; 0 when at the same instant. */
export function newerFirst(a: Row, b: Row): number {
  return b.ms - a.ms || b.subMs - a.subMs;
}

export interface Buffer {
  rows: Row[];
  ids: ReadonlySet<string>;
}

export const EMPTY_BUFFER: Buffer = { rows: [], ids: new Set() };

/** Adds an older page at the end, skipping rows already there. */
export function appendOlder(buffer: Buffer, older: Row[]): Buffer {
  const fresh = older.filter((row) => !buffer.ids.has(row.id));
  if (!fresh.length) return buffer;
  const ids = new Set(buffer.ids);
  const unique = fresh.filter((row) => !ids.has(row.id) && (ids.add(row.id), true));
  return { rows: buffer.rows.concat(unique), ids };
}

/**
 * Adds rows that arrived since (a refresh, the live tail, in any order), skipping rows already there, and
 * keeps newest first: the new rows are merged into the head of the buffer. `added` says how many rows now
 * sit above the rows that were there (the viewer keeps a reader's place by that much).
 */
export function mergeNewer(buffer: Buffer, newer: Row[]): { buffer: Buffer; added: number } {
  const ids = new Set(buffer.ids);
  const fresh: Row[] = [];
  for (const row of newer) {
    if (!ids.has(row.id)) {
      ids.add(row.id);
      fresh.push(row);
    }
  }
  if (!fresh.length) return { buffer, added: 0 };
  fresh.sort(newerFirst);
  const old = buffer.rows;
  const head: Row[] = [];
  let i = 0;
  let j = 0;
  // fresh rows are nearly always newer than everything held: the merge touches only the head
  while (i < fresh.length) {
    if (j < old.length && newerFirst(old[j], fresh[i]) < 0) head.push(old[j++]);
    else head.push(fresh[i++]);
  }
  return { buffer: { rows: head.concat(j ? old.slice(j) : old), ids }, added: fresh.length };
}

export type Tone = 'error' | 'warn' | null;

/** Severity colours the line: stderr and error levels red, warnings amber, the rest plain. */
export function severityTone(severity: string | null | undefined): Tone {
  const s = (severity ?? '').toLowerCase();
  if (['stderr', 'error', 'err', 'fatal', 'critical', 'crit', 'alert', 'emerg', 'emergency', 'panic', 'severe'].includes(s)) {
    return 'error';
  }
  if (s === 'warn' || s === 'warning') return 'warn';
  return null;
}

/** The text a copy puts on the clipboard: time, severity, resource and body, as the export writes them. */
export function lineText(row: Row): string {
  const parts = [row.at];
  if (row.status) {
    parts.push(row.status);
  } else {
    parts.push(row.severity ?? '-');
    if (row.resource) parts.push(row.resource);
  }
  if (row.body) parts.push(row.body);
  return parts.join(' ');
}
