import { expect, test } from '@playwright/test';
import { ScriptedAgent } from './agent';
import { admin, createTarget, eventually } from './hub';
import { screenshot, signIn } from './session';

test('the metrics page charts CPU, memory and disk with the numbers the agent sent, the threshold and the alert', async ({ page }) => {
  const name = `metrics-${Date.now()}`;
  const target = await createTarget(name);
  await admin('PATCH', `/api/v1/targets/${target.id}`, { metricsEnabled: true, diskAlertThresholdPercent: 80, alertForSeconds: 1 });
  const agent = new ScriptedAgent(target.id, target.targetSecret);
  expect(await agent.heartbeat()).toBe(200);
  // 30 samples over the last 30 minutes (collectedAt in the past): CPU 20→49 %, memory 50 %, disk 50→79 %
  const start = Date.now();
  for (let i = 0; i < 30; i++) {
    expect(await agent.metrics(new Date(start - (30 - i) * 60_000), 20 + i, 50, 50 + i)).toBe(202);
  }
  // then the disk above its 80 % threshold for longer than `for` (1 s of the hub's clock as samples arrive)
  await eventually(async () => {
    expect(await agent.metrics(new Date(), 42, 50, 91)).toBe(202);
    return admin('GET', `/api/v1/alerts?targetId=${target.id}&state=open`);
  }, (alerts) => alerts.items.length === 1, 20_000);

  await signIn(page);
  await page.goto(`/targets/${target.id}/metrics`);
  await expect(page.getByRole('heading', { name: `Metrics of ${name}` })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Deployments' })).toBeVisible();

  // the latest sample: cores and memory total, usage
  await expect(page.getByTestId('cpu-cores')).toHaveText('4 cores');
  await expect(page.getByTestId('cpu-usage')).toHaveText('42.0 % in use');
  await expect(page.getByTestId('memory-total')).toHaveText('8 GiB');
  await expect(page.getByTestId('memory-usage')).toHaveText('50.0 % in use');
  await expect(page.getByTestId('disk-stat')).toContainText('Disk / (/dev/vda1)');
  await expect(page.getByTestId('disk-stat')).toContainText('91.0 %');
  await expect(page.getByTestId('disk-stat')).toContainText('of 93.1 GiB');

  // one chart per metric, drawn (canvas) with a legend showing the latest value of each series
  const cpu = page.getByTestId('chart-cpu-usage');
  const memory = page.getByTestId('chart-memory-usage');
  const disk = page.getByTestId('chart-disk-usage');
  for (const chart of [cpu, memory, disk]) await expect(chart.locator('canvas')).toBeVisible();
  await expect(cpu.locator('.u-legend')).toContainText('CPU');
  await expect(cpu.locator('.u-legend')).toContainText('42.0 %');
  await expect(memory.locator('.u-legend')).toContainText('50.0 %');
  await expect(disk.locator('.u-legend')).toContainText('/ (/dev/vda1)');
  await expect(disk.locator('.u-legend')).toContainText('91.0 %');
  // the chart has the samples from 30 minutes ago too: hovering its left part shows an older value
  const over = disk.locator('.u-over');
  const box = (await over.boundingBox())!;
  await over.hover({ position: { x: box.width * 0.6, y: box.height / 2 } });
  await expect(disk.locator('.u-legend')).toContainText(/\b[5-7]\d\.0 %/);
  await page.mouse.move(0, 0);
  await expect(disk.locator('.u-legend')).toContainText('91.0 %');

  // the target's own threshold as a line, the open alert as a marker; CPU has no rule
  await expect(disk).toHaveAttribute('data-threshold', '80');
  await expect(disk).toContainText('Alert threshold 80 % for 1 s (this target’s rule)');
  await expect(disk).toHaveAttribute('data-alert-markers', '1');
  await expect(disk.getByRole('list', { name: /Alerts in this window/ })).toContainText('open');
  await expect(cpu).toContainText('No alert rule');
  await expect(page.getByRole('link', { name: '1 open alert' })).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'metrics');

  // every choice is in the URL: another window survives a reload
  await page.getByRole('group', { name: 'Time window' }).getByRole('button', { name: '24 h' }).click();
  await expect(page).toHaveURL(/window=24h/);
  await page.reload();
  await expect(page.getByRole('button', { name: '24 h' })).toHaveAttribute('aria-pressed', 'true');
  await expect(disk.locator('canvas')).toBeVisible();
  // wider steps average the samples in them: the last point mixes the 79 % and the 91 % samples
  await expect(disk.locator('.u-legend')).toContainText(/\b(79|8\d|9[01])\.\d %/);

  // a custom window before the samples: the charts say there is nothing in it
  await page.getByRole('button', { name: 'Custom' }).click();
  await expect(page).toHaveURL(/window=custom/);
  const old = new Date(start - 3 * 3_600_000);
  const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  await page.getByRole('textbox', { name: 'From' }).fill(local(old));
  await page.getByRole('textbox', { name: 'To' }).fill(local(new Date(old.getTime() + 3_600_000)));
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/window=custom&from=.*&to=/);
  await expect(cpu).toContainText('No samples in this window.');
});

test('a target with metrics off says so, and an admin can switch them on from there', async ({ page }) => {
  const name = `metrics-off-${Date.now()}`;
  const target = await createTarget(name);
  await signIn(page);
  await page.goto(`/targets/${target.id}/metrics`);
  await expect(page.getByRole('heading', { name: `Metrics are off for ${name}` })).toBeVisible();
  await page.getByRole('button', { name: 'Turn on metrics' }).click();
  await expect(page.getByRole('heading', { name: `No metrics from ${name} yet` })).toBeVisible();
  await expect(page.getByTestId('metrics-no-data')).toContainText('The agent has not connected yet');
  await eventually(() => admin('GET', `/api/v1/targets/${target.id}`), (t) => t.metricsEnabled === true);

  // the target switcher in the breadcrumb goes to another target's metrics
  const other = await createTarget(`metrics-other-${Date.now()}`);
  await page.reload();
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByLabel('Target').selectOption(other.id);
  await expect(page).toHaveURL(new RegExp(`/targets/${other.id}/metrics`));
  await expect(page.getByRole('heading', { name: `Metrics are off for ${other.name}` })).toBeVisible();
});
