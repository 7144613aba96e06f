/**
 * What every browser journey needs: a server with demo data and Chromium for the describe block
 * (started before its tests, closed after), and ways in as a demo account — through the sign-in
 * page, or over the API for the steps a journey only prepares.
 *
 * Example: `const demo = useDemoJourney(); … await demo.signIn(page, 'dpr@example.org');
 * const call = await demo.apiAs('programme@example.org'); await call('GET', '/projects');`
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { RunningServer } from '../server/entrypoints/web';
import { launchChromium, startDemoServer } from './browser';

/** One API request as a signed-in account: `body` is sent as JSON unless it is already a string. */
export type ApiCall = (method: string, path: string, body?: unknown, contentType?: string) => Promise<Response>;

export interface DemoJourney {
  readonly server: RunningServer;
  readonly browser: Browser;
  passwordOf(email: string): string;
  /** Signs in on the sign-in page and waits until signed in; the page then shows the projects. */
  signIn(page: Page, email: string): Promise<void>;
  /** The API as the account (session cookie and CSRF token). */
  apiAs(email: string): Promise<ApiCall>;
}

export interface DemoJourneyOptions {
  /** More server settings, made in the hook that starts the server (e.g. start s3rver and name it in a DELIVERY_TARGETS file). */
  settings?: () => Promise<Record<string, string>>;
}

/** Call inside `describe`: registers the start and the close of the server and the browser. */
export function useDemoJourney(options: DemoJourneyOptions = {}): DemoJourney {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startDemoServer(await options.settings?.());
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const running = (): RunningServer => {
    if (!server) throw new Error('the demo server is not running');
    return server;
  };
  const passwordOf = (email: string): string => {
    const account = running().demoAccounts.find((a) => a.email === email);
    if (!account) throw new Error(`no demo account ${email}`);
    return account.password;
  };

  return {
    get server() {
      return running();
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not running');
      return browser;
    },
    passwordOf,
    async signIn(page, email) {
      await page.goto(running().url);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(passwordOf(email));
      await page.getByRole('button', { name: 'Sign in' }).click();
      // Signed in once the page offers to sign out: a navigation before then would find no session.
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
    },
    async apiAs(email) {
      const url = running().url;
      const signIn = await fetch(`${url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: passwordOf(email) }),
      });
      expect(signIn.status).toBe(200);
      const cookie = signIn.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const { csrfToken } = (await signIn.json()) as { csrfToken: string };
      return (method, path, body, contentType = 'application/json') =>
        fetch(`${url}/api/v1${path}`, {
          method,
          headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': contentType }) },
          ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        });
    },
  };
}
