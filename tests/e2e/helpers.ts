import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const CARLOS = { email: 'carlos@mesa.test', password: 'password', name: 'Carlos Méndez', id: 2 };

export async function signIn(page: Page, { remember = false } = {}) {
  await page.getByTestId('login-email').fill(CARLOS.email);
  await page.getByTestId('login-password').fill(CARLOS.password);
  if (remember) await page.getByTestId('login-remember').check();
  await page.getByTestId('login-submit').click();
}

/** Any uncaught error in the page fails the test. */
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
