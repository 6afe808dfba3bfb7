/**
 * The contact form's pages: reading each page's fields, checking them (GOV.UK errors linking to
 * each field), and turning the draft into a contact for the use-case. The family page (children,
 * parents and carers) reads and checks in contact-family-form.ts.
 */
import type { ErrorDetail } from '../../../core/errors/error-catalogue.js';
import type { LevelNumber } from '../../../core/policy/index.js';
import type { ContactRequest } from '../../use-cases/contact-use-cases.js';
import { CONTACT_LIMITS, contactUrgencies } from '../../use-cases/contact-schema.js';
import type { ContactDraft, DraftAdult } from './contact-draft.js';
import { dateFrom, emptyAdult, homeOf, parentsOf, problem } from './contact-family-form.js';
import { field, type FormBody, type PageError } from './form-values.js';

// ------------------------------------------------------------------------------------------
// Pages
// ------------------------------------------------------------------------------------------

/**
 * The contact's pages before check your answers (issue 14 §3: a referral in at most 6 pages):
 * who is making it (front-door staff recording a call only; anyone else is the signed-in user),
 * the family, then the concerns with talking to the family and consent.
 */
export const PAGES = ['referrer', 'family', 'concerns'] as const;
export type DraftPage = (typeof PAGES)[number];

/** The pages this person answers: the referrer page is for front-door staff only. */
export const pagesFor = (frontDoor: boolean): DraftPage[] =>
  PAGES.filter((p) => frontDoor || p !== 'referrer');

/** The first page not yet answered, or null when every page is. */
export function nextPage(draft: ContactDraft, frontDoor: boolean): DraftPage | null {
  return pagesFor(frontDoor).find((p) => !draft.completed.includes(p)) ?? null;
}

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
      ...(a.phone !== '' ? { phone: a.phone } : {}),
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

/** Which page answers an API error's field, for the check-your-answers error summary. */
export function pageForDetail(detail: ErrorDetail): DraftPage {
  const p = detail.path;
  if (p === 'referrer' || p.startsWith('referrer.')) return 'referrer';
  if (p.startsWith('adults') || p.startsWith('children')) return 'family';
  return 'concerns';
}
