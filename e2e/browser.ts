/**
 * Browser and server for journeys: Debian's Chromium driven by playwright-core (never a
 * downloaded browser), and the real server on a free port with demo data in a new folder.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { build } from 'vite';
import { loadConfig } from '../server/config/config';
import { type RunningServer, startServer } from '../server/entrypoints/web';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const browserAvailable = existsSync(CHROMIUM_PATH);
if (process.env.EGRESS_REQUIRE_BROWSER === '1' && !browserAvailable) {
  throw new Error(`EGRESS_REQUIRE_BROWSER=1 but ${CHROMIUM_PATH} does not exist: install Debian's chromium`);
}

export const SCREENSHOT_DIR = join(process.cwd(), 'test-output', 'e2e');

export function launchChromium(): Promise<Browser> {
  // playwright-core gives every launch a new, empty profile directory of its own.
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Builds the web UI from the current sources and starts a server with demo data. `settings` are
 * more environment settings for the server (e.g. `DELIVERY_TARGETS` naming a test's s3rver).
 */
export async function startDemoServer(settings: Record<string, string> = {}): Promise<RunningServer> {
  await build({ configFile: join(process.cwd(), 'vite.config.ts'), logLevel: 'warn' });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'egress-e2e-'));
  return startServer(loadConfig({ ...settings, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' }), { demo: true, quiet: true });
}
