import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { Customer, devFault, failOnPageErrors, openDesk, resetDevFaults, signIn, inAdminMenu, openAdminMenu } from './helpers';

// axe is injected as a <script> of the page; the panel's strict CSP (which
// headers.spec.ts checks) would refuse it, so these pages bypass it.
test.use({ bypassCSP: true });

// axe-core (WCAG 2.0/2.1 A and AA) on every page, dialog and menu of the
// panel, in both themes, on a desktop and on a phone.

const schemes = ['light', 'dark'] as const;
const sizes = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 375, height: 740 },
];
// A 1×1 PNG and a tiny PDF: one attachment with a preview, one without.
const PICTURE = {
  name: 'foto.png',
  mimeType: 'image/png',
  buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
};
const DOCUMENT = { name: 'factura.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') };

test.afterEach(async ({ request }) => {
  await resetDevFaults(request);
});

/** On a phone the less used controls are behind the header menu. */
async function setUp(page: Page, scheme: (typeof schemes)[number], size: (typeof sizes)[number]) {
  failOnPageErrors(page);
  await page.setViewportSize({ width: size.width, height: size.height });
  await page.emulateMedia({ colorScheme: scheme });
}

for (const scheme of schemes) {
  for (const size of sizes) {
    const where = `${size.name}, ${scheme}`;

    test(`axe: no violations on the login page, the inbox, a thread and the composer with attachments (${where})`, async ({ page, request }) => {
      test.setTimeout(90_000);
      const customer = await Customer.signIn(request, 5);
      const ticket = await customer.openTicket('Necesito ayuda con mi pedido', `Pedido (${where})`);
      await customer.send(ticket, 'Sigo esperando, gracias.');
      await setUp(page, scheme, size);

      await page.goto(`/tickets/${ticket}`);
      await expect(page.getByTestId('login-submit')).toBeVisible();
      await expectNoAxeViolations(page, `the login page (${where})`);
      await page.getByTestId('login-submit').click();
      await expect(page.getByTestId('login-error')).not.toBeEmpty();
      await expectNoAxeViolations(page, `the login page with an error (${where})`);

      await signIn(page);
      await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
      await expect(page.getByTestId('message')).toHaveCount(2);
      await expectNoAxeViolations(page, `a thread (${where})`);

      await page.getByTestId('composer-file-input').setInputFiles([PICTURE, DOCUMENT]);
      await expect(page.getByTestId('composer-file')).toHaveCount(2);
      await page.getByTestId('composer-input').fill('Aquí tiene la foto.');
      await expectNoAxeViolations(page, `the composer with an attachment (${where})`);

      await page.goto('/');
      await expect(page.getByTestId('ticket-row').first()).toBeVisible();
      await expectNoAxeViolations(page, `the inbox (${where})`);
    });
  
    test(`axe: no violations in any dialog or menu (${where})`, async ({ page, request }) => {
      test.setTimeout(120_000);
      const customer = await Customer.signIn(request, 6);
      const first = await customer.openTicket('Primera consulta', `Consulta A (${where})`);
      const second = await customer.openTicket('Segunda consulta', `Consulta B (${where})`);
      await setUp(page, scheme, size);
      await openDesk(page, `/tickets/${second}`);
      await expect(page.getByTestId('message')).toHaveCount(1);

      // The admin menu, at every size: it holds what is used once a day.
      await openAdminMenu(page);
      await expectNoAxeViolations(page, `the admin menu (${where})`);
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('header-menu')).toBeHidden();

      await page.getByTestId('mentions-toggle').click();
      await expect(page.getByTestId('mentions-list')).toBeVisible();
      await expectNoAxeViolations(page, `the mentions inbox (${where})`);
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('mentions-list')).toBeHidden();

      await openAdminMenu(page);
      await (await inAdminMenu(page, 'shortcuts-open')).click();
      await expect(page.getByTestId('shortcuts-help')).toBeVisible();
      await expectNoAxeViolations(page, `the shortcuts help (${where})`);
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('shortcuts-help')).toBeHidden();

      const toggle = page.getByTestId('customer-toggle');
      if (await toggle.isVisible()) await toggle.click();
      await expect(page.getByTestId('customer-counts')).toBeVisible();
      await expectNoAxeViolations(page, `the customer panel (${where})`);

      const input = page.getByTestId('composer-input');
      await page.getByTestId('note-toggle').click();
      await input.pressSequentially('Revisa esto @Lu');
      await expect(page.getByTestId('mention-menu')).toBeVisible();
      await expectNoAxeViolations(page, `the mention menu (${where})`);
      await input.press('Escape');
      await page.getByTestId('note-toggle').click();

      await input.fill('');
      await input.pressSequentially('/');
      await expect(page.getByTestId('canned-item').first()).toBeVisible();
      await expectNoAxeViolations(page, `the canned-reply menu (${where})`);
      await page.getByTestId('canned-manage-open').click();
      await expect(page.getByTestId('canned-row').first()).toBeVisible();
      await expectNoAxeViolations(page, `the canned-reply manager (${where})`);
      await page.getByTestId('canned-save').click();
      await expect(page.getByTestId('canned-error-title')).not.toBeEmpty();
      await expectNoAxeViolations(page, `the canned-reply manager refusing a reply (${where})`);
      await page.getByTestId('canned-manage-close').click();
      await expect(page.getByTestId('canned-manage')).toBeHidden();

      // A draft left behind makes signing out ask.
      await input.fill('Un borrador');
      await openAdminMenu(page);
      await (await inAdminMenu(page, 'logout')).click();
      await expect(page.getByTestId('signout-dialog')).toBeVisible();
      await expectNoAxeViolations(page, `the sign-out dialog (${where})`);
      await page.getByTestId('signout-cancel').click();
      await expect(page.getByTestId('signout-dialog')).toBeHidden();

      await page.goto('/');
      await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
      const row = (id: number) => page.locator(`[data-testid=ticket-row][data-ticket-id="${id}"]`);
      await row(first).getByTestId('bulk-select').check();
      await row(second).getByTestId('bulk-select').check();
      await expect(page.getByTestId('bulk-bar')).toBeVisible();
      await expectNoAxeViolations(page, `the bulk bar (${where})`);
      await devFault(request, 'bulk/refuse', { ids: [first] });
      await page.getByTestId('bulk-close').click();
      await expect(page.getByTestId('bulk-errors')).toBeVisible();
      await expectNoAxeViolations(page, `the bulk change's failures (${where})`);
    });
  }
}

