import { expect, test } from '@playwright/test';
import { ScriptedAgent } from './agent';
import { admin, createDeployment, createTarget, eventually } from './hub';
import { screenshot, signIn } from './session';
import { beating, findTarget, targetDot, unique } from './deployments.support';

test('a target created in the UI shows its connect command once, then goes grey → green with heartbeats → yellow in silence',
  async ({ page }) => {
    const name = unique('e2e-new');
    await signIn(page);
    await page.getByRole('button', { name: '+ Create target' }).click();
    const form = page.getByRole('dialog', { name: 'Create deployment target' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Docker').check();
    await form.getByRole('button', { name: 'Create target', exact: true }).click();

    const result = page.getByRole('dialog', { name: `Target ${name} created` });
    await expect(result.getByRole('note')).toContainText('only time it is shown');
    const command = (await result.getByTestId('connect-command').textContent())!;
    const secret = (await result.getByTestId('target-secret').textContent())!;
    expect(command).toContain('docker compose');
    expect(command).toContain(secret);
    await expect(result.getByRole('button', { name: 'Copy command to clipboard' })).toBeVisible();
    await expect(result.getByRole('button', { name: 'Copy secret to clipboard' })).toBeVisible();
    await screenshot(page, 'create-target-result');
    await result.getByRole('button', { name: 'Done' }).click();
    await expect(result).toBeHidden();
    await expect(page.getByText(secret)).toHaveCount(0); // shown once: gone with the dialog

    const card = await findTarget(page, name);
    await expect(targetDot(card)).toHaveAttribute('data-tone', 'grey');
    await expect(targetDot(card)).toHaveAttribute('aria-label', 'Not connected');
    await expect(targetDot(card)).toHaveAttribute('title', /Not connected: .* Never seen\./);

    const targetId = new URL(command.match(/'([^']+)'/)![1]).searchParams.get('targetId')!;
    const agent = new ScriptedAgent(targetId, secret, '2.3.4');
    const beats = await beating(agent);
    await expect(targetDot(card)).toHaveAttribute('data-tone', 'green'); // no reload: the view polls
    await expect(targetDot(card)).toHaveAttribute('aria-label', 'Connected');
    await expect(targetDot(card)).toHaveAttribute('title', /Connected: .* Last seen \d+ s ago/);
    await expect(card).toContainText('Agent 2.3.4');

    beats.stop(); // silence: stale after 4 s in the test hub
    await expect(targetDot(card)).toHaveAttribute('data-tone', 'yellow', { timeout: 20_000 });
    await expect(targetDot(card)).toHaveAttribute('aria-label', 'Stale');
  });

test('deployment statuses show with labels and messages, and a status label opens that deployment\'s status history',
  async ({ page }) => {
    const name = unique('e2e-status');
    const target = await createTarget(name);
    const shop = await createDeployment(target.id, 'shop', '1.4.2');
    const billing = await createDeployment(target.id, 'billing', '3.0.0');
    const search = await createDeployment(target.id, 'search', '0.9.1');
    await createDeployment(target.id, 'zz-quiet', '1.0.0');
    const agent = new ScriptedAgent(target.id, target.targetSecret);
    const beats = await beating(agent, [
      { deploymentId: shop.id, revisionId: shop.revisionId, status: 'HEALTHY', message: 'all 3 containers healthy' },
      { deploymentId: billing.id, revisionId: billing.revisionId, status: 'ERROR', message: 'billing-db-1 exited with code 1' },
      { deploymentId: search.id, revisionId: search.revisionId, status: 'PROGRESSING', message: 'pulling images' },
    ]);
    try {
      await signIn(page);
      const card = await findTarget(page, name);
      const row = (application: string) => card.getByRole('listitem').filter({ hasText: application });
      await expect(row('shop').getByRole('link', { name: 'Healthy' })).toBeVisible();
      await expect(row('shop')).toContainText('all 3 containers healthy');
      await expect(row('shop')).toContainText('1.4.2');
      await expect(row('shop')).toContainText('rev 1');
      await expect(row('billing').getByRole('img', { name: 'Error' })).toHaveAttribute('data-tone', 'red');
      await expect(row('billing')).toContainText('billing-db-1 exited with code 1');
      await expect(row('search').getByRole('link', { name: 'Progressing' })).toBeVisible();
      await expect(row('search').getByRole('img', { name: 'Progressing' })).toHaveAttribute('data-tone', 'blue');
      await expect(row('zz-quiet').getByRole('link', { name: 'No status' })).toBeVisible();
      await expect(row('shop')).toContainText(/since \d+ s ago/);

      // the summary counts the whole fleet and filters by a colour
      await page.getByRole('searchbox', { name: 'Search targets' }).fill('');
      const errors = page.getByRole('group', { name: 'Deployments by status' }).getByRole('button', { name: /Error/ });
      await expect(errors).toBeVisible();
      await page.getByRole('searchbox', { name: 'Search targets' }).fill(name);
      await screenshot(page, 'deployments');
      await errors.click();
      await expect(errors).toHaveAttribute('aria-pressed', 'true');
      await expect(page).toHaveURL(/status=deployment%3AERROR/);
      await expect(card).toBeVisible();

      await row('billing').getByRole('link', { name: 'Error' }).click();
      await expect(page).toHaveURL(`/targets/${target.id}/logs?view=status&deployment=${billing.id}`);
    } finally {
      beats.stop();
    }
  });

test('the deployments view as a whole, with several targets in different states', async ({ page }) => {
  const stamp = unique('e2e-fleet');
  const states = ['HEALTHY', 'RUNNING', 'ERROR'] as const;
  const stops: (() => void)[] = [];
  for (const [i, status] of states.entries()) {
    const target = await createTarget(`${stamp}-${['berlin', 'lisbon', 'oslo'][i]}`);
    const web = await createDeployment(target.id, 'storefront', `2.${i}.0`);
    const api = await createDeployment(target.id, 'orders-api', `1.${i + 3}.2`);
    const agent = new ScriptedAgent(target.id, target.targetSecret, '1.8.0');
    const beats = await beating(agent, [
      { deploymentId: web.id, revisionId: web.revisionId, status, message: status === 'ERROR' ? 'web-1 restarting (exit 137)' : 'serving' },
      { deploymentId: api.id, revisionId: api.revisionId, status: 'HEALTHY', message: '2/2 healthchecks passing' },
    ]);
    stops.push(beats.stop);
  }
  await createTarget(`${stamp}-staging`);
  try {
    await signIn(page);
    await page.getByRole('searchbox', { name: 'Search targets' }).fill(stamp);
    await expect(page.getByRole('article')).toHaveCount(4);
    await expect(page.getByRole('article', { name: `${stamp}-oslo` }).getByRole('link', { name: 'Error' })).toBeVisible();
    await screenshot(page, 'deployments-fleet');
  } finally {
    stops.forEach((stop) => stop());
  }
});

test('an admin adds a deployment with log collection off, switches it on, adds a revision and inspects it', async ({ page }) => {
  const name = unique('e2e-deploy');
  const target = await createTarget(name);
  await signIn(page);
  const card = await findTarget(page, name);
  await expect(card).toContainText('No deployments on this target yet.');

  await card.getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Add deployment' }).click();
  const form = page.getByRole('dialog', { name: `Add deployment to ${name}` });
  await form.getByLabel('Application').fill('inventory');
  await form.getByLabel('Version').fill('5.1.0');
  await form.getByLabel('Compose file').fill('services:\n  inventory:\n    image: example/inventory:5.1.0\n');
  const logs = form.getByRole('switch', { name: 'Enable log collection' });
  await expect(logs).toBeChecked(); // on by default
  await logs.uncheck();
  await form.getByRole('button', { name: 'Create deployment' }).click();
  await expect(form).toBeHidden();

  const row = card.getByRole('listitem').filter({ hasText: 'inventory' });
  await expect(row).toContainText('Logs off');
  await expect(row.getByRole('link', { name: 'No status' })).toBeVisible();
  const view = await admin('GET', `/api/v1/targets/${target.id}`);
  expect(view.deployments[0].logCollectionEnabled).toBe(false);

  await row.getByRole('button', { name: 'Actions for inventory' }).click();
  await page.getByRole('menuitem', { name: 'Enable log collection' }).click();
  await expect(row).toContainText('Logs on');

  await row.getByRole('button', { name: 'Actions for inventory' }).click();
  await page.getByRole('menuitem', { name: 'New revision' }).click();
  const revision = page.getByRole('dialog', { name: 'New revision of inventory' });
  await revision.getByLabel('Version').fill('5.2.0');
  await revision.getByRole('button', { name: 'Create revision' }).click();
  await expect(row).toContainText('5.2.0');
  await expect(row).toContainText('rev 2');

  await row.getByRole('button', { name: 'Actions for inventory' }).click();
  await page.getByRole('menuitem', { name: 'Inspect' }).click();
  const inspect = page.getByRole('dialog', { name: `inventory on ${name}` });
  await expect(inspect).toContainText(view.deployments[0].id);
  const revisions = inspect.getByRole('region', { name: 'Revisions' });
  await expect(revisions.getByRole('listitem')).toHaveCount(2);
  await expect(revisions.getByRole('listitem').first()).toContainText('#2');
  await revisions.getByText('Compose file', { exact: true }).click();
  await expect(revisions.locator('pre')).toContainText('example/inventory:5.1.0');
  await expect(inspect.getByRole('link', { name: 'Open the status history →' }))
    .toHaveAttribute('href', `/targets/${target.id}/logs?view=status&deployment=${view.deployments[0].id}`);
  await screenshot(page, 'deployment-inspect');
  await inspect.getByRole('button', { name: 'Close' }).click();
  await expect(inspect).toBeHidden();
});

test('editing a target switches metrics on and sets its own disk threshold; the row then shows compact metrics',
  async ({ page }) => {
    const name = unique('e2e-edit');
    const target = await createTarget(name);
    await signIn(page);
    const card = await findTarget(page, name);
    await expect(card).toContainText('Metrics off');
    await card.getByRole('button', { name: `Actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: `Edit ${name}` });
    await edit.getByRole('switch', { name: 'Collect metrics' }).check();
    const disk = edit.getByLabel('Disk used above');
    await expect(disk).toHaveAttribute('placeholder', '90'); // the organisation default
    await disk.fill('120');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(edit.getByRole('alert')).toContainText('diskAlertThresholdPercent must be a number greater than 0');
    await disk.fill('80');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(edit).toBeHidden();

    const rules = await admin('GET', `/api/v1/targets/${target.id}/alert-rules`);
    expect(rules.alertRules.diskThresholdPercent).toBe(80);
    await eventually(() => admin('GET', `/api/v1/targets/${target.id}`), (t) => t.metricsEnabled === true);

    const agent = new ScriptedAgent(target.id, target.targetSecret);
    expect(await agent.metrics(new Date(), 37, 52, 93)).toBe(202);
    await page.reload(); // the compact metrics poll every 30 s; a reload shows the sample now
    const again = await findTarget(page, name);
    const glance = again.getByRole('link', { name: /^Metrics: CPU 37 %, memory 52 %, disk \/ 93 %$/ });
    await expect(glance).toBeVisible();
    await expect(glance).toHaveAttribute('href', `/targets/${target.id}/metrics`);
    await expect(glance.locator('.gauge-bar.over')).toHaveCount(1);
    await screenshot(page, 'deployments-metrics-glance');
  });

test('a vendor read-only user sees the fleet but no change actions', async ({ page }) => {
  const name = unique('e2e-ro');
  await createTarget(name);
  const user = { name: unique('viewer'), password: 'viewer-password-1' };
  await admin('POST', '/api/v1/users', { ...user, role: 'READ_ONLY' });
  await signIn(page, user.name, user.password);
  await expect(page.getByRole('button', { name: '+ Create target' })).toHaveCount(0);
  const card = await findTarget(page, name);
  await card.getByRole('button', { name: `Actions for ${name}` }).click();
  const items = page.getByRole('menuitem');
  await expect(items).toHaveText(['Agent Logs', 'Metrics']);
});
