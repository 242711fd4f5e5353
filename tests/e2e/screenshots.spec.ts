import path from 'node:path';
import { expect, test } from '@playwright/test';
import { openDesk } from './helpers';

// Pictures for reviewers, written to target/screenshots/ on every run.
const out = path.resolve(__dirname, '../../target/screenshots');
const sizes = [
  { name: 'laptop', width: 1280, height: 720 },
  { name: 'phone', width: 375, height: 740 },
];

for (const scheme of ['light', 'dark'] as const) {
  for (const size of sizes) {
    test(`screenshots: ${size.name}, ${scheme}`, async ({ page }) => {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.emulateMedia({ colorScheme: scheme });
      await openDesk(page);
      await expect(page.getByTestId('ticket-row').first()).toBeVisible();
      await page.screenshot({ path: path.join(out, `inbox-${size.name}-${scheme}.png`) });

      await page.getByTestId('ticket-row').first().locator('a').click();
      await expect(page.getByTestId('message').first()).toBeVisible();
      await expect(page.getByTestId('composer-input')).toBeVisible();
      await page.screenshot({ path: path.join(out, `thread-${size.name}-${scheme}.png`) });
      // On a phone the thread replaces the inbox; on a desktop both show.
      await expect(page.getByTestId('inbox')).toBeVisible({ visible: size.name === 'laptop' });
    });
  }
}
