// Everything the log viewer shows is chosen in its URL, so a link or a reload opens the same view:
//   view=status|agent|resource   what to read (agent log of the target, a deployment's status history, or
//                                one container resource of a deployment)
//   deployment=<id>              the deployment (status and resource views)
//   resource=<name>              the container resource (resource view)
//   from, to                     the window: an instant or a relative duration (see timeRange.ts)
//   q, regex=1                   the filter: plain text (any case) or an RE2 regular expression
//   archived=1                   list archived resources in the view menu too
//   live=1                       follow new lines as they arrive (live tail)
//   paused=1                     stop updating (neither the 10 s refresh nor the live tail)
import { normaliseBound } from './timeRange';

export type ViewKind = 'status' | 'agent' | 'resource';

export interface ViewState {
  view: ViewKind;
  deployment: string | null;
  resource: string | null;
  from: string | null;
  to: string | null;
  q: string;
  regex: boolean;
  archived: boolean;
  live: boolean;
  paused: boolean;
}

export const DEFAULT_STATE: ViewState = {
  view: 'agent',
  deployment: null,
  resource: null,
  from: null,
  to: null,
  q: '',
  regex: false,
  archived: false,
  live: false,
  paused: false,
};

const flag = (value: string | null) => value === '1' || value === 'true';

/** Reads a view from a query string; anything missing or inconsistent falls back to what can be shown. */
export function parseViewState(search: string | URLSearchParams): ViewState {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const deployment = params.get('deployment') || null;
  const resource = params.get('resource') || null;
  let view: ViewKind;
  switch (params.get('view')) {
    case 'agent':
      view = 'agent';
      break;
    case 'resource':
      view = deployment && resource ? 'resource' : deployment ? 'status' : 'agent';
      break;
    case 'status':
      view = deployment ? 'status' : 'agent';
      break;
    default:
      view = deployment && resource ? 'resource' : deployment ? 'status' : 'agent';
  }
  return {
    view,
    deployment: view === 'agent' ? null : deployment,
    resource: view === 'resource' ? resource : null,
    from: normaliseBound(params.get('from')),
    to: normaliseBound(params.get('to')),
    q: params.get('q') ?? '',
    regex: flag(params.get('regex')),
    archived: flag(params.get('archived')),
    live: flag(params.get('live')),
    paused: flag(params.get('paused')),
  };
}

/** The query string (without "?") for a view: fixed key order, defaults left out. */
export function serialiseViewState(state: ViewState): string {
  const params = new URLSearchParams();
  params.set('view', state.view);
  if (state.view !== 'agent' && state.deployment) params.set('deployment', state.deployment);
  if (state.view === 'resource' && state.resource) params.set('resource', state.resource);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.q) params.set('q', state.q);
  if (state.regex) params.set('regex', '1');
  if (state.archived) params.set('archived', '1');
  if (state.live) params.set('live', '1');
  if (state.paused) params.set('paused', '1');
  return params.toString();
}

/** What identifies the lines on screen: when it changes, the viewer starts over. */
export function streamKey(targetId: string, state: ViewState): string {
  return [targetId, state.view, state.deployment ?? '', state.resource ?? '', state.from ?? '', state.to ?? '',
    state.regex ? 're' : 'text', state.q].join('\u0000');
}

/** The view menu's value for a view, and back. */
export function viewChoice(state: Pick<ViewState, 'view' | 'deployment' | 'resource'>): string {
  if (state.view === 'status') return `status:${state.deployment}`;
  if (state.view === 'resource') return `resource:${state.deployment}:${state.resource}`;
  return 'agent';
}

export function parseViewChoice(choice: string): Pick<ViewState, 'view' | 'deployment' | 'resource'> | null {
  if (choice === 'agent') return { view: 'agent', deployment: null, resource: null };
  const [kind, deployment, ...rest] = choice.split(':');
  if (kind === 'status' && deployment) return { view: 'status', deployment, resource: null };
  // a resource name may itself contain ':'; deployment ids never do
  if (kind === 'resource' && deployment && rest.length) return { view: 'resource', deployment, resource: rest.join(':') };
  return null;
}
