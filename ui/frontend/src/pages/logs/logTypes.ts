// Shapes of the log viewer's answers (query side: LogQueries, TargetQueries.StatusTransition).
import type { DeploymentStatus } from '../../types';

/** One stored log line; `id` is stable for the same line whichever read (page, refresh, tail) found it. */
export interface LogLine {
  id: string;
  timestamp: string;
  severity: string | null;
  resource: string;
  revisionId: string | null;
  body: string;
}

/** Newest first; `nextCursor` continues with older lines, `newerCursor` (as `after`) asks for newer ones. */
export interface LogPage {
  items: LogLine[];
  nextCursor: string | null;
  newerCursor: string | null;
}

export interface StatusTransition {
  at: string;
  deploymentId: string;
  targetId: string;
  revisionId: string | null;
  previousStatus: DeploymentStatus | null;
  status: DeploymentStatus;
  message: string | null;
}

export interface StatusHistory {
  items: StatusTransition[];
  nextCursor: string | null;
}

export interface ResourceView {
  name: string;
  revisionIds: string[];
  newestRevisionNumber: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface DeploymentResources {
  active: ResourceView[];
  archived: ResourceView[];
}
