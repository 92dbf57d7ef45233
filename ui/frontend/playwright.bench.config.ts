import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// UI benchmarks (`frontend/maven-npm bench`, or `npx playwright test --config playwright.bench.config.ts`):
// the same hub and Chromium as the browser tests; each benchmark prints its figures and the raw limit
// measured in the same run. Not part of the test command.
export default defineConfig({
  ...base,
  testDir: 'bench',
  testMatch: '**/*.bench.ts',
  timeout: 600_000,
  expect: { timeout: 60_000 },
  // a Playwright trace records the page while it runs (DOM snapshots: ≈ 60 ms of the page's main thread per
  // load of the Deployments view): it would be measured too
  use: { ...base.use, trace: 'off', screenshot: 'off', video: 'off' },
});
