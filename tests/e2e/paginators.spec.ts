// A Laravel team may answer the inbox with any of Laravel's own paginators:
// `paginate()` or `simplePaginate()`, as they are or through an API Resource.
// The dev server answers in each (`--paginator`); the panel must show every
// ticket of the view, with the count when the paginator gives one and "more
// than N" until the last page when it does not. A list answer that is none of
// them is an error on screen that says what is missing, never "0 tickets".
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from '@playwright/test';
import { CARLOS, freePort, openDesk, startDevServer } from './helpers';

/** The open view's size, counted the slow way: every page, followed to its end. */
async function openTicketsOnServer(api: APIRequestContext): Promise<number> {
  const login = await api.post('/api/v1/admin/auth/login', { data: { email: CARLOS.email, password: CARLOS.password } });
  const headers = { Authorization: `Bearer ${(await login.json()).token}`, Accept: 'application/json' };
  let count = 0;
  for (let page = 1; page <= 100; page++) {
    const body = await (await api.get(`/api/v1/admin/support/tickets?status=open&assigned=any&per_page=100&page=${page}`, { headers })).json();
    count += body.data.length;
    const next = body.links && !Array.isArray(body.links) ? body.links.next : body.next_page_url;
    if (!next) return count;
  }
  throw new Error('more than 100 pages');
}

async function withServer(flags: string[], journey: (page: Page, api: APIRequestContext) => Promise<void>, browser: import('@playwright/test').Browser) {
  const port = await freePort();
  const server = await startDevServer(port, mkdtempSync(path.join(tmpdir(), 'mesa-paginator-')), flags);
  const base = `http://127.0.0.1:${port}`;
  const api = await playwrightRequest.newContext({ baseURL: base });
  const page = await browser.newPage({ baseURL: base });
  try {
    await journey(page, api);
  } finally {
    await page.close();
    await api.dispose();
    server.kill('SIGKILL');
  }
}

/** Scrolls the inbox to its end until the count reads `expected`. */
async function scrollUntilCount(page: Page, expected: string) {
  const list = page.getByTestId('ticket-list');
  await expect
    .poll(async () => {
      await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
      return page.getByTestId('inbox-count').textContent();
    }, { timeout: 30_000 })
    .toBe(expected);
}

const counted = [
  ['resource', 'paginate() through a Resource'],
  ['plain', 'paginate() as it is'],
] as const;
const uncounted = [
  ['simple', 'simplePaginate() as it is'],
  ['simple-resource', 'simplePaginate() through a Resource'],
] as const;

for (const [shape, what] of counted) {
  test(`an inbox answered by ${what} shows its rows and the server's count`, async ({ browser }) => {
    await withServer(['--paginator', shape], async (page, api) => {
      const total = await openTicketsOnServer(api);
      expect(total).toBeGreaterThan(50); // more than one page of the panel's
      await openDesk(page);
      await expect(page.getByTestId('ticket-row').first()).toBeVisible();
      await expect(page.getByTestId('inbox-count')).toHaveText(`${total} tickets`);
      await expect(page.getByTestId('ticket-row').first()).toHaveAttribute('aria-setsize', String(total));
    }, browser);
  });
}

for (const [shape, what] of uncounted) {
  test(`an inbox answered by ${what} says "more than" until its last page, then the exact count`, async ({ browser }) => {
    await withServer(['--paginator', shape], async (page, api) => {
      const total = await openTicketsOnServer(api);
      expect(total).toBeGreaterThan(50);
      await openDesk(page);
      await expect(page.getByTestId('ticket-row').first()).toBeVisible();
      await expect(page.getByTestId('inbox-count')).toHaveText('Más de 50 tickets');
      await expect(page.getByTestId('ticket-row').first()).toHaveAttribute('aria-setsize', '-1');
      await scrollUntilCount(page, `${total} tickets`);
      await expect(page.getByTestId('ticket-row').first()).toHaveAttribute('aria-setsize', String(total));
    }, browser);
  });
}

test('a list answer that is no paginator is an error naming what is missing, not an empty inbox', async ({ browser }) => {
  await withServer(['--break', 'paginator-meta'], async (page) => {
    await openDesk(page);
    await expect(page.getByTestId('error-notice')).toContainText('current_page');
    await expect(page.getByTestId('inbox-empty')).toHaveCount(0);
    await expect(page.getByTestId('ticket-row')).toHaveCount(0);
  }, browser);
});
