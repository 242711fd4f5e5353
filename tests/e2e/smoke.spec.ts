import { expect, test } from '@playwright/test';
import { CARLOS, signIn, inAdminMenu } from './helpers';

test('an admin signs in, sees the inbox and signs out @pusher-server', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible();

  await signIn(page);

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('current-admin')).toHaveText(CARLOS.name);
  // The default view: open tickets, newest activity first.
  await expect(page.getByTestId('inbox-count')).toHaveText(/^\d+ tickets$/);
  await expect(page.getByTestId('ticket-row').first()).toBeVisible();
  await expect(page.getByTestId('ticket-row').getByTestId('ticket-status').first()).toHaveText('Abierto');
  // Newest activity first: the first row is at least as recent as the second.
  const times = await page.locator('[data-testid=ticket-row] time').evaluateAll((els) =>
    els.slice(0, 2).map((el) => Date.parse(el.getAttribute('datetime') ?? '')),
  );
  expect(times[0]).toBeGreaterThanOrEqual(times[1]);

  await (await inAdminMenu(page, 'logout')).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
});

test('wrong credentials get a clear message and no session', async ({ page }) => {
  await page.goto('/login');
  await page.getByTestId('login-email').fill(CARLOS.email);
  await page.getByTestId('login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toHaveText('El correo o la contraseña no son correctos.');
  await expect(page).toHaveURL(/\/login$/);
});

test('a deep link survives signing in', async ({ page }) => {
  await page.goto('/tickets/3');
  await expect(page).toHaveURL(/\/login\?next=\/tickets\/3$/);
  await signIn(page);
  await expect(page).toHaveURL(/\/tickets\/3$/);
  await expect(page.getByTestId('thread-subject')).not.toBeEmpty();
  await expect(page.getByTestId('message').first()).toBeVisible();
});

test('a revoked token sends the admin to sign in and back', async ({ page, request }) => {
  await page.goto('/login');
  await signIn(page);
  await expect(page.getByTestId('ticket-row').first()).toBeVisible();
  // The desk's other first loads (admins, reasons, capabilities) done: any of
  // them answered 401 would end the session before the click this is about.
  await page.waitForLoadState('networkidle');

  // Revoke the token behind the panel's back, as an expiry would.
  const stored = await page.evaluate(() => sessionStorage.getItem('mesa.session'));
  const token = JSON.parse(stored ?? '{}').token;
  const revoked = await request.post('/api/v1/admin/auth/logout', {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
  });
  expect(revoked.status()).toBe(204);

  const firstTicket = page.getByTestId('ticket-row').first();
  const id = await firstTicket.getAttribute('data-ticket-id');
  await firstTicket.locator('a').click();

  await expect(page).toHaveURL(new RegExp(`/login\\?next=/tickets/${id}$`));
  await expect(page.getByTestId('session-expired')).toBeVisible();
  await signIn(page);
  await expect(page).toHaveURL(new RegExp(`/tickets/${id}$`));
});

test('remember me keeps the session across browser restarts, otherwise only for the tab', async ({ page }) => {
  await page.goto('/login');
  await signIn(page);
  await expect(page.getByTestId('current-admin')).toHaveText(CARLOS.name);
  expect(await page.evaluate(() => sessionStorage.getItem('mesa.session'))).not.toBeNull();
  expect(await page.evaluate(() => localStorage.getItem('mesa.session'))).toBeNull();

  await (await inAdminMenu(page, 'logout')).click();
  await expect(page).toHaveURL(/\/login$/);
  await signIn(page, { remember: true });
  await expect(page.getByTestId('current-admin')).toHaveText(CARLOS.name);
  expect(await page.evaluate(() => localStorage.getItem('mesa.session'))).not.toBeNull();
  expect(await page.evaluate(() => sessionStorage.getItem('mesa.session'))).toBeNull();
});

test('the language choice applies at once and is remembered', async ({ page }) => {
  await page.goto('/login');
  await page.getByTestId('locale').selectOption('en');
  await expect(page.getByTestId('login-submit')).toHaveText('Sign in');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.getByTestId('login-submit')).toHaveText('Sign in');
});

test('a broken config.json shows which field is wrong', async ({ page }) => {
  await page.route('**/config.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ reverb_app_key: 'k', ws_port: 'ochenta' }) }),
  );
  await page.goto('/');
  await expect(page.getByTestId('config-error')).toBeVisible();
  await expect(page.getByTestId('config-error')).toContainText('ws_port');
});

test('a missing config.json says so', async ({ page }) => {
  await page.route('**/config.json', (route) => route.fulfill({ status: 404, body: 'Not Found' }));
  await page.goto('/login');
  await expect(page.getByTestId('config-error')).toContainText('404');
});
