/** Reading urlencoded form bodies: every field may be missing, a string or an array. */
import { parseIsoDate } from '../../../core/people/index.js';

export type FormBody = Record<string, string | string[] | undefined>;

export function asForm(body: unknown): FormBody {
  return typeof body === 'object' && body !== null ? (body as FormBody) : {};
}

export function field(form: FormBody, name: string): string {
  const v = form[name];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
}

export function fields(form: FormBody, name: string): string[] {
  const v = form[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter((s) => s !== '');
}

/** A GOV.UK error-summary item linking to the field. */
export interface PageError {
  text: string;
  href: string;
}

/** Each error's text by the id of the field it links to (the field's own error message). */
export const fieldErrors = (errors: readonly PageError[]): Record<string, string> =>
  Object.fromEntries(errors.map((e) => [e.href.slice(1), e.text]));

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** Read a GOV.UK date input (name-day, name-month, name-year) into an ISO date. */
export function readDate(
  form: FormBody,
  name: string,
  label: string,
): { parts: DateParts; iso: string | undefined; error: string | null } {
  const parts = {
    day: field(form, `${name}-day`),
    month: field(form, `${name}-month`),
    year: field(form, `${name}-year`),
  };
  const given = [parts.day, parts.month, parts.year].filter((p) => p !== '');
  if (given.length === 0) return { parts, iso: undefined, error: null };
  if (given.length < 3)
    return { parts, iso: undefined, error: `${label} must include a day, month and year` };
  if (!/^\d{1,2}$/.test(parts.day) || !/^\d{1,2}$/.test(parts.month) || !/^\d{4}$/.test(parts.year))
    return { parts, iso: undefined, error: `${label} must be a real date, like 27 3 2015` };
  const iso = `${parts.year}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}`;
  if (parseIsoDate(iso) === null)
    return { parts, iso: undefined, error: `${label} must be a real date, like 27 3 2015` };
  return { parts, iso, error: null };
}

/**
 * "When did it happen?" from a GOV.UK date input named `occurredAt` (the page shows today until
 * changed). Blank: undefined (now). Otherwise the ISO date, or the error to show at the field.
 */
export function readOccurredAt(form: FormBody): {
  parts: DateParts;
  occurredAt: string | undefined;
  error: string | null;
} {
  const d = readDate(form, 'occurredAt', 'The date it happened');
  return { parts: d.parts, occurredAt: d.iso, error: d.error };
}

/** Today's date as the parts of a GOV.UK date input (the default for "when did it happen?"). */
export function dateParts(iso: string): DateParts {
  const [year = '', month = '', day = ''] = iso.slice(0, 10).split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}
