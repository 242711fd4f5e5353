import { expect, type Page } from '@playwright/test';

// axe-core, the accessibility engine behind Lighthouse and browser devtools,
// run inside the page. Only the WCAG 2.0 and 2.1 level A and AA rules: those
// are the bar the panel promises.
const AXE_SOURCE = require.resolve('axe-core/axe.min.js');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

type Violation = {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
};

/** Fails the test, naming each rule and element, if axe finds any WCAG
 * 2.0/2.1 A or AA violation on the page as it is now; the test goes on, so
 * one run reports every state that fails. `state` says what was checked. */
export async function expectNoAxeViolations(page: Page, state: string) {
  // The panel is a single page: the script stays once injected.
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ path: AXE_SOURCE });
  }
  const violations: Violation[] = await page.evaluate(async (tags) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const axe = (window as any).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations;
  }, WCAG_AA);
  expect.soft(violations.length, `axe on ${state}:\n${describe(violations)}`).toBe(0);
}

/** One paragraph per rule, one line per element: what fails, where, and why. */
function describe(violations: Violation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `    ${n.target.join(' ')}\n      ${n.html.slice(0, 160)}\n      ${(n.failureSummary ?? '').replace(/\n/g, ' ')}`)
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join('\n');
}

/** Fails if the page, or any scrolling area in it, scrolls sideways. */
export async function expectNoHorizontalOverflow(page: Page, state: string) {
  const overflowing = await page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) found.push(`the page: ${root.scrollWidth}px in ${root.clientWidth}px`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      const overflowX = getComputedStyle(el).overflowX;
      if ((overflowX === 'auto' || overflowX === 'scroll') && el.scrollWidth > el.clientWidth) {
        found.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth}px in ${el.clientWidth}px`);
      }
    }
    return found;
  });
  expect(overflowing, `sideways scrolling on ${state}`).toEqual([]);
}
