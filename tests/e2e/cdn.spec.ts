// The panel served exactly as a CDN would: the release build for /mesa/ from
// a plain static server (tests/e2e/cdn-server.mjs) with the `_headers` that
// `cargo xtask dist` generated from that build, strict CSP included, and the
// API on another origin (baseURL) answering CORS. Any CSP violation fails.
// Runs only in CDN mode: `cargo xtask test` sets MESA_E2E_CDN_PORT.
import { expect, test, type Page } from '@playwright/test';
import { CARLOS, Customer, failOnPageErrors, signIn, inAdminMenu } from './helpers';

const cdnPort = process.env.MESA_E2E_CDN_PORT;
const panel = `http://127.0.0.1:${cdnPort}/mesa`;

test.skip(!cdnPort, 'CDN mode only (cargo xtask test builds target/dist-cdn)');

let violations: string[] = [];

test.beforeEach(async ({ page }) => {
  violations = [];
  failOnPageErrors(page);
  // Init scripts are injected by the browser's devtools protocol, so the
  // page's CSP does not apply to this listener itself.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on('console', (message) => {
    const text = message.text();
    if (text.includes('CSP violation') || text.includes('Content Security Policy')) violations.push(text);
  });
});

test.afterEach(() => {
  expect(violations, 'no Content-Security-Policy violation').toEqual([]);
});

/** Opens a deep link, signs in, and waits for the live connection. */
async function openDesk(page: Page, appPath: string) {
  await page.goto(`${panel}${appPath}`);
  await expect(page).toHaveURL(`${panel}/login?next=${encodeURIComponent(appPath).replace(/%2F/g, '/')}`);
  await signIn(page);
  await expect(page).toHaveURL(`${panel}${appPath}`);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
}

test('sign-in under /mesa/ with the strict CSP and the API on another origin @cdn', async ({ page, request }) => {
  const document = await request.get(`${panel}/tickets/1`);
  const csp = document.headers()['content-security-policy'];
  expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/]+=*'/);
  expect(csp).toContain("base-uri 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain("'unsafe-eval'");
  // The loader is preloaded from /mesa/, with its integrity (the release
  // build's HTML is minified: attributes in any order, quotes optional).
  const preload = (await document.text()).match(/<link\b[^>]*\brel="?modulepreload"?[^>]*>/)?.[0] ?? '';
  expect(preload, 'the loader\'s modulepreload link').toMatch(/\bhref="?\/mesa\/[^"\s>]+\.js/);
  expect(preload).toMatch(/\bintegrity="?sha384-/);
  expect(preload).toMatch(/\bcrossorigin\b/);
  expect((await request.get(`${panel}/config.json`)).headers()['cache-control']).toBe('no-cache');

  const customer = await Customer.signIn(request, 31);
  const ticket = await customer.openTicket('Hola desde la CDN', 'Panel en /mesa/');
  await openDesk(page, `/tickets/${ticket}`);
  await expect(page.getByTestId('thread-subject')).toHaveText('Panel en /mesa/');

  // Links and redirects keep the base: the brand, a row, a filter, a reload, signing out.
  await page.locator('a.brand').click();
  await expect(page).toHaveURL(`${panel}/`);
  await page.locator(`[data-testid=ticket-row][data-ticket-id="${ticket}"] a`).first().click();
  await expect(page).toHaveURL(new RegExp(`^${panel}/tickets/${ticket}`));
  await expect(page.getByTestId('thread-subject')).toHaveText('Panel en /mesa/');
  await page.reload();
  await expect(page.getByTestId('thread-subject')).toHaveText('Panel en /mesa/');
  await (await inAdminMenu(page, 'logout')).click();
  await expect(page).toHaveURL(new RegExp(`^${panel}/login`));
});

test('signing in at the root of /mesa/ keeps the trailing slash, and a reload there and after a filter stays in the panel @cdn', async ({ page, request }) => {
  expect((await request.get(panel)).status(), 'the strict host does not serve /mesa').toBe(404);
  await page.goto(`${panel}/`);
  await expect(page).toHaveURL(new RegExp(`^${panel}/login`));
  await signIn(page);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  await expect(page).toHaveURL(`${panel}/`);
  await page.reload();
  await expect(page.getByTestId('ticket-list')).toBeVisible();
  await page.getByTestId('filter-status').selectOption('all');
  await expect(page).toHaveURL(`${panel}/?status=all`);
  await page.reload();
  await expect(page.getByTestId('filter-status')).toHaveValue('all');
});

test('a customer message arrives live over the cross-origin WebSocket @cdn', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 32);
  const ticket = await customer.openTicket('Primer mensaje', 'En vivo por la CDN');
  await openDesk(page, `/tickets/${ticket}`);
  await expect(page.getByTestId('message')).toHaveCount(1);
  await customer.send(ticket, 'Sigo aquí 🙏');
  await expect(page.getByTestId('message')).toHaveCount(2);
  await expect(page.getByTestId('message').last()).toContainText('Sigo aquí 🙏');
});

test('a reply with an image reaches the customer; the image loads from the API origin @cdn', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 33);
  const ticket = await customer.openTicket('¿Me manda el comprobante?');
  await openDesk(page, `/tickets/${ticket}`);
  await expect(page.getByTestId('message')).toHaveCount(1);

  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  await page.getByTestId('composer-file-input').setInputFiles({ name: 'comprobante.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByTestId('composer-file')).toHaveCount(1);
  await page.getByTestId('composer-input').fill('Aquí está el comprobante.');
  await page.getByTestId('composer-send').click();

  const sent = page.locator('[data-testid=message][data-state=sent]').last();
  await expect(sent).toContainText('Aquí está el comprobante.');
  const image = sent.locator('img');
  const api = new URL(test.info().project.use.baseURL!).origin;
  await expect(image).toHaveAttribute('src', new RegExp(`^${api}/storage/attachments/\\d+/comprobante\\.png\\?expires=`));
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);

  const thread = await customer.thread(ticket);
  const replies = thread.messages.filter((m: { is_from_admin: boolean }) => m.is_from_admin);
  expect(replies.map((m: { message: string }) => m.message)).toEqual(['Aquí está el comprobante.']);
  expect(replies[0].sender.name).toBe(CARLOS.name);
});

test('closing a ticket reaches the customer @cdn', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 34);
  const ticket = await customer.openTicket('Ya está resuelto');
  await openDesk(page, `/tickets/${ticket}`);
  await page.getByTestId('close-ticket').click();
  await expect(page.getByTestId('thread').getByTestId('ticket-status').first()).toHaveText('Cerrado');
  expect((await customer.thread(ticket)).status).toBe('closed');
});
