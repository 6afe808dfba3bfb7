/**
 * The family's consent as an early help form gives it: who gave or refused it, checked against
 * the child's record, and consent to share information with agencies joining a plan.
 */
import type { ErrorDetail } from '../../../core/errors/error-catalogue.js';
import {
  insertConsentDecision,
  parentalResponsibility,
  type RequestContext,
} from '../../repositories/index.js';
import { blank, type EarlyHelpDeps } from './early-help-support.js';

export interface ConsentInput {
  decision: 'given' | 'refused';
  givenBy: 'parent-with-pr' | 'carer-without-pr' | 'young-person';
  givenByName: string;
  givenByPersonId?: string | undefined;
  method: 'verbal' | 'written';
  /** For consent from the young person: they understand and can decide for themselves. */
  youngPersonCompetent?: boolean | undefined;
  notes?: string | undefined;
}

/** The person on the record who answered, if the form named one. */
export const consentPersonId = (consent: ConsentInput): string | null =>
  blank(consent.givenByPersonId) ? null : (consent.givenByPersonId ?? null);

/** Check who answered: named, competent if the young person, related (and with PR if a parent). */
export async function validateConsent(
  deps: EarlyHelpDeps,
  childId: string,
  consent: ConsentInput,
  details: ErrorDetail[],
): Promise<void> {
  if (blank(consent.givenByName))
    details.push({
      path: 'consent.givenByName',
      message: 'Enter the name of the person who gave or refused consent',
    });
  if (consent.givenBy === 'young-person' && consent.youngPersonCompetent !== true)
    details.push({
      path: 'consent.youngPersonCompetent',
      message:
        'Confirm the young person understands what early help involves and can decide for themselves',
    });
  if (consent.givenByPersonId !== undefined && consent.givenByPersonId !== '') {
    const pr = await parentalResponsibility(deps.db, childId, consent.givenByPersonId);
    if (pr === null)
      details.push({
        path: 'consent.givenByPersonId',
        message: 'That person is not recorded as related to the child',
      });
    else if (consent.givenBy === 'parent-with-pr' && !pr)
      details.push({
        path: 'consent.givenBy',
        message: 'That person does not hold parental responsibility for the child',
      });
  }
}

/**
 * `validateConsent` for each child one answer is given for (a family's episode), each problem
 * said once however many children it holds for.
 */
export async function validateConsentForEach(
  deps: EarlyHelpDeps,
  childIds: readonly string[],
  consent: ConsentInput,
  details: ErrorDetail[],
): Promise<void> {
  const found: ErrorDetail[] = [];
  for (const childId of childIds) await validateConsent(deps, childId, consent, found);
  for (const d of found)
    if (!details.some((x) => x.path === d.path && x.message === d.message)) details.push(d);
}

/** Who answered, in words for notes and the timeline. */
export const givenByLabel: Record<ConsentInput['givenBy'], string> = {
  'parent-with-pr': 'a parent with parental responsibility',
  'carer-without-pr': 'a carer without parental responsibility',
  'young-person': 'the young person',
};

/** Consent to share information with the agencies joining a plan (Stockport 001: consent before sharing). */
export async function recordSharingConsent(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  childId: string,
  consent: ConsentInput,
): Promise<void> {
  await insertConsentDecision(deps.db, ctx, {
    childId,
    purpose: 'information-sharing',
    decision: consent.decision,
    givenBy: consent.givenBy,
    givenByPersonId: consentPersonId(consent),
    givenByName: consent.givenByName,
    method: consent.method,
    notes: `${consent.decision === 'given' ? 'Given' : 'Refused'} by ${consent.givenByName.trim()} for the agencies joining the plan${blank(consent.notes) ? '' : `. ${(consent.notes ?? '').trim()}`}`,
  });
}
