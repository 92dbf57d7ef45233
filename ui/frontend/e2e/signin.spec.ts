import { expect, test } from '@playwright/test';
import { screenshot, signIn } from './session';

test('a wrong password shows the API\'s answer; the right one signs in, and sign-out signs out', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Unknown user or wrong password');
  await screenshot(page, 'sign-in');

  await signIn(page);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('User name')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('User name')).toBeVisible();
});
