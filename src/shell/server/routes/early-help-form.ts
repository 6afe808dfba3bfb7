/**
 * Reading early help forms and showing their problems: field values, textarea lines, attendees,
 * consent answers, and GOV.UK error summaries built from a use-case's refusal.
 */
import { isBatonError } from '../../../core/errors/error-catalogue.js';
import type { Missing } from '../../../core/journey/index.js';
import type { Attendee } from '../../use-cases/early-help-view-use-cases.js';
import type { ConsentInput } from '../../use-cases/early-help/index.js';
import { field, type FormBody, type PageError } from './form-values.js';

export type Values = Record<string, string>;

/** A field's id on the page from an error path ("consent.givenByName" → "consentGivenByName"). */
function fieldId(path: string): string {
  // A GOV.UK date input is reached through its day box.
  if (path === 'occurredAt') return 'occurredAt-day';
  const parts = path
    .replace(/^requires:/, '')
    .split('.')
    .filter((p) => p !== '' && !/^\d+$/.test(p));
  return parts.map((p, i) => (i === 0 ? p : p.charAt(0).toUpperCase() + p.slice(1))).join('');
}

/** What a page shows when a form is refused: its status, error summary and missing rules. */
export interface FormProblem {
  status: number;
  errors: PageError[];
  missing: Missing[];
}

/**
 * Turn a refusal into GOV.UK error-summary items linking to the fields. Journey refusals keep
 * their rule and citation so the page can show where the rule comes from.
 */
export function formProblem(
  e: unknown,
  fieldFor: Record<string, string>,
  first: string,
): FormProblem {
  if (!isBatonError(e)) throw e;
  const href = (path: string) => `#${fieldFor[path] ?? fieldId(path)}`;
  if (e.code === 'BATON_VALIDATION')
    return {
      status: 400,
      errors: e.details.map((d) => ({ text: d.message, href: href(d.path) })),
      missing: [],
    };
  if (e.code === 'BATON_TRANSITION_REFUSED') {
    const missing = (e.extra.missing ?? []) as Missing[];
    return {
      status: 422,
      errors: missing.map((m) => ({ text: m.message, href: href(m.rule) })),
      missing,
    };
  }
  if (e.code === 'BATON_STALE_EDIT')
    return {
      status: 409,
      errors: [
        {
          text: 'Someone else changed this record after you opened it. What you typed is kept below: check it and save again.',
          href: `#${first}`,
        },
      ],
      missing: [],
    };
  if (e.code === 'BATON_TRANSITION_NOT_ALLOWED')
    return { status: 409, errors: [{ text: e.message, href: `#${first}` }], missing: [] };
  // A date it happened that cannot be right (in the future, before the work or the step before).
  if (e.code.startsWith('BATON_OCCURRED_'))
    return {
      status: e.status,
      errors: [{ text: e.message, href: `#${fieldFor.occurredAt ?? 'occurredAt-day'}` }],
      missing: [],
    };
  // Anything else (no access, not found…) is the error page's business.
  throw e;
}

export { fieldErrors } from './form-values.js';

/** Every non-empty line of a textarea. */
export const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** "Name, role" lines as attendees. */
export const attendeesFrom = (text: string, family: boolean): Attendee[] =>
  lines(text).map((l) => {
    const [name = '', ...rest] = l.split(',');
    return { name: name.trim(), role: rest.join(',').trim(), family };
  });

/** The version the form was read at (none for a new record). */
export const versionOf = (form: FormBody): number | undefined => {
  const v = field(form, 'version');
  return v === '' ? undefined : Number(v);
};

/** The named fields of a form. */
export const values = (form: FormBody, names: readonly string[]): Values =>
  Object.fromEntries(names.map((n) => [n, field(form, n)]));

/** The consent answers of a form whose fields start with `prefix`; none when not answered. */
export function consentFrom(v: Values, prefix: string): ConsentInput | undefined {
  const decision = v[`${prefix}Decision`];
  if (decision !== 'given' && decision !== 'refused') return undefined;
  const givenBy = v[`${prefix}GivenBy`];
  return {
    decision,
    givenBy:
      givenBy === 'young-person' || givenBy === 'carer-without-pr' ? givenBy : 'parent-with-pr',
    givenByName: v[`${prefix}GivenByName`] ?? '',
    method: v[`${prefix}Method`] === 'written' ? 'written' : 'verbal',
    youngPersonCompetent: v[`${prefix}Competent`] === 'yes',
  };
}
