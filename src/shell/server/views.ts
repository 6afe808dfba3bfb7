/**
 * Server-side rendering with Nunjucks and the GOV.UK Frontend macros. Templates live in
 * views/ at the root of the checkout; govuk-frontend's own templates are on the search path.
 */
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import {
  dateTimeText,
  daysRecordedLate,
  longDateText,
  stepTimesText,
  whenText,
} from './date-text.js';
import { datePartsOf } from './routes/form-values.js';
import { packTextFilter } from './pack-text.js';
import { roleName, roleNameList } from './role-names.js';

const require = createRequire(import.meta.url);

export const ROOT_DIR = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const VIEWS_DIR = join(ROOT_DIR, 'views');
/** node_modules/govuk-frontend/dist (contains govuk/template.njk, components and assets). */
export const GOVUK_DIST_DIR = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');

/** The `trim` filter: text trimmed; markup already marked safe stays safe. */
export function trimFilter(
  value: string | nunjucks.runtime.SafeString,
): string | nunjucks.runtime.SafeString {
  const trimmed = value.toString().trim();
  return value instanceof nunjucks.runtime.SafeString
    ? new nunjucks.runtime.SafeString(trimmed)
    : trimmed;
}

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
  env.addFilter('longDate', longDateText);
  // A day as "7 December 2026", an instant with its time: for values that may be either.
  env.addFilter('when', whenText);
  // A stored day as a GOV.UK date input's boxes, to show as its value.
  env.addFilter('dateParts', (iso: string | null | undefined) =>
    iso ? datePartsOf(iso) : { day: '', month: '', year: '' },
  );
  // "happened 7 Dec 2026, recorded 9 Dec 2026, authorised 18 Dec 2026" (issue 12 §2).
  env.addFilter(
    'stepTimes',
    (occurredAt: string, recordedAt: string, authorisedAt: string | null, verb?: string) =>
      stepTimesText(occurredAt, recordedAt, authorisedAt ?? null, verb),
  );
  env.addFilter('daysLate', daysRecordedLate);
  // Pack quotes keep their source's **emphasis**: escaped, with only that Markdown rendered.
  env.addFilter('packText', packTextFilter);
  // Roles, involvements, parties and agency kinds by name, never by code.
  env.addFilter('roleName', roleName);
  env.addFilter('roleNames', roleNameList);
  let whole: Intl.NumberFormat | undefined; // made on first use, like the date formatters
  env.addFilter('count', (n: number) => (whole ??= new Intl.NumberFormat('en-GB')).format(n));
  // Nunjucks' own `trim` strips with /^\s*|\s*$/g, which rescans each run of white space to the
  // end of the string; GOV.UK Frontend's macros trim their whole output, so this was about a tenth
  // of the CPU of rendering a page. String#trim strips the same characters (white space and line
  // terminators), and marked-safe markup stays marked safe, as with the original.
  env.addFilter('trim', trimFilter);
  return env;
}
