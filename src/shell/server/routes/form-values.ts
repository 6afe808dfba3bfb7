/** Reading urlencoded form bodies: every field may be missing, a string or an array. */
import type { ErrorDetail } from '../../../core/errors/error-catalogue.js';
import { parseIsoDate } from '../../../core/people/identifiers.js';

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

/**
 * Each error's text by the field it links to (the field's own error message): the first error of a
 * field wins, and a date input's day box stands for the date input.
 */
export function fieldErrors(errors: readonly PageError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    if (!e.href.startsWith('#')) continue;
    out[e.href.slice(1).replace(/-day$/, '')] ??= e.text;
  }
  return out;
}

// ------------------------------------------------------------------------------------------
// The one GOV.UK date input reader and the one error-summary builder, used by every form.

/** What was typed in a GOV.UK date input's three boxes (`name-day`, `name-month`, `name-year`). */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** A date input read: nothing typed, a real date, or why it is not one. */
export type DateReading =
  | { kind: 'empty' }
  | { kind: 'date'; iso: string }
  | { kind: 'incomplete' }
  | { kind: 'not-a-date'; typed: string };

export function dateParts(form: FormBody, name: string): DateParts {
  return {
    day: field(form, `${name}-day`),
    month: field(form, `${name}-month`),
    year: field(form, `${name}-year`),
  };
}

/** Read the three boxes as a calendar date (checked against the calendar: 31 4 2026 is not one). */
export function readDateParts(parts: DateParts): DateReading {
  const { day, month, year } = parts;
  const given = [day, month, year].filter((p) => p !== '');
  if (given.length === 0) return { kind: 'empty' };
  if (given.length < 3) return { kind: 'incomplete' };
  const typed = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    return { kind: 'not-a-date', typed };
  return parseIsoDate(typed) === null
    ? { kind: 'not-a-date', typed }
    : { kind: 'date', iso: typed };
}

/** The GOV.UK error message for a reading that is not a date, or null. */
export function dateReadingError(reading: DateReading, label: string): string | null {
  if (reading.kind === 'incomplete') return `${label} must include a day, month and year`;
  if (reading.kind === 'not-a-date') return `${label} must be a real date, like 27 3 2015`;
  return null;
}

/** The id a date input's error links to: its first box. */
export const dateInputId = (name: string): string => `${name}-day`;

/**
 * A validation error's details as GOV.UK error-summary items: each links to its field's control
 * (`anchors` maps a detail's path to a control id where they differ; a date input links to its
 * day box), in the order the fields appear on the page (`order`, by control id), with the page's own
 * words where it asks differently (`text`).
 */
export function pageErrorsFrom(
  details: readonly ErrorDetail[],
  options: {
    anchors?: Readonly<Record<string, string>>;
    order?: readonly string[];
    text?: (path: string, message: string) => string;
  } = {},
): PageError[] {
  const { anchors = {}, order = [], text = (_p: string, m: string) => m } = options;
  const anchor = (path: string) => anchors[path] ?? path;
  const rank = (path: string) => {
    const i = order.indexOf(anchor(path).replace(/-day$/, ''));
    return i < 0 ? order.length : i;
  };
  return [...details]
    .sort((a, b) => rank(a.path) - rank(b.path))
    .map((d) => ({ text: text(d.path, d.message), href: `#${anchor(d.path)}` }));
}

/** Read a GOV.UK date input into an ISO date, with the GOV.UK message when it is not one. */
export function readDate(
  form: FormBody,
  name: string,
  label: string,
): { parts: DateParts; iso: string | undefined; error: string | null } {
  const parts = dateParts(form, name);
  const reading = readDateParts(parts);
  return {
    parts,
    iso: reading.kind === 'date' ? reading.iso : undefined,
    error: dateReadingError(reading, label),
  };
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

/** A day (or the day of an instant) as the parts of a GOV.UK date input, to show as its value. */
export function datePartsOf(iso: string): DateParts {
  const [year = '', month = '', day = ''] = iso.slice(0, 10).split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/**
 * The idempotency key of a create form's submission: its one-time `_formToken` (a UUID put in
 * the form by `render`), so that submitting the same form twice makes one record. Undefined when
 * the form has none, or not a UUID.
 */
export function formTokenKey(form: FormBody): string | undefined {
  const token = form._formToken;
  return typeof token === 'string' &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(token)
    ? `form:${token}`
    : undefined;
}

/**
 * Several GOV.UK date inputs read at once (`labels`: each input's name and the words its errors
 * use): each as an ISO date ('' when left blank), the boxes as typed (`name-day` and so on, to show
 * again) and the GOV.UK error of each that is not a date, linking to its day box.
 */
export function readDates(
  form: FormBody,
  labels: Readonly<Record<string, string>>,
): { iso: Record<string, string>; typed: Record<string, string>; errors: PageError[] } {
  const iso: Record<string, string> = {};
  const typed: Record<string, string> = {};
  const errors: PageError[] = [];
  for (const [name, label] of Object.entries(labels)) {
    const d = readDate(form, name, label);
    iso[name] = d.iso ?? '';
    Object.assign(typed, datePartsValues(name, d.parts));
    if (d.error !== null) errors.push({ text: d.error, href: `#${dateInputId(name)}` });
  }
  return { iso, typed, errors };
}

/** A date input's boxes as form values (`name-day`, `name-month`, `name-year`), to show again. */
export function datePartsValues(name: string, parts: DateParts): Record<string, string> {
  return {
    [`${name}-day`]: parts.day,
    [`${name}-month`]: parts.month,
    [`${name}-year`]: parts.year,
  };
}
