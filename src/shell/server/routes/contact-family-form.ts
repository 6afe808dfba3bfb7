/**
 * The contact form's "family" page: every child and their parents and carers on one page (issue
 * 14 §3, a referral in at most 6 pages). Enough empty rows are shown for most families, so no
 * round trip is needed without JavaScript; "Add another" is only for a family larger than them.
 * A row left empty is dropped, and the rows are closed up, when the page is sent.
 */
import { isBatonError } from '../../../core/errors/error-catalogue.js';
import { phoneNumberProblem, validatePhoneNumber } from '../../../core/people/index.js';
import { parentRelationships } from '../../use-cases/contact-use-cases.js';
import { validateNewPerson } from '../../use-cases/person-use-cases.js';
import {
  blankAdult,
  blankChild,
  type ContactDraft,
  type DraftAdult,
  type DraftChild,
} from './contact-draft.js';
import { field, fields, readDateParts, type FormBody, type PageError } from './form-values.js';

/** Rows shown before anyone needs "Add another": most families referred fit in them. */
export const FAMILY_ROWS = { children: 3, adults: 3 } as const;
const MAX_ROWS = 20;

/** Add a GOV.UK error for a field, once per field. */
export const problem = (errors: PageError[], id: string, text: string): void => {
  if (!errors.some((e) => e.href === `#${id}`)) errors.push({ text, href: `#${id}` });
};

const rowCount = (form: FormBody, name: string, least: number): number =>
  Math.max(least, Math.min(Number(field(form, name)) || least, MAX_ROWS));

/** A child row nobody used: the surname alone does not count (it may be the family's). */
const emptyChild = (c: DraftChild): boolean =>
  c.givenName === '' &&
  c.dobDay === '' &&
  c.dobMonth === '' &&
  c.dobYear === '' &&
  !c.unborn &&
  c.nhsNumber === '';

/**
 * An adult row nobody used. The surname alone does not count: Baton fills it in from the
 * children's, so a row with no first name, relationship, address, phone or child ticked is one
 * nobody used.
 */
export const emptyAdult = (a: DraftAdult): boolean =>
  a.givenName === '' &&
  a.relationship === '' &&
  a.parentalResponsibility === '' &&
  a.livesWithChild === '' &&
  a.addressLine1 === '' &&
  a.addressLine2 === '' &&
  a.town === '' &&
  a.postcode === '' &&
  a.phone === '';

/**
 * Read the family page: the children, their parents and carers, and why a parent's details are
 * unknown. Empty rows are dropped and the adults' ticks follow their children; a brother, sister
 * or parent whose last name is left blank takes the first child's (told once, issue 14 §3).
 * "Add another child" and "Add another parent or carer" give one more row than was shown.
 */
