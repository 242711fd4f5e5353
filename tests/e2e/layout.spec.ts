import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, expectNoHorizontalOverflow } from './axe';
import { Customer, failOnPageErrors, signIn } from './helpers';

// axe is injected as a <script> of the page; the panel's strict CSP (which
// headers.spec.ts checks) would refuse it, so these pages bypass it.
test.use({ bypassCSP: true });

// Phones and narrow windows: nothing scrolls sideways, the top bar fits and
// folds its less used controls into a menu, and the reply box stays usable
// with the on-screen keyboard open.

/** Fails unless the element is entirely within the viewport's width. */
async function expectWithinWidth(page: Page, testId: string, width: number) {
  const box = await page.getByTestId(testId).boundingBox();
  expect(box, `${testId} is drawn`).not.toBeNull();
  expect(box!.x, `${testId} starts on screen`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${testId} ends on screen`).toBeLessThanOrEqual(width);
}

for (const width of [320, 375, 768]) {
  test(`at ${width} px nothing scrolls sideways (login, thread, header menu, shortcuts help, inbox), every top-bar control is on screen, and Escape gives the focus back to the menu button`, async ({ page, request }) => {
    failOnPageErrors(page);
    const customer = await Customer.signIn(request, 10);
    // A long subject and a long unbroken word: the usual ways a page grows sideways.
    const ticket = await customer.openTicket(
      `Referencia ${'A1B2C3D4'.repeat(8)} sin espacios`,
      `Un asunto bastante largo para una pantalla de ${width} píxeles de ancho`,
    );
    await page.setViewportSize({ width, height: 700 });

    await page.goto(`/tickets/${ticket}`);
    await expect(page.getByTestId('login-submit')).toBeVisible();
    await expectNoHorizontalOverflow(page, `the login page at ${width} px`);
    await signIn(page);
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
    await expect(page.getByTestId('message')).toHaveCount(1);
    await expectNoHorizontalOverflow(page, `a thread at ${width} px`);
    for (const control of ['connection-state', 'mentions-toggle', 'header-menu-toggle']) await expectWithinWidth(page, control, width);

    // Signing out and the rest: one tap on the menu away, all on screen.
    await page.getByTestId('header-menu-toggle').click();
    await expect(page.getByTestId('header-menu')).toBeVisible();
    for (const control of ['header-menu', 'logout', 'current-admin', 'locale', 'sound-toggle', 'shortcuts-open']) {
      await expect(page.getByTestId(control)).toBeVisible();
      await expectWithinWidth(page, control, width);
    }
    await expectNoHorizontalOverflow(page, `the open header menu at ${width} px`);
    await page.getByTestId('logout').focus();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('header-menu')).toBeHidden();
    await expect(page.getByTestId('header-menu-toggle')).toBeFocused();

    // The help opened from the menu: the menu folds away, so closing the help
    // gives the focus to the menu's button.
    await page.getByTestId('header-menu-toggle').click();
    await page.getByTestId('shortcuts-open').click();
    await expect(page.getByTestId('shortcuts-help')).toBeVisible();
    await expectNoHorizontalOverflow(page, `the shortcuts help at ${width} px`);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcuts-help')).toBeHidden();
    await expect(page.getByTestId('header-menu')).toBeHidden();
    await expect(page.getByTestId('header-menu-toggle')).toBeFocused();

    await page.getByRole('link', { name: 'Volver a la bandeja' }).click();
    await expect(page.getByTestId('ticket-row').first()).toBeVisible();
    await expectNoHorizontalOverflow(page, `the inbox at ${width} px`);
  });
}

test('with the on-screen keyboard open (375 × 320 px) the reply box, its send button and the newest message stay in view', async ({ page, request }) => {
  failOnPageErrors(page);
  const customer = await Customer.signIn(request, 10);
  const ticket = await customer.openTicket('Primer mensaje', 'Teclado en pantalla');
  await customer.send(ticket, 'El mensaje más reciente');
  await page.setViewportSize({ width: 375, height: 700 });
  await page.goto(`/tickets/${ticket}`);
  await signIn(page);
  await expect(page.getByTestId('message')).toHaveCount(2);

  // The keyboard takes the lower half of the screen: the page is resized
  // (interactive-widget=resizes-content in index.html).
  await page.setViewportSize({ width: 375, height: 320 });
  const input = page.getByTestId('composer-input');
  await input.focus();
  await input.fill('Respuesta escrita con el teclado abierto');
  await expect(input).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId('composer-send')).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId('message').last()).toBeInViewport();
  await expectNoHorizontalOverflow(page, 'a thread with the keyboard open');
  await expectNoAxeViolations(page, 'a thread with the keyboard open');
  await page.getByTestId('composer-send').click();
  await expect(page.locator('[data-testid=message][data-state=sent]')).toHaveCount(1);
});
