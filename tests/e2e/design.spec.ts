import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, expectNoHorizontalOverflow } from './axe';
import { CARLOS, Customer, LUCIA, failOnPageErrors, inAdminMenu, openDesk, signInAs, signOut } from './helpers';

// axe is injected as a <script> of the page; the panel's strict CSP (which
// headers.spec.ts checks) would refuse it, so these pages bypass it.
test.use({ bypassCSP: true });

// The screen, measured in a real browser: how many tickets and how much of
// the conversation an agent sees, and that no control is cut, at a phone, a
// small phone, a 13" laptop and a desktop, in both themes.

const sizes = [
  { width: 320, height: 640 },
  { width: 375, height: 740 },
  { width: 1280, height: 720 },
  { width: 1600, height: 900 },
];
const schemes = ['light', 'dark'] as const;

/** Whole inbox rows inside the list's visible box. */
async function wholeRowsInView(page: Page): Promise<number> {
  return page.getByTestId('ticket-list').evaluate((list) => {
    const box = list.getBoundingClientRect();
    return [...list.querySelectorAll('[data-testid=ticket-row]')].filter((row) => {
      const r = row.getBoundingClientRect();
      return r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
    }).length;
  });
}

/** The controls (buttons, links, selects, chips) in the bars an agent uses
 * all day whose content does not fit their box: a select's chosen text is
 * measured with its own font, since a select does not scroll. */
async function cutControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bars = '.topbar, .inbox-header, .inbox-filters, .thread-top, .ticket-controls, .composer';
    const canvas = document.createElement('canvas').getContext('2d')!;
    const cut: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(`:is(${bars}) :is(button, a, select, .badge)`)) {
      const style = getComputedStyle(el);
      if (el.offsetParent === null || style.visibility === 'hidden') continue;
      let fits = el.scrollWidth <= el.clientWidth + 1;
      if (el instanceof HTMLSelectElement) {
        canvas.font = style.font;
        const text = el.selectedOptions[0]?.text ?? '';
        // The text, its padding and the arrow (about 20 px in Chromium).
        const needed = canvas.measureText(text).width + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + 20;
        fits = needed <= el.clientWidth + 1;
      }
      const label = el instanceof HTMLSelectElement ? el.selectedOptions[0]?.text : el.textContent;
      if (!fits) cut.push(`${el.tagName.toLowerCase()} "${(label ?? '').trim().slice(0, 30) || el.getAttribute('aria-label')}"`);
    }
    return cut;
  });
}

for (const scheme of schemes) {
  for (const size of sizes) {
    const name = `${size.width}×${size.height}, ${scheme}`;
    test(`at ${name}: rows fill the inbox, the thread gives the messages most of the height, the reply box spans the column, and no control is cut or scrolls sideways`, async ({ page, request }) => {
      const customer = await Customer.signIn(request, 11);
      const ticket = await customer.openTicket('Una pregunta sobre mi pedido', `Diseño ${name}`);
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await openDesk(page);
      await expect(page.getByTestId('ticket-row').first()).toBeVisible();

      const rows = await wholeRowsInView(page);
      if (size.width === 1280) expect(rows, 'whole rows at 1280×720').toBeGreaterThanOrEqual(10);
      if (size.width === 1600) expect(rows, 'whole rows at 1600×900').toBeGreaterThanOrEqual(13);
      if (size.width === 375) expect(rows, 'whole rows on a phone').toBeGreaterThanOrEqual(9);
      expect(await cutControls(page), 'controls cut in the inbox').toEqual([]);
      await expectNoHorizontalOverflow(page, `the inbox at ${name}`);

      await page.goto(`/tickets/${ticket}`);
      await expect(page.getByTestId('message')).toHaveCount(1);
      const input = page.getByTestId('composer-input');
      await expect(input).toBeEmpty();
      const messages = (await page.getByTestId('thread-scroll').boundingBox())!;
      const share = messages.height / size.height;
      if (size.width < 800) expect(share, 'the messages\' share of a phone\'s height').toBeGreaterThanOrEqual(0.5);
      else expect(share, 'the messages\' share of a laptop\'s height').toBeGreaterThanOrEqual(0.55);
      const column = (await page.getByTestId('thread').boundingBox())!;
      const box = (await input.boundingBox())!;
      expect(box.width / column.width, 'the reply box\'s share of the thread column').toBeGreaterThanOrEqual(0.7);
      expect(await cutControls(page), 'controls cut in the thread').toEqual([]);
      await expectNoHorizontalOverflow(page, `a thread at ${name}`);

      // A long reply grows the box, up to a limit, and the messages keep room.
      const before = box.height;
      await input.fill(Array.from({ length: 30 }, (_, i) => `Línea ${i + 1}`).join('\n'));
      const grown = (await input.boundingBox())!.height;
      expect(grown, 'the reply box grows with its text').toBeGreaterThan(before);
      expect(grown, 'up to 40 % of the height').toBeLessThanOrEqual(size.height * 0.4 + 1);
    });
  }
}

