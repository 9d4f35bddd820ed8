import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium';

// Debian's Chromium driven by Playwright: `npx playwright install` cannot download
// browsers on our build machines. The board is served by the browser host that the
// global setup starts, next to a real central reference server, both on loopback.
export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  globalSetup: './global-setup.ts',
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  outputDir: '../test-results/e2e',
  reporter: [['list']],
  use: {
    viewport: { width: 1600, height: 900 },
    locale: 'zh-CN',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    screenshot: 'only-on-failure',
  },
});
