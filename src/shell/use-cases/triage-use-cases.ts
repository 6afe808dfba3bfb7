/** The front door's triage of contacts: the queue, a contact, MASH requests and consent. */
import { londonDay } from '../../core/calendar/index.js';
import * as repo from '../repositories/index.js';
import type { Session } from '../session/index.js';

export { isFrontDoor, type ContactView, type TriageItem } from '../repositories/index.js';

/** Contacts waiting for a front door decision. */
export function listTriage(session: Session) {
  return repo.listTriage(session.db, session.ctx, session.packs);
}

/** One contact as the front door sees it. */
export function getContact(session: Session, workItemId: string) {
  return repo.getContact(session.db, session.ctx, session.packs, workItemId);
}

/**
 * A contact's page: the contact and, when one of its decisions must name a lead professional,
 * the Baton users who may lead (the team around its children first) for the person picker;
 * and the telephone number held for each parent it names, by person id.
 */
export async function getContactPage(session: Session, workItemId: string) {
  const contact = await repo.getContact(session.db, session.ctx, session.packs, workItemId);
  const needsLeadProfessional = contact.availableDecisions.some((d) =>
    d.guards.some((g) => g.guard === 'leadProfessionalNamed'),
  );
  // Naming a Baton user gives them the child at once, so only people who may lead are offered.
  const candidates = needsLeadProfessional
    ? await repo.listLeadProfessionalCandidates(session.db, {
        childIds: contact.children.map((c) => c.id),
        today: londonDay(session.ctx.now),
      })
    : [];
  // The adults' numbers as the contact or a later correction left them (issue 14): whoever may
  // read the contact may read them, so no check beyond getContact's.
  const phones = await repo.contactParentPhones(session.db, contact);
  return { contact, needsLeadProfessional, candidates, phones };
}

/** Ask a partner agency for what it knows (a MASH request). */
export function addMashRequest(
  session: Session,
  workItemId: string,
  request: Parameters<typeof repo.addMashRequest>[4],
) {
  return repo.addMashRequest(session.db, session.ctx, session.packs, workItemId, request);
}

/** Record a partner agency's answer to a MASH request. */
export function answerMashRequest(
  session: Session,
  workItemId: string,
  requestId: string,
  answer: Parameters<typeof repo.answerMashRequest>[5],
) {
  return repo.answerMashRequest(
    session.db,
    session.ctx,
    session.packs,
    workItemId,
    requestId,
    answer,
  );
}

/** Record consent (or why it was not sought) on a contact. */
export function recordContactConsent(
  session: Session,
  workItemId: string,
  consent: Parameters<typeof repo.recordContactConsent>[4],
) {
  return repo.recordContactConsent(session.db, session.ctx, session.packs, workItemId, consent);
}
