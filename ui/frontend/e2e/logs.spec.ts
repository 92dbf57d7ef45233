import { expect, test, type Page } from '@playwright/test';
import { ScriptedAgent, type LogLine } from './agent';
import { admin, createDeployment, createTarget, eventually, newRevision } from './hub';
import { screenshot, signIn } from './session';

// The log viewer against the real hub: a scripted agent sends agent and container logs and status reports
// over the agent protocol; the browser shows, filters, pins and pages them.

const unique = (name: string) => `${name}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;
/** `n` seconds before now, as the agent would stamp a line */
const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

const listRows = (page: Page) => page.locator('.log-rows').getByRole('row');
const pinnedRows = (page: Page) => page.getByRole('rowgroup', { name: 'Pinned lines' }).getByRole('row');
const viewMenu = (page: Page) => page.getByRole('combobox', { name: 'View' });
const filterField = (page: Page) => page.getByRole('searchbox', { name: 'Filter' });

async function connectedAgent(name: string) {
  const target = await createTarget(unique(name));
  const agent = new ScriptedAgent(target.id, target.targetSecret);
  expect(await agent.heartbeat()).toBe(200);
  return { target, agent };
}

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test('agent logs appear; a text filter narrows them and a reload keeps it', async ({ page }) => {
  const { target, agent } = await connectedAgent('logs-agent');
  expect(await agent.logs([
    { timestamp: ago(50), severity: 'INFO', body: 'agent 1.0.0 started' },
    { timestamp: ago(40), severity: 'INFO', body: 'reconciling 2 deployments' },
    { timestamp: ago(30), severity: 'WARN', body: 'docker engine slow to answer (2.1 s)' },
    { timestamp: ago(20), severity: 'ERROR', body: 'pull failed: connection refused by registry.example.com' },
    { timestamp: ago(10), severity: 'INFO', body: 'Connection to hub re-established' },
  ])).toBe(200);

  await page.goto(`/targets/${target.id}/logs?view=agent`);
  await expect(listRows(page)).toHaveCount(5);
  // newest first, with local time to the millisecond
  await expect(listRows(page).first()).toContainText('Connection to hub re-established');
  await expect(listRows(page).last()).toContainText('agent 1.0.0 started');
  await expect(listRows(page).first().getByRole('cell').first()).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
  await expect(page.getByText('5 lines loaded')).toBeVisible();
  await expect(page.getByText(/Refreshing in \d+ s/)).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Target' })).toHaveValue(target.id);
  await screenshot(page, 'log-viewer-agent');

  // plain text matches in any case
  await filterField(page).fill('connection');
  await expect(listRows(page)).toHaveCount(2);
  await expect(page).toHaveURL(/q=connection/);

  await page.reload();
  await expect(filterField(page)).toHaveValue('connection');
  await expect(listRows(page)).toHaveCount(2);
  await expect(listRows(page).first()).toContainText('re-established');

  await filterField(page).fill('');
  await expect(listRows(page)).toHaveCount(5);
});

test('a regular expression narrows the lines, and an invalid one shows the parser\'s message', async ({ page }) => {
  const { target, agent } = await connectedAgent('logs-regex');
  expect(await agent.logs([
    { timestamp: ago(30), severity: 'INFO', body: 'request 17 took 35 ms' },
    { timestamp: ago(20), severity: 'ERROR', body: 'request 18 timed out after 30000 ms' },
    { timestamp: ago(10), severity: 'ERROR', body: 'request 19 refused' },
  ])).toBe(200);

  await page.goto(`/targets/${target.id}/logs`);
  await expect(listRows(page)).toHaveCount(3);
  // the switch follows the URL, which the router updates in a transition: click, then wait for it
  await page.getByRole('switch', { name: 'Regex' }).click();
  await expect(page.getByRole('switch', { name: 'Regex' })).toBeChecked();
  await filterField(page).fill('request 1[89] (timed|refused)');
  await expect(listRows(page)).toHaveCount(2);
  await expect(page).toHaveURL(/regex=1/);

  await filterField(page).fill('took (');
  await expect(page.getByRole('alert')).toContainText('missing closing )');
  await expect(filterField(page)).toHaveAttribute('aria-invalid', 'true');
  await expect(listRows(page)).toHaveCount(0);

  // a deep link with a regex opens exactly that
  await filterField(page).fill('\\d{5} ms$');
  await expect(listRows(page)).toHaveCount(1);
  await page.reload();
  await expect(page.getByRole('switch', { name: 'Regex' })).toBeChecked();
  await expect(filterField(page)).toHaveValue('\\d{5} ms$');
  await expect(listRows(page)).toHaveCount(1);
  await expect(listRows(page).first()).toContainText('timed out after 30000 ms');
});

test('container logs appear under their resource, with resource and revision; a reload keeps the view', async ({ page }) => {
  const { target, agent } = await connectedAgent('logs-container');
  const deployment = await createDeployment(target.id, 'shop');
  const line = (seconds: number, resource: string, severity: string, body: string): LogLine => (
    { deploymentId: deployment.id, revisionId: deployment.revisionId, resource, timestamp: ago(seconds), severity, body });
  expect(await agent.logs([
    line(30, 'backend-1', 'stdout', 'listening on :8080'),
    line(20, 'backend-1', 'stderr', 'GET /cart 500 upstream closed'),
    line(25, 'proxy-1', 'stdout', 'proxy ready'),
  ])).toBe(200);
  await eventually(() => admin(`GET`, `/api/v1/deployments/${deployment.id}/resources`),
    (r) => r.active.length === 2);

  await page.goto(`/targets/${target.id}/logs?view=agent`);
  await expect(viewMenu(page).getByRole('option', { name: 'backend-1' })).toBeAttached();
  await viewMenu(page).selectOption({ label: 'backend-1' });
  await expect(page).toHaveURL(new RegExp(`view=resource&deployment=${deployment.id}&resource=backend-1`));
  await expect(listRows(page)).toHaveCount(2);
  const newest = listRows(page).first();
  await expect(newest).toContainText('GET /cart 500 upstream closed');
  await expect(newest).toContainText('backend-1');
  await expect(newest).toContainText(deployment.revisionId.slice(0, 8));
  await expect(newest).toHaveClass(/tone-error/);
  await expect(page.getByText('proxy ready')).toHaveCount(0);

  await page.reload();
  await expect(viewMenu(page)).toHaveValue(`resource:${deployment.id}:backend-1`);
  await expect(listRows(page)).toHaveCount(2);
  const exportLink = page.getByRole('link', { name: 'Export' });
  await expect(exportLink).toHaveAttribute('href', `/api/v1/deployments/${deployment.id}/logs/export?resource=backend-1`);
  const exported = await page.request.get((await exportLink.getAttribute('href'))!);
  expect(exported.ok()).toBe(true);
  expect(await exported.text()).toContain('upstream closed');
});

test('a pinned row stays on top while scrolling far through thousands of lines', async ({ page }) => {
  const { target, agent } = await connectedAgent('logs-pins');
  const deployment = await createDeployment(target.id, 'busy');
  const total = 3_000;
  const start = Date.now() - total * 10 - 60_000;
  for (let batch = 0; batch < total / 1500; batch++) {
    const records: LogLine[] = [];
    for (let i = batch * 1500; i < (batch + 1) * 1500; i++) {
      records.push({ deploymentId: deployment.id, revisionId: deployment.revisionId, resource: 'web-1',
        timestamp: new Date(start + i * 10).toISOString(), severity: i % 97 === 0 ? 'stderr' : 'stdout',
        body: `line ${String(i).padStart(4, '0')} handled GET /api/items/${i} in ${i % 50} ms` });
    }
    expect(await agent.logs(records)).toBe(200);
  }

  await page.goto(`/targets/${target.id}/logs?view=resource&deployment=${deployment.id}&resource=web-1`);
  const row = listRows(page).filter({ hasText: 'line 2995 ' });
  await expect(row).toBeVisible();
  await row.hover();
  await row.getByRole('button', { name: 'Pin line' }).click();
  await expect(pinnedRows(page)).toHaveCount(1);
  await expect(pinnedRows(page).first()).toContainText('line 2995');
  // by keyboard: Tab from a line's text reaches its thumbtack
  const second = listRows(page).filter({ hasText: 'line 2990 ' });
  await second.getByRole('button', { name: /line 2990 / }).focus();
  await page.keyboard.press('Tab');
  await expect(second.getByRole('button', { name: 'Pin line' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(pinnedRows(page)).toHaveCount(2);
  await screenshot(page, 'log-viewer-container-pinned');

  // scroll to the far end: older pages load on the way (the list holds ~40 rows in the DOM, not 3,000)
  const scroller = page.getByRole('table', { name: 'Log lines' });
  await expect(async () => {
    await scroller.evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await expect(page.getByText('3,000 lines loaded')).toBeVisible({ timeout: 1000 });
  }).toPass();
  await scroller.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await expect(listRows(page).filter({ hasText: 'line 0000 ' })).toBeVisible();
  expect(await listRows(page).count()).toBeLessThan(200);
  await expect(listRows(page).filter({ hasText: 'line 2995 ' })).toHaveCount(0);
  await expect(pinnedRows(page).first()).toBeInViewport();
  await expect(pinnedRows(page).first()).toContainText('line 2995');
  await expect(page.getByText('No older lines in this window.')).toBeVisible();

  await pinnedRows(page).first().getByRole('button', { name: 'Unpin line' }).click();
  await expect(pinnedRows(page)).toHaveCount(1);
  await expect(pinnedRows(page).first()).toContainText('line 2990');

  // mid-list, Tab walks the lines in screen order, across more rows than the list keeps elements for (it
  // reuses row elements out of screen order while nobody is in it)
  await scroller.evaluate((el) => { el.scrollTop = 1500 * 26; });
  const middle = listRows(page).filter({ hasText: 'line 1490 ' });
  await middle.getByRole('button', { name: /line 1490 / }).focus();
  const focusedLine = () => page.evaluate(() =>
    Number(document.activeElement?.closest('[role=row]')?.textContent?.match(/line (\d{4})/)?.[1] ?? -1));
  const walked = [1490];
  for (let presses = 0; walked.length < 70 && presses < 350; presses++) {
    await page.keyboard.press('Tab');
    const line = await focusedLine();
    if (line !== walked[walked.length - 1]) walked.push(line);
  }
  expect(walked).toEqual(Array.from({ length: 70 }, (_, i) => 1490 - i));
});

test('a resource that logged only in revision 1 is archived after 6 revisions and listed only on request', async ({ page }) => {
  const { target, agent } = await connectedAgent('logs-archived');
  const deployment = await createDeployment(target.id, 'app', '1.0.0');
  const revisions = [deployment.revisionId];
  const record = (revisionId: string, resource: string, body: string): LogLine => (
    { deploymentId: deployment.id, revisionId, resource, timestamp: ago(60 - revisions.length), severity: 'stdout', body });
  expect(await agent.logs([record(revisions[0], 'worker-1', 'worker of revision 1'),
    record(revisions[0], 'web-1', 'web of revision 1')])).toBe(200);
  for (let n = 2; n <= 6; n++) {
    revisions.push((await newRevision(deployment.id, `1.0.${n}`)).revisionId);
    expect(await agent.logs([record(revisions[n - 1], 'web-1', `web of revision ${n}`)])).toBe(200);
  }
  await eventually(() => admin('GET', `/api/v1/deployments/${deployment.id}/resources`),
    (r) => r.archived.some((x: { name: string }) => x.name === 'worker-1') && r.active.some((x: { name: string }) => x.name === 'web-1'));

  await page.goto(`/targets/${target.id}/logs?view=status&deployment=${deployment.id}`);
  await expect(viewMenu(page).getByRole('option', { name: 'web-1' })).toBeAttached();
  await expect(viewMenu(page).locator('option', { hasText: 'worker-1' })).toHaveCount(0);

  await viewMenu(page).selectOption({ label: 'Show archived resources' });
  await expect(page).toHaveURL(/archived=1/);
  await expect(viewMenu(page).getByRole('option', { name: 'worker-1 (archived)' })).toBeAttached();
  await expect(viewMenu(page)).toHaveValue(`status:${deployment.id}`);
  await viewMenu(page).selectOption({ label: 'worker-1 (archived)' });
  await expect(listRows(page)).toHaveCount(1);
  await expect(listRows(page).first()).toContainText('worker of revision 1');
  await expect(listRows(page).first()).toContainText(revisions[0].slice(0, 8));

  await viewMenu(page).selectOption({ label: 'Hide archived resources' });
  await expect(page).not.toHaveURL(/archived=1/);
  // the archived resource on screen stays named in the menu
  await expect(viewMenu(page)).toHaveValue(`resource:${deployment.id}:worker-1`);
});

test('the status history of a deployment shows each reported status with its message', async ({ page }) => {
  const { target, agent } = await connectedAgent('logs-status');
  const deployment = await createDeployment(target.id, 'billing');
  const report = async (status: 'PROGRESSING' | 'HEALTHY' | 'ERROR', message: string) => {
    expect(await agent.heartbeat({ deploymentId: deployment.id, revisionId: deployment.revisionId, status, message })).toBe(200);
    await eventually(() => admin('GET', `/api/v1/targets/${target.id}`),
      (t) => t.deployments.some((d: { id: string; status: string; message: string }) =>
        d.id === deployment.id && d.status === status && d.message === message));
  };
  await report('PROGRESSING', 'pulling 3 images');
  await report('HEALTHY', 'all 3 healthchecks pass');
  await report('ERROR', 'healthcheck api failed: GET /health answered 503');

  await page.goto(`/targets/${target.id}/logs?view=status&deployment=${deployment.id}`);
  await expect(viewMenu(page)).toHaveValue(`status:${deployment.id}`);
  const error = listRows(page).filter({ hasText: 'GET /health answered 503' });
  await expect(error).toBeVisible();
  await expect(error.getByRole('img', { name: 'Error' })).toBeVisible();
  await expect(error).toContainText('Error');
  await expect(listRows(page).filter({ hasText: 'all 3 healthchecks pass' })).toContainText('Healthy');
  await expect(listRows(page).filter({ hasText: 'pulling 3 images' })).toContainText('Progressing');
  await expect(page.getByRole('switch', { name: 'Live tail' })).toBeDisabled();
  await expect(page.getByRole('link', { name: 'Export' })).toHaveCount(0);
  await screenshot(page, 'log-viewer-status-history');

  // silence turns the deployment Stale (stale-after is 4 s here): the 10 s refresh brings the transition
  await expect(listRows(page).filter({ has: page.getByRole('img', { name: 'Stale' }) }).first()).toBeVisible({ timeout: 30_000 });
});

test('the live tail shows new lines as they arrive, and pausing stops it', async ({ page }) => {
  const { target, agent } = await connectedAgent('logs-live');
  expect(await agent.logs([{ timestamp: ago(5), severity: 'INFO', body: 'before the tail' }])).toBe(200);

  await page.goto(`/targets/${target.id}/logs?view=agent`);
  await expect(listRows(page)).toHaveCount(1);
  // the switch follows the URL, which the router updates in a transition: click, then wait for it
  await page.getByRole('switch', { name: 'Live tail' }).click();
  await expect(page.getByRole('switch', { name: 'Live tail' })).toBeChecked();
  await expect(page).toHaveURL(/live=1/);
  await expect(page.locator('.update-state')).toHaveText('Live');
  expect(await agent.logs([{ timestamp: new Date().toISOString(), severity: 'WARN', body: 'arrived while tailing' }])).toBe(200);
  await expect(listRows(page).first()).toContainText('arrived while tailing');
  await expect(listRows(page)).toHaveCount(2);

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.locator('.update-state')).toHaveText('Live tail paused');
  await expect(page).toHaveURL(/paused=1/);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.locator('.update-state')).toHaveText('Live');
  await expect(listRows(page)).toHaveCount(2);
});