test('the thread is a polite log of the conversation; each windowed inbox row gives its place in the whole list', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 5);
  const ticket = await customer.openTicket('¿Me ayudan con la factura?', 'Lector de pantalla');
  await openDesk(page, `/tickets/${ticket}`);
  const log = page.getByRole('log', { name: 'Conversación' });
  await expect(log).toHaveAttribute('aria-live', 'polite');
  await expect(log).toHaveAttribute('aria-relevant', 'additions');
  await customer.send(ticket, 'Un mensaje nuevo para el log');
  await expect(log.getByTestId('message').last()).toContainText('Un mensaje nuevo para el log');

  const total = Number((await page.getByTestId('inbox-count').textContent())?.match(/\d+/)?.[0]);
  expect(total).toBeGreaterThan(40);
  const rows = page.getByTestId('ticket-row');
  await expect(rows.first()).toHaveAttribute('aria-posinset', '1');
  await expect(rows.first()).toHaveAttribute('aria-setsize', String(total));
  // Scrolled down, the first rows leave the page; those drawn still count from the top.
  await page.getByTestId('ticket-list').evaluate((list) => {
    const rowHeight = list.querySelector('[data-testid=ticket-row]')!.getBoundingClientRect().height;
    list.scrollTop = 30 * rowHeight;
  });
  await expect(page.locator('[data-testid=ticket-row][aria-posinset="31"]')).toHaveCount(1);
  await expect(page.locator('[data-testid=ticket-row][aria-posinset="1"]')).toHaveCount(0);
});
