// The one way the UI talks to the hub: same-origin fetch with the session cookie, the CSRF token on every
// change, and RFC 9457 problem answers turned into errors whose message is the API's own words.

const CSRF_KEY = 'vigil.csrf';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly problem: Record<string, unknown> | undefined,
  ) {
    super(detail ?? title);
  }
}

/** Remembered per browser, since a reload must keep working; the session cookie itself is HttpOnly. */
export function setCsrfToken(token: string | null) {
  if (token) localStorage.setItem(CSRF_KEY, token);
  else localStorage.removeItem(CSRF_KEY);
}

let onUnauthorized: () => void = () => {};
export function whenUnauthorized(handler: () => void) {
  onUnauthorized = handler;
}

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json, application/problem+json');
  // tells the hub to answer 401 without a Basic challenge, so the browser never shows its own prompt
  headers.set('X-Requested-With', 'XMLHttpRequest');
  const method = (init.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = localStorage.getItem(CSRF_KEY);
    if (csrf) headers.set('X-CSRF-Token', csrf);
  }
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const response = await fetch(path, { ...init, method, headers, body, credentials: 'same-origin' });
  if (response.status === 401 && path !== '/api/v1/session') onUnauthorized();
  if (!response.ok) throw await problemOf(response);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('Content-Type') ?? '';
  return (type.includes('json') ? response.json() : response.text()) as Promise<T>;
}

export async function problemOf(response: Response): Promise<ApiError> {
  let problem: Record<string, unknown> | undefined;
  try {
    problem = await response.json();
  } catch {
    problem = undefined;
  }
  const title = (problem?.title as string) ?? response.statusText ?? `HTTP ${response.status}`;
  return new ApiError(response.status, title, problem?.detail as string | undefined, problem);
}

/** Query string from the defined values only. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
