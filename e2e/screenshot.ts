/**
 * The README's screenshots: a Worcestershire check form and its result, made with synthetic
 * answers on a fresh test server. Run through `BATON_SCREENSHOTS=1 npx vitest run
 * e2e/screenshot.test.ts`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { newPage, signIn } from './browser.js';

const WIDTH = 1100;
const MAX_HEIGHT = 2000;

// Two level 2 indicators and one level 3, from policy-packs/worcestershire.yaml.
const INDICATORS = [
  'wor-l2-health-missing-checks-immunisations',
  'wor-l2-housing-poor-housing',
  'wor-l3-edu-persistent-truanting',
];

/** Capture from the top of the page down to the bottom of `until`, at most MAX_HEIGHT. */
async function captureTo(page: Page, until: string, path: string): Promise<void> {
  // Page coordinates, not the viewport's: ticking boxes has scrolled the page.
  const bottom = await page
    .locator(until)
    .first()
    .evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
  const height = Math.min(MAX_HEIGHT, Math.ceil(bottom + 30));
  await page.screenshot({ path, clip: { x: 0, y: 0, width: WIDTH, height }, fullPage: true });
}

/** Sign in, make the check and write check-form.png and check-result.png into `outDir`. */
export async function takeScreenshots(baseUrl: string, outDir: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const page = await newPage({ javaScript: true, width: WIDTH });
  try {
    await signIn(page, baseUrl, 'practitioner');
    await page.goto(`${baseUrl}/check/worcestershire`);
    await page.locator('input[name="immediateDanger"][value="no"]').check();
    await page.locator('#ageYears').fill('9');
    for (const id of INDICATORS) {
      await page.locator(`input[name="indicators"][value="${id}"]`).check();
    }
    // The live filter keeps the ticked indicators and shows what matches, so the questions and
    // the ticked indicators fit in one picture.
    await page.locator('#filter').fill('attendance');
    await page.locator('#filter').blur();
    await page.mouse.move(WIDTH - 1, 0);
    const formPath = join(outDir, 'check-form.png');
    await captureTo(
      page,
      `[data-indicator-group]:has(input[value="${INDICATORS[2] ?? ''}"])`,
      formPath,
    );

    await Promise.all([
      page.waitForURL(/\/checks\/[^/]+$/),
      page.getByRole('button', { name: 'Check level of need' }).click(),
    ]);
    const resultPath = join(outDir, 'check-result.png');
    await captureTo(page, 'h2:text-is("Why this level") + ul', resultPath);
    return [formPath, resultPath];
  } finally {
    await page.context().close();
  }
}