export function readFamily(form: FormBody, draft: ContactDraft): ContactDraft {
  const shownChildren = rowCount(form, 'childCount', 1);
  const shownAdults = rowCount(form, 'adultCount', 0);
  const rawChildren: DraftChild[] = [];
  for (let i = 0; i < shownChildren; i++) {
    const at = (f: string) => field(form, `child${String(i)}-${f}`);
    rawChildren.push({
      givenName: at('givenName'),
      familyName: at('familyName'),
      dobDay: at('dob-day'),
      dobMonth: at('dob-month'),
      dobYear: at('dob-year'),
      unborn: at('unborn') === 'yes',
      nhsNumber: at('nhsNumber'),
    });
  }
  const rawAdults: DraftAdult[] = [];
  for (let i = 0; i < shownAdults; i++) {
    const at = (f: string) => field(form, `adult${String(i)}-${f}`);
    rawAdults.push({
      givenName: at('givenName'),
      familyName: at('familyName'),
      relationship: at('relationship'),
      parentalResponsibility: at('pr'),
      livesWithChild: at('lives'),
      addressLine1: at('addressLine1'),
      addressLine2: at('addressLine2'),
      town: at('town'),
      postcode: at('postcode'),
      phone: at('phone'),
      children: fields(form, `adult${String(i)}-children`)
        .map(Number)
        .filter((n) => Number.isInteger(n) && n >= 0 && n < shownChildren),
    });
  }

  const action = field(form, 'action');
  const removeChild = /^remove-child-(\d+)$/.exec(action);
  const removeAdult = /^remove-adult-(\d+)$/.exec(action);
  const goneChild = removeChild ? Number(removeChild[1]) : -1;
  if (removeAdult) rawAdults.splice(Number(removeAdult[1]), 1);

  // Close up the children: the rows kept, and where each old row now is (for the adults' ticks).
  const kept = rawChildren
    .map((c, i) => ({ c, i }))
    .filter(({ c, i }) => i !== goneChild && !emptyChild(c));
  const children = kept.length > 0 ? kept.map(({ c }) => c) : [blankChild()];
  const moved = new Map(kept.map(({ i }, at) => [i, at]));
  const surname = children[0]?.familyName ?? '';
  const withSurname = <T extends { familyName: string }>(p: T): T =>
    p.familyName === '' && surname !== '' ? { ...p, familyName: surname } : p;

  const adults = rawAdults
    .filter((a) => !emptyAdult(a) || a.children.length > 0)
    .map((a) =>
      withSurname({
        ...a,
        // With one child there is nothing to choose: the adult is that child's.
        children:
          children.length === 1
            ? [0]
            : a.children.flatMap((i) => {
                const at = moved.get(i);
                return at === undefined ? [] : [at];
              }),
      }),
    );
  const family = {
    ...draft,
    children: children.map((c, i) => (i === 0 ? c : withSurname(c))),
    adults,
    parentDetailsUnknownReason: field(form, 'parentDetailsUnknownReason'),
  };
  if (action === 'add-child')
    while (family.children.length < Math.min(shownChildren + 1, MAX_ROWS))
      family.children.push(blankChild());
  if (action === 'add-adult')
    while (family.adults.length < Math.min(shownAdults + 1, MAX_ROWS))
      family.adults.push(blankAdult());
  return family;
}

/** The rows the page shows: the family so far, then empty rows up to FAMILY_ROWS. */
export function familyRows(draft: ContactDraft): { children: DraftChild[]; adults: DraftAdult[] } {
  const pad = <T>(rows: T[], least: number, blank: () => T): T[] => [
    ...rows,
    ...Array.from({ length: Math.max(0, least - rows.length) }, blank),
  ];
  return {
    children: pad(draft.children, FAMILY_ROWS.children, blankChild),
    adults: pad(draft.adults, FAMILY_ROWS.adults, blankAdult),
  };
}

/** YYYY-MM-DD from a GOV.UK date input, '' when empty, or null when it is not a date. */
export function dateFrom(day: string, month: string, year: string): string | null {
  const reading = readDateParts({ day, month, year });
  return reading.kind === 'empty' ? '' : reading.kind === 'date' ? reading.iso : null;
}

export const childName = (c: DraftChild, i: number): string =>
  `${c.givenName} ${c.familyName}`.trim() || `child ${String(i + 1)}`;

function checkChildren(d: ContactDraft, today: string): PageError[] {
  const errors: PageError[] = [];
  d.children.forEach((c, i) => {
    const id = `child${String(i)}`;
    const date = dateFrom(c.dobDay, c.dobMonth, c.dobYear);
    if (date === null) {
      problem(
        errors,
        `${id}-dob-day`,
        `Enter ${childName(c, i)}'s date as a real date, like 2 4 2019`,
      );
    }
    if (c.unborn && date === '')
      problem(
        errors,
        `${id}-dob-day`,
        `Enter the expected date of delivery for ${childName(c, i)}`,
      );
    for (const e of personProblems(
      {
        givenName: c.givenName,
        familyName: c.familyName,
        nhsNumber: c.nhsNumber,
        ...(date !== null && date !== ''
          ? c.unborn
            ? { expectedDate: date }
            : { dateOfBirth: date }
          : {}),
      },
      'child',
      today,
    ))
      problem(
        errors,
        `${id}-${e.field === 'dateOfBirth' || e.field === 'expectedDate' ? 'dob-day' : e.field}`,
        `${e.message} (${childName(c, i)})`,
      );
  });
  return errors;
}

