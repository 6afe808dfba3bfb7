/**
 * The contact form's question pages: reading each page's fields, checking them (GOV.UK errors
 * linking to each field), and turning the draft into a contact for the use-case.
 */
import { isBatonError, type ErrorDetail } from '../../../core/errors/error-catalogue.js';
import type { LevelNumber } from '../../../core/policy/index.js';
import { parentRelationships } from '../../use-cases/contact-use-cases.js';
import { validateNewPerson } from '../../use-cases/person-use-cases.js';
import type { ContactRequest } from '../../use-cases/contact-use-cases.js';
import { CONTACT_LIMITS, contactUrgencies } from '../../use-cases/contact-schema.js';
import {
  blankAdult,
  blankChild,
  type ContactDraft,
  type DraftAdult,
  type DraftChild,
} from './contact-draft.js';
import { field, fields, readDateParts, type FormBody, type PageError } from './form-values.js';

// ------------------------------------------------------------------------------------------
// Pages
// ------------------------------------------------------------------------------------------

export const PAGES = ['referrer', 'children', 'adults', 'concerns', 'consent'] as const;
export type DraftPage = (typeof PAGES)[number];

/** The pages this person answers: the referrer page is for front-door staff only. */
export const pagesFor = (frontDoor: boolean): DraftPage[] =>
  PAGES.filter((p) => frontDoor || p !== 'referrer');

/** The first page not yet answered, or null when every page is. */
export function nextPage(draft: ContactDraft, frontDoor: boolean): DraftPage | null {
  return pagesFor(frontDoor).find((p) => !draft.completed.includes(p)) ?? null;
}

const problem = (errors: PageError[], id: string, text: string) => {
  if (!errors.some((e) => e.href === `#${id}`)) errors.push({ text, href: `#${id}` });
};

/** Read the referrer page (front-door staff recording a contact for someone else). */
export function readReferrer(form: FormBody, draft: ContactDraft): ContactDraft {
  return {
    ...draft,
    channel: field(form, 'channel'),
    referrerName: field(form, 'referrerName'),
    referrerAgency: field(form, 'referrerAgency'),
    referrerPhone: field(form, 'referrerPhone'),
  };
}

export function checkReferrer(d: ContactDraft): PageError[] {
  const errors: PageError[] = [];
  if (d.channel !== 'online' && d.channel !== 'telephone')
    problem(
      errors,
      'channel',
      'Select whether you are making this contact yourself or recording a call',
    );
  if (d.channel === 'telephone') {
    if (d.referrerName === '') problem(errors, 'referrerName', "Enter the referrer's name");
    if (d.referrerAgency === '')
      problem(errors, 'referrerAgency', 'Enter the referrer\'s agency, or "member of the public"');
  }
  return errors;
}

/** Read the children page; "Add another child" and "Remove" change the slots. */
export function readChildren(form: FormBody, draft: ContactDraft): ContactDraft {
  const count = Math.min(Number(field(form, 'childCount')) || 1, 20);
  const children: DraftChild[] = [];
  for (let i = 0; i < count; i++) {
    const at = (f: string) => field(form, `child${String(i)}-${f}`);
    children.push({
      givenName: at('givenName'),
      familyName: at('familyName'),
      dobDay: at('dob-day'),
      dobMonth: at('dob-month'),
      dobYear: at('dob-year'),
      unborn: at('unborn') === 'yes',
      nhsNumber: at('nhsNumber'),
    });
  }
  const action = field(form, 'action');
  // Tell it once: a brother or sister, and a parent not yet named, start with the first child's
  // surname, shown for checking and changed only if it differs.
  const surname = children[0]?.familyName ?? '';
  if (action === 'add' && children.length < 20)
    children.push({ ...blankChild(), familyName: surname });
  draft = { ...draft, adults: draft.adults.map((a) => withSurname(a, surname)) };
  const remove = /^remove-(\d+)$/.exec(action);
  if (remove && children.length > 1) {
    const gone = Number(remove[1]);
    children.splice(gone, 1);
    // Keep each adult linked to the same children after the removal.
    const adults = draft.adults.map((a) => ({
      ...a,
      children: a.children.filter((c) => c !== gone).map((c) => (c > gone ? c - 1 : c)),
    }));
    return { ...draft, children, adults };
  }
  return { ...draft, children };
}

/** YYYY-MM-DD from a GOV.UK date input, '' when empty, or null when it is not a date. */
export function dateFrom(day: string, month: string, year: string): string | null {
  const reading = readDateParts({ day, month, year });
  return reading.kind === 'empty' ? '' : reading.kind === 'date' ? reading.iso : null;
}

const childName = (c: DraftChild, i: number): string =>
  `${c.givenName} ${c.familyName}`.trim() || `child ${String(i + 1)}`;

