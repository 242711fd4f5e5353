import { defineConfig } from '@playwright/test';
import path from 'node:path';
import { CHROMIUM } from '../chromium.mjs';

// `cargo xtask test` builds dist/ and the dev server, then picks a free port.
const root = path.resolve(__dirname, '../..');
const port = Number(process.env.MESA_E2E_PORT ?? 18080);
const baseURL = `http://127.0.0.1:${port}`;
// CDN mode (`cargo xtask test` builds target/dist-cdn for /mesa/): the panel
// comes from a plain static server on this port, the API (baseURL) is another
// origin that answers CORS for it.
const cdnPort = process.env.MESA_E2E_CDN_PORT;
const cdnDir = process.env.MESA_E2E_CDN_DIR ?? path.join(root, 'target/dist-cdn');

export default defineConfig({
  testDir: '.',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: path.join(root, 'target/e2e-results'),
  use: {
    baseURL,
    locale: 'es-GT',
    timezoneId: 'America/Guatemala',
    trace: 'retain-on-failure',
    launchOptions: CHROMIUM,
  },
  // `cargo xtask test` starts the servers itself for runs against a Pusher
  // server we did not write (MESA_E2E_EXTERNAL=1); otherwise Playwright does.
  webServer: process.env.MESA_E2E_EXTERNAL ? undefined : cdnPort ? [
    {
      command: [
        path.join(root, 'target/debug/devserver'),
        `--addr 127.0.0.1:${port}`,
        '--db :memory:',
        '--seed demo',
        '--dev-faults',
        `--uploads ${path.join(root, 'target/e2e-uploads')}`,
        `--cors-origin http://127.0.0.1:${cdnPort}`,
      ].join(' '),
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
    },
    {
      command: `node ${path.join(__dirname, 'cdn-server.mjs')} --dir ${cdnDir} --prefix /mesa/ --port ${cdnPort}`,
      url: `http://127.0.0.1:${cdnPort}/mesa/config.json`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ] : {
    command: [
      path.join(root, 'target/debug/devserver'),
      `--addr 127.0.0.1:${port}`,
      '--db :memory:',
      '--seed demo',
      '--dev-faults',
      `--uploads ${path.join(root, 'target/e2e-uploads')}`,
      `--static-dir ${path.join(root, 'dist')}`,
    ].join(' '),
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
  },
});