function personProblems(
  p: {
    givenName: string;
    familyName: string;
    nhsNumber?: string;
    dateOfBirth?: string;
    expectedDate?: string;
    address?: string;
    postcode?: string;
  },
  kind: 'child' | 'adult',
  today: string,
): { field: string; message: string }[] {
  try {
    validateNewPerson({ ...p, kind }, today);
    return [];
  } catch (e) {
    if (!isBatonError(e)) throw e;
    return e.details.map((d) => ({ field: d.path, message: d.message }));
  }
}

/**
 * An adult's address as a person holds it: the lines typed, joined ("12 Ash Road, Hazel Grove,
 * Stockport"), and the postcode apart, for matching people. Nothing typed gives nothing.
 */
export function homeOf(a: DraftAdult): { address?: string; postcode?: string } {
  const address = [a.addressLine1, a.addressLine2, a.town].filter((l) => l !== '').join(', ');
  return {
    ...(address !== '' ? { address } : {}),
    ...(a.postcode !== '' ? { postcode: a.postcode } : {}),
  };
}

/** 001: every child and both parents, whether or not they live together, or why not. */
function checkAdults(d: ContactDraft, today: string): PageError[] {
  const errors: PageError[] = [];
  d.adults.forEach((a, i) => {
    if (emptyAdult(a) && a.children.length === 0) return;
    const id = `adult${String(i)}`;
    const who = `${a.givenName} ${a.familyName}`.trim() || `adult ${String(i + 1)}`;
    for (const e of personProblems(
      {
        givenName: a.givenName,
        familyName: a.familyName,
        ...homeOf(a),
      },
      'adult',
      today,
    ))
      problem(
        errors,
        `${id}-${e.field === 'address' ? 'addressLine1' : e.field}`,
        `${e.message} (${who})`,
      );
    if (a.phone !== '') {
      const phone = validatePhoneNumber(a.phone);
      if (!phone.ok) problem(errors, `${id}-phone`, `${phoneNumberProblem(phone.reason)} (${who})`);
    }
    if ((homeOf(a).address ?? '').length > 500)
      problem(errors, `${id}-addressLine1`, `The address must be 500 characters or fewer (${who})`);
    if (a.relationship === '')
      problem(errors, `${id}-relationship`, `Select how ${who} is related to the children`);
    if (a.parentalResponsibility === '')
      problem(errors, `${id}-pr`, `Select whether ${who} has parental responsibility`);
    if (a.livesWithChild === '')
      problem(errors, `${id}-lives`, `Select whether ${who} lives with the children`);
    if (a.children.length === 0)
      problem(errors, `${id}-children`, `Select which children ${who} is a parent or carer of`);
  });
  if (d.parentDetailsUnknownReason === '') {
    const short = d.children
      .map((c, i) => ({ c, i }))
      .filter(({ i }) => parentsOf(d, i) < 2)
      .map(({ c, i }) => childName(c, i));
    if (short.length > 0)
      problem(
        errors,
        'parentDetailsUnknownReason',
        `Give both parents' details for ${short.join(' and ')}, whether or not they live together, or say why they are unknown`,
      );
  }
  return errors;
}

/** The family page's errors: each child, then each parent or carer, in the order shown. */
export function checkFamily(d: ContactDraft, today: string): PageError[] {
  return [...checkChildren(d, today), ...checkAdults(d, today)];
}

/** How many parents (not other carers) the contact names for a child. */
export const parentsOf = (d: ContactDraft, child: number): number =>
  d.adults.filter(
    (a) =>
      !emptyAdult(a) && a.children.includes(child) && parentRelationships.includes(a.relationship),
  ).length;
