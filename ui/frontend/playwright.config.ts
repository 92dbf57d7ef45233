import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_PASSWORD, HUB_PORT } from './e2e/hub';

// Browser tests: the real hub (ui/target/vigil.jar on its embedded stores, fresh data dir) and Debian's
// Chromium; scripted agents speak the agent protocol over HTTP. Timings are shortened so Stale shows in
// seconds. Screenshots of each main screen land in ../target/ui-screenshots.
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-e2e-'));

export const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export default defineConfig({
  testDir: 'e2e',
  outputDir: '../target/playwright',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${HUB_PORT}`,
    launchOptions: chromium,
    viewport: { width: 1400, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: [
      'java', '-Xmx768m', '-jar', '../target/vigil.jar',
      `--server.port=${HUB_PORT}`,
      `--vigil.data-dir=${dataDir}`,
      '--vigil.security.secure-cookies=false',
      '--vigil.security.bcrypt-strength=4',
      '--vigil.status.stale-after=4s',
      '--vigil.status.sweep-interval=500ms',
      '--vigil.agent.heartbeat-interval=1s',
      '--logging.level.root=WARN',
    ].join(' '),
    env: { VIGIL_ADMIN_PASSWORD: ADMIN_PASSWORD },
    url: `http://localhost:${HUB_PORT}/actuator/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
