import { expect, test } from '@playwright/test';
import { admin, createDeployment, createTarget, eventually } from './hub';
import { screenshot, signIn } from './session';

test('the audit trail lists who did what, named as people say it, filtered by target and action, paged', async ({ page }) => {
  const stamp = Date.now();
  const name = `audit-${stamp}`;
  const target = await createTarget(name);
  await admin('PATCH', `/api/v1/targets/${target.id}`, { metricsEnabled: true });
  await admin('POST', `/api/v1/targets/${target.id}/reconnect`);
  await createDeployment(target.id, `billing-${stamp}`);
  await admin('PATCH', `/api/v1/targets/${target.id}`, { diskAlertThresholdPercent: 85, alertForSeconds: 120 });

  await signIn(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
  await expect(page.getByRole('heading', { name: 'Audit trail', level: 1 })).toBeVisible();
  await page.getByLabel('Target').selectOption({ label: name });
  await expect(page).toHaveURL(new RegExp(`target=${target.id}`));

  const rows = page.getByTestId('audit-row');
  // newest first
  await expect(rows.getByRole('cell').nth(2)).toHaveText('Alert rules changed');
  await expect(rows).toHaveCount(6);
  await expect(rows.nth(0)).toContainText('Disk alert at: 85 %');
  await expect(rows.nth(0)).toContainText('After: 120 s');
  await expect(rows.nth(1)).toContainText('New revision');
  await expect(rows.nth(1)).toContainText(`billing-${stamp}`);
  await expect(rows.nth(1)).toContainText('Version: 1.0.0');
  await expect(rows.nth(2)).toContainText('Deployment created');
  await expect(rows.nth(2)).toContainText('Log collection: on');
  await expect(rows.nth(3)).toContainText('Secret rotated');
  await expect(rows.nth(3)).toContainText('Secret generation: 2');
  await expect(rows.nth(4)).toContainText('Metrics enabled');
  await expect(rows.nth(5)).toContainText('Target registered');
  await expect(rows.nth(5)).toContainText(`Name: ${name}`);
  for (const row of await rows.all()) {
    await expect(row).toContainText('admin');
    await expect(row.getByRole('link', { name })).toBeVisible();
  }
  await screenshot(page, 'audit');

  // by action
  await page.getByLabel('Action').selectOption({ label: 'Metrics enabled' });
  await expect(page).toHaveURL(/action=MetricsCollectionEnabled/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Metrics enabled');
  await page.getByLabel('Action').selectOption({ label: 'User removed' });
  await expect(page.getByText('No actions match these filters.')).toBeVisible();
  await page.getByLabel('Action').selectOption({ label: 'All actions' });

  // by person: clicking a name keeps only that person's actions
  await rows.first().getByRole('button', { name: 'admin' }).click();
  await expect(page).toHaveURL(/actor=admin/);
  await expect(page.getByText('By admin')).toBeVisible();
  await expect(rows).toHaveCount(6);

  // more than a page: older entries come with Load more (the API's cursor)
  for (let i = 0; i < 100; i++) {
    await admin('PATCH', `/api/v1/targets/${target.id}`, { metricsEnabled: i % 2 === 1 });
  }
  await eventually(() => admin('GET', `/api/v1/audit?target=${target.id}&limit=1000`), (trail) => trail.items.length === 106);
  await page.reload();
  await expect(rows).toHaveCount(100);
  await expect(rows.first()).toContainText('Metrics enabled');
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(rows).toHaveCount(106);
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
  await expect(rows.last()).toContainText('Target registered');
});