export function checkChildren(d: ContactDraft, today: string): PageError[] {
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

/** Read the parents and carers page. */
export function readAdults(form: FormBody, draft: ContactDraft): ContactDraft {
  const count = Math.min(Number(field(form, 'adultCount')) || 0, 20);
  const adults: DraftAdult[] = [];
  for (let i = 0; i < count; i++) {
    const at = (f: string) => field(form, `adult${String(i)}-${f}`);
    adults.push({
      givenName: at('givenName'),
      familyName: at('familyName'),
      relationship: at('relationship'),
      parentalResponsibility: at('pr'),
      livesWithChild: at('lives'),
      addressLine1: at('addressLine1'),
      addressLine2: at('addressLine2'),
      town: at('town'),
      postcode: at('postcode'),
      // With one child there is nothing to choose: the adult is that child's.
      children:
        draft.children.length === 1
          ? [0]
          : fields(form, `adult${String(i)}-children`)
              .map(Number)
              .filter((n) => Number.isInteger(n) && n >= 0 && n < draft.children.length),
    });
  }
  const action = field(form, 'action');
  if (action === 'add' && adults.length < 20)
    adults.push(withSurname(blankAdult(), draft.children[0]?.familyName ?? ''));
  const remove = /^remove-(\d+)$/.exec(action);
  if (remove) adults.splice(Number(remove[1]), 1);
  return {
    ...draft,
    adults,
    parentDetailsUnknownReason: field(form, 'parentDetailsUnknownReason'),
  };
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

/** An adult slot not yet named: its surname filled in from the first child's. */
function withSurname(a: DraftAdult, surname: string): DraftAdult {
  return a.givenName === '' && a.familyName === '' && a.relationship === ''
    ? { ...a, familyName: surname }
    : a;
}

/**
 * An adult slot left empty is ignored rather than refused. The surname alone does not count:
 * Baton fills it in from the children's, so a slot with no first name, relationship or address
 * is one nobody used.
 */
const emptyAdult = (a: DraftAdult): boolean =>
  a.givenName === '' &&
  a.relationship === '' &&
  a.addressLine1 === '' &&
  a.addressLine2 === '' &&
  a.town === '' &&
  a.postcode === '';

/** 001: every child and both parents, whether or not they live together, or why not. */
export function checkAdults(d: ContactDraft, today: string): PageError[] {
  const errors: PageError[] = [];
  d.adults.forEach((a, i) => {
    if (emptyAdult(a)) return;
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

const parentsOf = (d: ContactDraft, child: number): number =>
  d.adults.filter(
    (a) =>
      !emptyAdult(a) && a.children.includes(child) && parentRelationships.includes(a.relationship),
  ).length;

export function readConcerns(form: FormBody, draft: ContactDraft): ContactDraft {
  return {
    ...draft,
    concerns: field(form, 'concerns'),
    referrerLevel: field(form, 'referrerLevel'),
    urgency: field(form, 'urgency'),
  };
}

export function checkConcerns(d: ContactDraft): PageError[] {
  const errors: PageError[] = [];
  if (d.concerns === '') problem(errors, 'concerns', 'Describe your concerns about the children');
  else if (d.concerns.length > CONTACT_LIMITS.concerns)
    problem(
      errors,
      'concerns',
      `Concerns must be ${CONTACT_LIMITS.concerns.toLocaleString('en-GB')} characters or fewer`,
    );
  if (!['1', '2', '3', '4'].includes(d.referrerLevel))
    problem(errors, 'referrerLevel', 'Select the level of need you judge it to be');
  if (!(contactUrgencies as readonly string[]).includes(d.urgency))
    problem(errors, 'urgency', 'Select how quickly the front door needs to act');
  return errors;
}

export function readConsent(form: FormBody, draft: ContactDraft): ContactDraft {
  return {
    ...draft,
    familySpokenTo: field(form, 'familySpokenTo'),
    familyNotSpokenToReason: field(form, 'familyNotSpokenToReason'),
    consentDecision: field(form, 'consentDecision'),
    notSoughtReason: field(form, 'notSoughtReason'),
    consulted: field(form, 'consulted'),
    consentNotes: field(form, 'consentNotes'),
    consentGivenBy: field(form, 'consentGivenBy'),
    earlyHelpConsent: field(form, 'earlyHelpConsent'),
  };
}

/** 001 "Consent" and 004 §4: consent, or why not, and who was consulted. */
export function checkConsent(d: ContactDraft): PageError[] {
  const errors: PageError[] = [];
  if (d.familySpokenTo !== 'yes' && d.familySpokenTo !== 'no')
    problem(
      errors,
      'familySpokenTo',
      'Select whether you spoke to the family before making this contact',
    );
  if (!['given', 'refused', 'not-sought'].includes(d.consentDecision))
    problem(errors, 'consentDecision', 'Select whether the family consented to this contact');
  if (
    d.familySpokenTo === 'no' &&
    d.consentDecision !== 'not-sought' &&
    d.familyNotSpokenToReason === ''
  )
    problem(errors, 'familyNotSpokenToReason', 'Say why you did not speak to the family first');
  if (d.consentDecision === 'not-sought' && d.notSoughtReason === '')
    problem(errors, 'notSoughtReason', 'Select why consent was not sought');
  if ((d.consentDecision === 'not-sought' || d.consentDecision === 'refused') && d.consulted === '')
    problem(
      errors,
      'consulted',
      'Select whether you consulted your manager or your safeguarding lead',
    );
  if (d.consentDecision === 'refused' && d.consentNotes === '')
    problem(
      errors,
      'consentNotes',
      'Say why consent was refused and why you are making the contact without it',
    );
  if (d.earlyHelpConsent !== '' && !['given', 'refused', 'not-asked'].includes(d.earlyHelpConsent))
    problem(errors, 'earlyHelpConsent', 'Select whether the family agreed to early help');
  return errors;
}

/** The adults that will be sent (empty slots dropped), with their original positions. */
function keptAdults(d: ContactDraft): { a: DraftAdult; index: number }[] {
  return d.adults.map((a, index) => ({ a, index })).filter(({ a }) => !emptyAdult(a));
}

/** The contact the draft describes, for the use-case (which checks it all again). */
export function draftToRequest(d: ContactDraft, frontDoor: boolean): ContactRequest {
  const adults = keptAdults(d);
  const key = (index: number) => `a${String(index)}`;
  const telephone = frontDoor && d.channel === 'telephone';
  const givenBy =
    d.consentGivenBy !== '' && adults.some(({ index }) => key(index) === d.consentGivenBy)
      ? d.consentGivenBy
      : undefined;
  return {
    channel: telephone ? 'telephone' : 'online',
    referrer: telephone
      ? {
          name: d.referrerName,
          agencyName: d.referrerAgency,
          ...(d.referrerPhone !== '' ? { phone: d.referrerPhone } : {}),
        }
      : undefined,
    thresholdCheckId: d.thresholdCheckId !== '' ? d.thresholdCheckId : undefined,
    concerns: d.concerns,
    referrerLevel: Number(d.referrerLevel) as LevelNumber,
    urgency: d.urgency as ContactRequest['urgency'],
    familySpokenTo: d.familySpokenTo === 'yes',
    familyNotSpokenToReason: d.familyNotSpokenToReason || undefined,
    consent: {
      decision: d.consentDecision as ContactRequest['consent']['decision'],
      givenBy: d.consentDecision === 'not-sought' ? undefined : givenBy,
      notSoughtReason:
        d.consentDecision === 'not-sought'
          ? (d.notSoughtReason as ContactRequest['consent']['notSoughtReason'])
          : undefined,
      consulted:
        d.consentDecision === 'given'
          ? undefined
          : (d.consulted as ContactRequest['consent']['consulted']),
      notes: d.consentNotes || undefined,
    },
    earlyHelpConsent:
      d.earlyHelpConsent === 'given' || d.earlyHelpConsent === 'refused'
        ? { decision: d.earlyHelpConsent, givenBy }
        : undefined,
    adults: adults.map(({ a, index }) => ({
      key: key(index),
      person: { givenName: a.givenName, familyName: a.familyName, ...homeOf(a) },
    })),
    children: d.children.map((c, i) => {
      const date = dateFrom(c.dobDay, c.dobMonth, c.dobYear) ?? '';
      const parents = adults
        .filter(({ a }) => a.children.includes(i))
        .map(({ a, index }) => ({
          adult: key(index),
          relationship:
            a.relationship as ContactRequest['children'][number]['parents'][number]['relationship'],
          parentalResponsibility: a.parentalResponsibility === 'yes',
          livesWithChild: a.livesWithChild === 'yes',
        }));
      // The child's home: the address of an adult the referrer says the child lives with.
      const home = adults
        .filter(({ a }) => a.children.includes(i) && a.livesWithChild === 'yes')
        .map(({ a }) => homeOf(a))
        .find((h) => h.address !== undefined || h.postcode !== undefined);
      return {
        person: {
          givenName: c.givenName,
          familyName: c.familyName,
          ...home,
          ...(date !== '' ? (c.unborn ? { expectedDate: date } : { dateOfBirth: date }) : {}),
          ...(c.nhsNumber !== '' ? { nhsNumber: c.nhsNumber } : {}),
        },
        parents,
        parentDetailsUnknownReason:
          parentsOf(d, i) < 2 && d.parentDetailsUnknownReason !== ''
            ? d.parentDetailsUnknownReason
            : undefined,
      };
    }),
  };
}

/** Which question page answers an API error's field, for the check-your-answers error summary. */
export function pageForDetail(detail: ErrorDetail): DraftPage {
  const p = detail.path;
  if (p.startsWith('referrer')) return 'referrer';
  if (p.startsWith('adults') || p.endsWith('parentDetailsUnknownReason') || p.includes('.parents'))
    return 'adults';
  if (p.startsWith('children')) return 'children';
  if (p.startsWith('concerns') || p.startsWith('referrerLevel') || p.startsWith('thresholdCheck'))
    return 'concerns';
  return 'consent';
}
