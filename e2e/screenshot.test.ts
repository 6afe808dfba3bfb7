/**
 * Writes docs/images/check-form.png and check-result.png. Only when asked, because it rewrites
 * files in the checkout: `BATON_SCREENSHOTS=1 npx vitest run e2e/screenshot.test.ts`.
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { skipBrowserTests, startBatonAndChromium } from './browser.js';
import { takeScreenshots } from './screenshot.js';

const wanted = process.env.BATON_SCREENSHOTS === '1';
const OUT_DIR = fileURLToPath(new URL('../docs/images/', import.meta.url));

describe.skipIf(!wanted || skipBrowserTests)(
  'README screenshots (set BATON_SCREENSHOTS=1 to write docs/images/*.png)',
  () => {
    const baton = startBatonAndChromium();

    it('writes the check form and the result', async () => {
      const files = await takeScreenshots(baton.url, OUT_DIR);
      for (const file of files) expect(statSync(file).size).toBeGreaterThan(10_000);
    });
  },
);
