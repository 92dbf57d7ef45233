import { expect, test } from '@playwright/test';
import { ScriptedAgent } from './agent';
import { createTarget } from './hub';
import { signIn } from './session';
import { beating, findTarget, reconnectFromMenu, targetDot, unique } from './deployments.support';

test('Reconnect warns, confirms, shows the new command once, and the old secret and its token get 401 at once',
  async ({ page }) => {
    const name = unique('e2e-reconnect');
    const target = await createTarget(name);
    const old = new ScriptedAgent(target.id, target.targetSecret);
    const beats = await beating(old);
    try {
      await signIn(page);
      const card = await findTarget(page, name);
      await expect(targetDot(card)).toHaveAttribute('data-tone', 'green');

      // cancelling changes nothing
      await card.getByRole('button', { name: `Actions for ${name}` }).click();
      await page.getByRole('menuitem', { name: 'Reconnect' }).click();
      await page.getByRole('dialog', { name: `Reconnect ${name}` }).getByRole('button', { name: 'Cancel' }).click();
      expect(await old.heartbeat()).toBe(200);

      const command = await reconnectFromMenu(page, name, 'reconnect-dialog');
      beats.stop();
      expect(command).toContain(target.id);
      expect(command).not.toContain(target.targetSecret);

      expect(await old.heartbeat()).toBe(401); // the token issued under the old secret
      expect(await old.login()).toBe(401); // and the old secret itself
      await expect(targetDot(card)).toHaveAttribute('data-tone', 'grey');

      const secret = new URL(command.match(/'([^']+)'/)![1]).searchParams.get('targetSecret')!;
      const renewed = new ScriptedAgent(target.id, secret);
      expect(await renewed.login()).toBe(200);
      const again = await beating(renewed);
      try {
        await expect(targetDot(card)).toHaveAttribute('data-tone', 'green');
      } finally {
        again.stop();
      }
    } finally {
      beats.stop();
    }
  });
