import { defineConfig } from '@playwright/test';
import { electronBinary } from './e2e/electron-binary';

// Two projects: `web` drives the real renderer through the Node host in Debian's Chromium
// (always); `electron` drives the desktop app when the Electron binary is installed, and
// otherwise reports its tests as skipped with the reason.
const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const binary = electronBinary();
if (!binary) console.log('[e2e] electron project: SKIPPED — the Electron binary is not installed (it cannot be downloaded on this machine).');

export default defineConfig({
  testDir: './e2e',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results',
  projects: [
    {
      name: 'web',
      testDir: './e2e/tests',
      use: {
        browserName: 'chromium',
        viewport: { width: 1400, height: 860 },
        launchOptions: { executablePath: process.env.DBW_CHROMIUM ?? '/usr/bin/chromium', args: chromiumFlags },
        screenshot: 'only-on-failure',
        trace: 'off',
      },
    },
    { name: 'electron', testDir: './e2e/electron' },
  ],
});
