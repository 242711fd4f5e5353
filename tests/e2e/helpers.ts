import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

const root = path.resolve(__dirname, '../..');

export const CARLOS = { email: 'carlos@mesa.test', password: 'password', name: 'Carlos Méndez', id: 2 };
export const LUCIA = { email: 'lucia@mesa.test', password: 'password', name: 'Lucía Ramírez' };

export async function signIn(page: Page, { remember = false } = {}) {
  await page.getByTestId('login-email').fill(CARLOS.email);
  await page.getByTestId('login-password').fill(CARLOS.password);
  if (remember) await page.getByTestId('login-remember').check();
  await page.getByTestId('login-submit').click();
}

/** Signs in from the login page as `admin` (on a page already showing it)
 * and waits for the live connection. */
export async function signInAs(page: Page, admin: { email: string; password: string; name: string }) {
  await expect(page).toHaveURL(/\/login/);
  await page.getByTestId('login-email').fill(admin.email);
  await page.getByTestId('login-password').fill(admin.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('current-admin')).toHaveText(admin.name);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
}

/** Any uncaught error in the page fails the test. */
/** Opens the admin menu (which holds notifications, sound, language,
 * shortcuts and sign-out, at every width) unless it is open already. */
export async function openAdminMenu(page: Page) {
  const toggle = page.getByTestId('header-menu-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(page.getByTestId('header-menu')).toBeVisible();
}

/** A control of the admin menu, with the menu opened. */
export async function inAdminMenu(page: Page, testId: string) {
  await openAdminMenu(page);
  return page.getByTestId(testId);
}

/** Signs out from the admin menu and waits for the login page. */
export async function signOut(page: Page) {
  await (await inAdminMenu(page, 'logout')).click();
  await expect(page).toHaveURL(/\/login/);
}

export function failOnPageErrors(page: Page) {
  page.on('pageerror', (error) => {
    throw new Error(`uncaught error in the panel: ${error.message}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') console.log(`panel console error: ${message.text()}`);
  });
}

/** Signs in from the login page and waits for the live connection. Any
 * uncaught error in the page fails the test. */
export async function openDesk(page: Page, path = '/') {
  failOnPageErrors(page);
  await page.goto(path);
  await signIn(page);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
}

/** A demo customer, through the customer API, exactly as the mobile app does. */
export class Customer {
  constructor(private request: APIRequestContext, private token: string) {}

  static async signIn(request: APIRequestContext, n: number): Promise<Customer> {
    const response = await request.post('/api/v1/auth/login', {
      data: { email: `cliente${n}@mesa.test`, password: 'password' },
    });
    expect(response.ok()).toBeTruthy();
    return new Customer(request, (await response.json()).token);
  }

  authHeaders() {
    return { Authorization: `Bearer ${this.token}`, Accept: 'application/json' };
  }

  private headers() {
    return this.authHeaders();
  }

  async openTicket(message: string, subject?: string): Promise<number> {
    const response = await this.request.post('/api/v1/support/tickets', {
      headers: this.headers(),
      data: { reason_id: 1, subject, message },
    });
    expect(response.status()).toBe(201);
    return (await response.json()).data.id;
  }

  async send(ticket: number, message: string) {
    const response = await this.request.post(`/api/v1/support/tickets/${ticket}/messages`, {
      headers: this.headers(),
      data: { message },
    });
    expect(response.status()).toBe(201);
    return (await response.json()).data;
  }

  /** Sends without asserting; returns the HTTP status. */
  async trySend(ticket: number, message: string): Promise<number> {
    const response = await this.request.post(`/api/v1/support/tickets/${ticket}/messages`, {
      headers: this.headers(),
      data: { message },
    });
    return response.status();
  }

  async thread(ticket: number) {
    const response = await this.request.get(`/api/v1/support/tickets/${ticket}`, { headers: this.headers() });
    expect(response.ok()).toBeTruthy();
    return (await response.json()).data;
  }
}

export async function devFault(request: APIRequestContext, path: string, data?: unknown) {
  // Always a JSON body: the dev server refuses /__dev/ calls without one.
  const response = await request.post(`/__dev/${path}`, { data: data ?? {} });
  expect(response.ok()).toBeTruthy();
}

/** Turns every /__dev/ fault off, for an `afterEach` whatever the test did.
 * A server without fault injection (the Laravel app) has none to turn off. */
export async function resetDevFaults(request: APIRequestContext) {
  const resets: [string, unknown][] = [
    ['rest/fail', { count: 0 }],
    ['ws/refuse', { seconds: 0 }],
    ['latency', { rest_ms: 0, broadcast_ms: 0 }],
    ['bulk/refuse', { ids: [] }],
  ];
  for (const [path, data] of resets) {
    const response = await request.post(`/__dev/${path}`, { data });
    // Not found, or (Laravel's catch-all panel route) a GET-only path.
    if ([404, 405].includes(response.status())) return;
    expect(response.ok(), `turning off /__dev/${path}`).toBeTruthy();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A dev server of the test's own (demo data in `dir`, faults on), for
 * journeys that kill it or run it with other flags. The caller kills it. */
export async function startDevServer(port: number, dir: string, extra: string[] = []): Promise<ChildProcess> {
  const child = spawn(
    path.join(root, 'target/debug/devserver'),
    ['--addr', `127.0.0.1:${port}`, '--db', path.join(dir, 'mesa.sqlite'), '--uploads', path.join(dir, 'uploads'),
     '--seed', 'demo', '--static-dir', path.join(root, 'dist'), '--dev-faults', ...extra],
    { stdio: 'ignore' },
  );
  await expect
    .poll(async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
      } catch {
        return false; // not up yet
      }
    }, { timeout: 30_000 })
    .toBe(true)
    .catch((error) => {
      child.kill('SIGKILL');
      throw error;
    });
  return child;
}
