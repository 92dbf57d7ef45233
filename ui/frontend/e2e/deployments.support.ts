// Shared by the deployments, reconnect and portal specs: an agent that keeps heartbeating until stopped,
// and finding one target's card through the search box (the list is virtualised: only rows on screen exist).
import { expect, type Locator, type Page } from '@playwright/test';
import { ScriptedAgent, type Report } from './agent';
import { admin } from './hub';
import { screenshot } from './session';

export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;
}

/** Heartbeats every `everyMs` with the given reports (changeable) until `stop()`; resolves its first beat. */
export async function beating(agent: ScriptedAgent, reports: Report[] = [], everyMs = 700) {
  let current = reports;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const beat = async () => {
    if (stopped) return;
    await agent.heartbeat(...current).catch(() => 0);
    if (!stopped) timer = setTimeout(() => void beat(), everyMs);
  };
  expect(await agent.heartbeat(...current)).toBe(200);
  timer = setTimeout(() => void beat(), everyMs);
  return {
    report(next: Report[]) { current = next; },
    stop() { stopped = true; if (timer) clearTimeout(timer); },
  };
}

/** Types the name into the search box and answers that target's card. */
export async function findTarget(page: Page, name: string): Promise<Locator> {
  await page.getByRole('searchbox', { name: 'Search targets' }).fill(name);
  const card = page.getByRole('article', { name, exact: true });
  await expect(card).toBeVisible();
  return card;
}

export function targetDot(card: Locator): Locator {
  return card.locator('.target-head > .dot');
}

export async function createCustomer(stamp: string, role: 'CUSTOMER_ADMIN' | 'CUSTOMER_READ_ONLY' = 'CUSTOMER_ADMIN') {
  const organisation = await admin<{ id: string; name: string }>('POST', '/api/v1/organisations', { name: `Org ${stamp}` });
  const user = { name: `customer-${stamp}`, password: 'customer-password-1' };
  await admin('POST', '/api/v1/users', { ...user, role, organisationId: organisation.id });
  return { organisation, user };
}

/** Opens Reconnect from the target's ⋮ menu, checks the warning, confirms, and answers the new command. */
export async function reconnectFromMenu(page: Page, name: string, shot?: string): Promise<string> {
  const card = await findTarget(page, name);
  await card.getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Reconnect' }).click();
  const dialog = page.getByRole('dialog', { name: `Reconnect ${name}` });
  await expect(dialog.getByRole('note')).toContainText('stop working the moment you confirm');
  await expect(dialog.getByRole('note')).toContainText('cannot be undone');
  if (shot) await screenshot(page, shot);
  await dialog.getByRole('button', { name: 'Invalidate and reconnect' }).click();
  const command = dialog.getByTestId('connect-command');
  await expect(command).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Copy command to clipboard' })).toBeVisible();
  await expect(dialog.getByRole('note')).toContainText('only time it is shown');
  const text = (await command.textContent())!;
  if (shot) await screenshot(page, `${shot}-result`);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  return text;
}
