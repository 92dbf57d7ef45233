import { expect, test } from '@playwright/test';
import { ScriptedAgent } from './agent';
import { createDeployment, createTarget } from './hub';
import { screenshot, signIn } from './session';
import { beating, createCustomer, findTarget, reconnectFromMenu, targetDot, unique } from './deployments.support';

test('a customer admin sees only its organisation\'s targets in the Customer Portal and can reconnect its own',
  async ({ page }) => {
    const stamp = unique('e2e-portal');
    const { organisation, user } = await createCustomer(stamp);
    const own = await createTarget(`${stamp}-own`, organisation.id);
    const shop = await createDeployment(own.id, 'shop', '2.0.1');
    await createTarget(`${stamp}-other`); // the vendor's, not the customer's
    const other = await createCustomer(`${stamp}-b`);
    await createTarget(`${stamp}-elsewhere`, other.organisation.id);
    const agent = new ScriptedAgent(own.id, own.targetSecret);
    const beats = await beating(agent, [{ deploymentId: shop.id, revisionId: shop.revisionId, status: 'RUNNING', message: 'up 3 min' }]);
    try {
      await signIn(page, user.name, user.password);
      await expect(page.getByText('Customer Portal')).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Your deployment targets', level: 1 })).toBeVisible();
      await expect(page.getByRole('button', { name: '+ Create target' })).toHaveCount(0);

      await page.getByRole('searchbox', { name: 'Search targets' }).fill(stamp);
      await expect(page.getByRole('article')).toHaveCount(1);
      const card = await findTarget(page, `${stamp}-own`);
      await expect(card).toContainText(`Org ${stamp}`);
      await expect(targetDot(card)).toHaveAttribute('data-tone', 'green');
      await expect(card.getByRole('link', { name: 'Running' })).toBeVisible();
      await page.getByRole('searchbox', { name: 'Search targets' }).fill('');
      await expect(page.getByText(`${stamp}-other`)).toHaveCount(0);
      await expect(page.getByText(`${stamp}-elsewhere`)).toHaveCount(0);
      await screenshot(page, 'customer-portal');

      // the menu offers what a customer admin may do: no Edit, no deployments, but Reconnect
      await card.getByRole('button', { name: `Actions for ${stamp}-own` }).click();
      await expect(page.getByRole('menuitem')).toHaveText(['Agent Logs', 'Metrics', 'Reconnect']);
      await page.keyboard.press('Escape');
      await card.getByRole('button', { name: 'Actions for shop' }).click();
      await expect(page.getByRole('menuitem')).toHaveText(['Inspect', 'Status history']);
      await page.keyboard.press('Escape');

      const command = await reconnectFromMenu(page, `${stamp}-own`, 'customer-portal-reconnect');
      beats.stop();
      expect(command).toContain(own.id);
      expect(await agent.heartbeat()).toBe(401);
      expect(await agent.login()).toBe(401);
    } finally {
      beats.stop();
    }
  });

test('a customer read-only user sees its targets but cannot reconnect', async ({ page }) => {
  const stamp = unique('e2e-portal-ro');
  const { organisation, user } = await createCustomer(stamp, 'CUSTOMER_READ_ONLY');
  await createTarget(`${stamp}-own`, organisation.id);
  await signIn(page, user.name, user.password);
  const card = await findTarget(page, `${stamp}-own`);
  await card.getByRole('button', { name: `Actions for ${stamp}-own` }).click();
  await expect(page.getByRole('menuitem')).toHaveText(['Agent Logs', 'Metrics']);
});
