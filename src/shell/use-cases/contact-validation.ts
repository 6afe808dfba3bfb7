/**
 * Checking a contact whole before anything is written, listing every problem by field, each rule
 * with its source.
 */
import { isBatonError, type ErrorDetail } from '../../core/errors/error-catalogue.js';
import { phoneNumberProblem, validatePhoneNumber } from '../../core/people/index.js';
import { parentRelationships } from '../repositories/index.js';
import { validateNewPerson } from '../repositories/people-repository.js';
import type { ContactRequest } from './contact-schema.js';

export type { ContactRequest, PersonRef } from './contact-schema.js';

const blank = (s: string | undefined): boolean => s === undefined || s.trim() === '';

/**
 * Check a contact whole, listing every problem by field. The rules and their sources:
 * every child and both parents (001, "Step up from universal to early help"); consent given, or
 * refused with why, or not sought for one of the reasons allowed, with a manager or safeguarding
 * lead consulted (001 "Consent"; 004 §4); a conversation with the family first where appropriate
 * (001 "Consent").
 */
export function validateContact(req: ContactRequest, today: string): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const keys = req.adults.map((a) => a.key);
  keys.forEach((k, i) => {
    if (keys.indexOf(k) !== i)
      details.push({ path: `adults.${i}.key`, message: `The key "${k}" is used twice` });
  });
  const checkPerson = (
    p: { personId?: string | undefined; person?: ContactRequest['adults'][number]['person'] },
    path: string,
    kind: 'child' | 'adult',
  ) => {
    if ((p.personId === undefined) === (p.person === undefined)) {
      details.push({ path, message: 'Give either personId (an existing record) or person (new)' });
      return;
    }
    if (p.person) {
      try {
        validateNewPerson({ ...p.person, kind }, today, `${path}.person`);
      } catch (e) {
        if (!isBatonError(e)) throw e;
        details.push(...e.details);
      }
    }
  };
  req.adults.forEach((a, i) => {
    checkPerson(a, `adults.${i}`, 'adult');
    const phone = blank(a.phone) ? null : validatePhoneNumber(a.phone ?? '');
    if (phone && !phone.ok)
      details.push({ path: `adults.${i}.phone`, message: phoneNumberProblem(phone.reason) });
  });
  if (req.children.length === 0)
    details.push({ path: 'children', message: 'Name at least one child' });
  req.children.forEach((ch, i) => {
    checkPerson(ch, `children.${i}`, 'child');
    ch.parents.forEach((p, j) => {
      if (!keys.includes(p.adult))
        details.push({
          path: `children.${i}.parents.${j}.adult`,
          message: `No adult has the key "${p.adult}"`,
        });
    });
    const parents = ch.parents.filter((p) => parentRelationships.includes(p.relationship));
    if (parents.length < 2 && blank(ch.parentDetailsUnknownReason))
      details.push({
        path: `children.${i}.parentDetailsUnknownReason`,
        message:
          "Give both parents' details for this child, whether or not they live together, or say why a parent's details are unknown",
      });
  });
  const c = req.consent;
  if (c.givenBy !== undefined && !keys.includes(c.givenBy))
    details.push({ path: 'consent.givenBy', message: `No adult has the key "${c.givenBy}"` });
  if (c.decision === 'not-sought' && c.notSoughtReason === undefined)
    details.push({
      path: 'consent.notSoughtReason',
      message:
        'Say why consent was not sought: a risk of significant harm, a risk of losing evidence, or undue delay',
    });
  if (c.decision !== 'given' && c.consulted === undefined)
    details.push({
      path: 'consent.consulted',
      message: 'Say whether you consulted your manager or your safeguarding lead',
    });
  if (c.decision === 'refused' && blank(c.notes))
    details.push({
      path: 'consent.notes',
      message: 'Record why consent was refused and why you are referring without it',
    });
  const eh = req.earlyHelpConsent;
  if (eh?.givenBy !== undefined && !keys.includes(eh.givenBy))
    details.push({
      path: 'earlyHelpConsent.givenBy',
      message: `No adult has the key "${eh.givenBy}"`,
    });
  if (!req.familySpokenTo && c.decision !== 'not-sought' && blank(req.familyNotSpokenToReason))
    details.push({
      path: 'familyNotSpokenToReason',
      message: 'Say why you did not speak to the family before referring',
    });
  if (req.channel === 'telephone' && req.referrer === undefined)
    details.push({ path: 'referrer', message: 'Name the referrer of a telephone contact' });
  const r = req.referrer;
  if (r && r.userId === undefined && (blank(r.name) || blank(r.agencyName)))
    details.push({
      path: 'referrer',
      message: "Give the referrer's name and agency (or their Baton user id)",
    });
  return details;
}
