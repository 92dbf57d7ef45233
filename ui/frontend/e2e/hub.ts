// The hub the browser tests run against, and the API calls tests use to set the scene (as a script would).

export const HUB_PORT = Number(process.env.VIGIL_E2E_PORT ?? 18080);
export const HUB = `http://localhost:${HUB_PORT}`;
export const ADMIN_PASSWORD = 'e2e-admin-password';

export function basic(user: string, password: string): string {
  return 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
}

const ADMIN = basic('admin', ADMIN_PASSWORD);

/** The management API as the vendor admin; throws with the problem detail on a non-2xx answer. */
export async function admin<T = any>(method: string, path: string, body?: unknown, auth = ADMIN): Promise<T> {
  const response = await fetch(HUB + path, {
    method,
    headers: { Authorization: auth, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface Target {
  id: string;
  name: string;
  targetSecret: string;
  connectCommand: string;
}

export async function createTarget(name: string, organisationId?: string): Promise<Target> {
  const target = await admin<Target>('POST', '/api/v1/targets', { name, type: 'DOCKER' });
  if (organisationId) await admin('PUT', `/api/v1/targets/${target.id}/organisation`, { organisationId });
  return target;
}

export async function createDeployment(targetId: string, application: string, version = '1.0.0',
                                       logCollectionEnabled = true): Promise<{ id: string; revisionId: string }> {
  return admin('POST', `/api/v1/targets/${targetId}/deployments`, { application, version, logCollectionEnabled });
}

export async function newRevision(deploymentId: string, version: string): Promise<{ revisionId: string }> {
  return admin('POST', `/api/v1/deployments/${deploymentId}/revisions`, { version });
}

/**
 * Waits until the read model shows what `check` wants (projections follow commands within milliseconds). Until
 * then a read may also fail — a target created a moment ago can still answer 404 — so failures are retried too.
 */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let last: unknown;
    try {
      const value = await read();
      if (check(value)) return value;
      last = JSON.stringify(value);
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${last}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
