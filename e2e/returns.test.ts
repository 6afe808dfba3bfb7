/**
 * The data team's returns pages in a browser, without JavaScript: the Annex A window (a bad date
 * comes back as a GOV.UK error linked to its field), the workbook download, and the census data
 * quality page by team. Every page passes axe-core at WCAG 2.2 AA. Children are invented.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { journey, recordFacts } from '../src/core/returns/census-testing.js';
import { insertCensusJourney } from '../src/shell/returns/census-test-rows.js';
import {
  errorSummaryHrefs,
  expectNoAxeViolations,
  fillDateInput,
  heading,
  open,
  signedInPage,
  skipBrowserTests,
  startBatonAndChromium,
} from './browser.js';

describe.skipIf(skipBrowserTests)('statutory returns pages', () => {
  let child: string;
  const baton = startBatonAndChromium({
    clock: () => new Date('2026-03-31T10:00:00.000Z'),
    env: { BATON_PACK: 'stockport', BATON_SIGN_IN_LIMIT: '1000' },
  });
  beforeAll(async () => {
    child = await insertCensusJourney(
      baton.server.database.db,
      recordFacts({ localId: 'CH0042', ethnicity: null }),
      journey(),
    );
  });

  it('asks for the Annex A window, shows a bad date at its field, and downloads the workbook', async () => {
    const page = await signedInPage({ javaScript: false }, baton.url, 'data-team');
    try {
      expect(await open(page, baton.url, '/returns')).toBe(200);
      await expectNoAxeViolations(page, 'returns page');
      // 30 February is not a date.
      await fillDateInput(page, 'from', '2026-02-28');
      await page.locator('#from-day').fill('30');
      await page.getByRole('button', { name: 'Download Annex A (Excel)' }).click();
      await page.waitForLoadState('load');
      expect(await errorSummaryHrefs(page)).toEqual(['#from-day']);
      await expectNoAxeViolations(page, 'returns page with an Annex A error');
      await fillDateInput(page, 'from', '2025-04-01');
      await fillDateInput(page, 'to', '2026-03-31');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download Annex A (Excel)' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('annex-a-2025-04-01-to-2026-03-31.xlsx');
    } finally {
      await page.close();
    }
  });

  it('lists census failures by team, each child linking to the record', async () => {
    const page = await signedInPage({ javaScript: false }, baton.url, 'data-team');
    try {
      expect(await open(page, baton.url, '/returns/data-quality?year=2025-26')).toBe(200);
      expect(await heading(page)).toBe('Census data quality, 2025-26');
      await expectNoAxeViolations(page, 'data quality page');
      const link = page.getByRole('link', { name: 'CH0042' });
      expect(await link.getAttribute('href')).toBe(`/children/${child}`);
      expect(await page.locator('body').innerText()).toContain('No allocated team: 1 child');
    } finally {
      await page.close();
    }
  });
});