test('the first paint comes before the WebAssembly: the brand and a skeleton of the inbox, replaced when the panel mounts', async ({ page }) => {
  failOnPageErrors(page);
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/', { waitUntil: 'domcontentloaded' });
  const shell = page.getByTestId('first-paint');
  await expect(shell).toBeVisible();
  await expect(shell.locator('.brand')).toHaveText('Mesa');
  await expect(shell.getByRole('status')).toHaveText('Cargando…');
  expect(await shell.locator('.first-paint-row').count()).toBeGreaterThanOrEqual(10);
  // Styled by the panel's own stylesheet: the bar has its height and border.
  const bar = (await shell.locator('.topbar').boundingBox())!;
  expect(bar.height).toBe(44);

  release();
  await expect(page.getByTestId('login-submit')).toBeVisible();
  await expect(shell).toHaveCount(0);
});

for (const scheme of schemes) {
  test(`compact density (${scheme}): one line per row, at least 16 whole rows at 1280×720, no axe violation, kept for that admin only`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.emulateMedia({ colorScheme: scheme });
    await openDesk(page);
    await expect(page.getByTestId('ticket-row').first()).toBeVisible();
    const toggle = await inAdminMenu(page, 'density-compact');
    await expect(toggle).not.toBeChecked();
    await toggle.check();
    await page.keyboard.press('Escape');
    await expect(page.locator('.desk')).toHaveClass(/density-compact/);
    await expect(page.getByTestId('ticket-preview').first()).toBeHidden();
    const row = (await page.getByTestId('ticket-row').first().boundingBox())!;
    expect(row.height).toBeLessThanOrEqual(32);
    expect(await wholeRowsInView(page)).toBeGreaterThanOrEqual(16);
    expect(await cutControls(page)).toEqual([]);
    await expectNoAxeViolations(page, `the compact inbox (${scheme})`);

    await page.reload();
    await expect(page.locator('.desk')).toHaveClass(/density-compact/);
    await signOut(page);
    await signInAs(page, LUCIA);
    await expect(page.locator('.desk')).not.toHaveClass(/density-compact/);
    await signOut(page);
    await signInAs(page, CARLOS);
    await expect(page.locator('.desk')).toHaveClass(/density-compact/);
    await (await inAdminMenu(page, 'density-compact')).uncheck();
    await expect(page.locator('.desk')).not.toHaveClass(/density-compact/);
  });
}

test('the filters in force show as chips; removing one resets only that filter, in the URL and its control', async ({ page }) => {
  await openDesk(page, '/?status=closed&assigned=unassigned&q=cup%C3%B3n');
  const chips = page.getByTestId('filter-chip');
  await expect(chips).toHaveText(['Cerrados×', 'Sin asignar×', '“cupón”×']);
  await expect(page.getByTestId('filter-chips')).toBeVisible();
  expect(await cutControls(page)).toEqual([]);

  await chips.filter({ hasText: 'Sin asignar' }).getByTestId('filter-chip-remove').click();
  await expect(page).toHaveURL(/\?status=closed&q=cup%C3%B3n$/);
  await expect(page.getByTestId('filter-assigned')).toHaveValue('any');
  await expect(chips).toHaveText(['Cerrados×', '“cupón”×']);

  await page.getByRole('button', { name: 'Quitar el filtro “cupón”' }).click();
  await expect(page).toHaveURL(/\?status=closed$/);
  await expect(page.getByTestId('search')).toHaveValue('');
  await chips.getByTestId('filter-chip-remove').click();
  await expect(page.getByTestId('filter-chips')).toHaveCount(0);
  await expect(page.getByTestId('filter-status')).toHaveValue('open');
});
