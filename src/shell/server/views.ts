/**
 * Server-side rendering with Nunjucks and the GOV.UK Frontend macros. Templates live in
 * views/ at the root of the checkout; govuk-frontend's own templates are on the search path.
 */
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { dateTimeText } from './date-text.js';

const require = createRequire(import.meta.url);

export const ROOT_DIR = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const VIEWS_DIR = join(ROOT_DIR, 'views');
/** node_modules/govuk-frontend/dist (contains govuk/template.njk, components and assets). */
export const GOVUK_DIST_DIR = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');

/** A configured Nunjucks environment (autoescaping on: every value is HTML-escaped by default). */
export function createViewEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_DIST_DIR], { noCache: false }),
    {
      autoescape: true,
      throwOnUndefined: false,
    },
  );
  env.addFilter(
    'levelTag',
    (level: number) =>
      ['', 'govuk-tag--green', 'govuk-tag--blue', 'govuk-tag--orange', 'govuk-tag--red'][level] ??
      '',
  );
  env.addFilter('dateTime', dateTimeText);
  let whole: Intl.NumberFormat | undefined; // made on first use, like the date formatters
  env.addFilter('count', (n: number) => (whole ??= new Intl.NumberFormat('en-GB')).format(n));
  return env;
}
