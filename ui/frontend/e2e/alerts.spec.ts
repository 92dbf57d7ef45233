import { expect, test } from '@playwright/test';
import { ScriptedAgent } from './agent';
import { admin, createDeployment, createTarget, eventually } from './hub';
import { screenshot, signIn } from './session';

test('the Alerts page lists open and resolved alerts per target, with where each notification went', async ({ page }) => {
  const stamp = Date.now();
  const name = `alerts-${stamp}`;
  const target = await createTarget(name);
  const quiet = await createTarget(`alerts-quiet-${stamp}`);
  const deployment = await createDeployment(target.id, `shop-${stamp}`);
  // a webhook nobody listens on: its deliveries fail and are retried, which is what the page must show
  const channel = await admin('POST', '/api/v1/notification-channels', { type: 'WEBHOOK', name: `hook-${stamp}`, url: 'http://127.0.0.1:9/hook' });
  try {
    // disk over 80 % (stays open) and CPU over 70 % then back down (resolved), no waiting (`for` 0 s)
    await admin('PATCH', `/api/v1/targets/${target.id}`, {
      metricsEnabled: true, diskAlertThresholdPercent: 80, cpuAlertThresholdPercent: 70, alertForSeconds: 0,
    });
    const agent = new ScriptedAgent(target.id, target.targetSecret);
    expect(await agent.heartbeat({ deploymentId: deployment.id, revisionId: deployment.revisionId, status: 'ERROR', message: 'db unreachable' })).toBe(200);
    const t0 = Date.now();
    expect(await agent.metrics(new Date(t0 - 2000), 90, 40, 95)).toBe(202);
    expect(await agent.metrics(new Date(t0 - 1000), 10, 40, 95)).toBe(202);
    await eventually(() => admin('GET', `/api/v1/alerts?targetId=${target.id}&state=all`), (a) => a.items.length === 3);

    await signIn(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await expect(page.getByRole('heading', { name: 'Alerts', level: 1 })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Open', exact: true })).toHaveAttribute('aria-pressed', 'true');

    // only this target's alerts, by the target filter (kept in the URL)
    await page.getByLabel('Target').selectOption({ label: name });
    await expect(page).toHaveURL(new RegExp(`target=${target.id}`));
    const rows = page.getByTestId('alert-row');
    await expect(rows).toHaveCount(2);
    const disk = rows.filter({ hasText: 'Disk' });
    await expect(disk).toContainText('/ (/dev/vda1)');
    await expect(disk).toContainText('95.0 %');
    await expect(disk).toContainText('80.0 %');
    await expect(disk).toContainText('Open');
    await expect(disk).toContainText('so far');
    const status = rows.filter({ hasText: 'Deployment status' });
    await expect(status).toContainText(`shop-${stamp}`);
    await expect(status).toContainText(`Deployment shop-${stamp} is ERROR: db unreachable`);

    // where the notifications went: the webhook, failing and retried
    await status.getByRole('button', { name: 'Notifications' }).click();
    const delivery = page.getByTestId('delivery-row').first();
    await expect(delivery).toContainText('Webhook');
    await expect(delivery).toContainText('http://127.0.0.1:9/hook');
    await expect(delivery).toContainText(/Pending|Failed/);
    await expect(delivery).toContainText('Fired');
    await screenshot(page, 'alerts');

    // past alerts: the CPU one, resolved, with its times and duration
    await page.getByRole('button', { name: 'Resolved', exact: true }).click();
    await expect(page).toHaveURL(/state=resolved/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('CPU');
    await expect(rows.first()).toContainText('90.0 %');
    await expect(rows.first()).toContainText('70.0 %');
    await expect(rows.first()).toContainText('→ 10.0 %');
    await expect(rows.first().getByRole('cell').nth(7)).toHaveText(/^\d+ s$/);
    await expect(rows.first().locator('time')).toHaveCount(2);

    // a target without alerts says so
    await page.getByLabel('Target').selectOption({ label: quiet.name });
    await expect(page.getByText('No resolved alerts on this target.')).toBeVisible();

    // the target's name leads to its metrics
    await page.getByLabel('Target').selectOption({ label: name });
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await expect(rows).toHaveCount(3);
    await rows.first().getByRole('link', { name }).click();
    await expect(page).toHaveURL(new RegExp(`/targets/${target.id}/metrics`));
    await expect(page.getByRole('heading', { name: `Metrics of ${name}` })).toBeVisible();
  } finally {
    await admin('DELETE', `/api/v1/notification-channels/${channel.id}`);
  }
});
