import { expect, type Page } from '@playwright/test';
import { ADMIN_PASSWORD } from './hub';

export const SCREENSHOTS = '../target/ui-screenshots';

export async function signIn(page: Page, name = 'admin', password = ADMIN_PASSWORD) {
  await page.goto('/');
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}
