/**
 * What the "Open an early help episode" form starts from (issue 14 §3, §4): consent to early help
 * already held in the ledger (given at the contact, say), shown for checking rather than asked
 * again; the other children in the family; the Baton users who may lead.
 */
import { getHousehold } from '../child-record-use-cases.js';
import { listConsents } from '../consent-use-cases.js';
import type { Session } from '../../session/index.js';
import { listLeadProfessionalCandidates } from '../work-use-cases.js';

/** A live consent to early help, as the form's consent questions take it. */
export interface HeldConsent {
  /** The kind of person who gave it (`parent-with-pr`, `young-person`…). */
  givenBy: string;
  givenByName: string;
  method: string;
}

/**
 * The consent to early help the ledger holds for the child, if it is live and names who gave it;
 * else null, and the form asks for it.
 */
export async function heldEarlyHelpConsent(
  session: Session,
  childId: string,
): Promise<HeldConsent | null> {
  const { current } = await listConsents(session, childId);
  const held = current.find((c) => c.purpose === 'early-help');
  const giver = held?.live ? held.latest?.givenBy : null;
  if (!held?.latest || !giver) return null;
  return {
    givenBy: giver.kind,
    givenByName: giver.name ?? '',
    method: held.latest.method ?? 'verbal',
  };
}

/**
 * Everything the open form shows beside what was typed: the consent held (only when `consent`
 * is asked for: a form shown again keeps what was typed), the family, the possible leads.
 */
export async function openEpisodeForm(
  session: Session,
  childId: string,
  options: { consent: boolean },
) {
  const consentHeld = options.consent ? await heldEarlyHelpConsent(session, childId) : null;
  const household = await getHousehold(session, childId);
  const candidates = await listLeadProfessionalCandidates(session, { childIds: [childId] });
  return { consentHeld, household, candidates };
}

/** What `openEpisodeForm` answers. */
export type OpenEpisodeForm = Awaited<ReturnType<typeof openEpisodeForm>>;
