/**
 * The rules about a step that more than one path asks: who may authorise it, whether a consent
 * is live, who leads the work a step begins, and how a refusal reads as an error. Each lives here
 * once; the request path, the tray, the pages, sharing and the guards all call these.
 */
import type { AgencyKind, Role } from '../access/roles.js';
import { BatonError } from '../errors/error-catalogue.js';
import { WORKFLOW_IDS } from '../policy/pack-contract.js';
import type { Transition } from './workflow-schema.js';

/** An agency as the rules see it: which one, and what kind. */
export interface AgencyRef {
  id: string;
  kind: AgencyKind;
}

/**
 * Where an actor may authorise a step: nowhere; in any agency's work (the step names the kind of
 * agency that decides, `authorisedIn`, and the actor works in one); or only in their own
 * agency's work. Two schools are two agencies of one kind: a school's manager authorises only
 * their own school's work.
 */
export function authorisationScope(
  t: Transition,
  actor: { roles: readonly Role[]; agencyKind: AgencyKind },
): 'none' | 'any-owner' | 'own-agency' {
  if (!(t.authorisedBy ?? []).some((r) => actor.roles.includes(r))) return 'none';
  if (t.authorisedIn === undefined) return 'own-agency';
  return actor.agencyKind === t.authorisedIn ? 'any-owner' : 'none';
}

/**
 * May someone with these roles take the step, or ask for it (to be authorised by someone else)?
 * What the pages offer as a link, and the first thing the journey checks (`planTransition` then
 * narrows authorisation to the actor's agency with `mayAuthorise`).
 */
export function mayAskFor(t: Transition, roles: readonly Role[]): boolean {
  return (
    t.requestedBy.some((r) => roles.includes(r)) ||
    (t.authorisedBy ?? []).some((r) => roles.includes(r))
  );
}

/** May this actor authorise (or decline) the step on work owned by `ownerAgencyId`? */
export function mayAuthorise(
  t: Transition,
  actor: { roles: readonly Role[]; agencyId: string; agencyKind: AgencyKind },
  ownerAgencyId: string,
): boolean {
  const scope = authorisationScope(t, actor);
  return scope === 'any-owner' || (scope === 'own-agency' && actor.agencyId === ownerAgencyId);
}

/** Who gave or refused a consent, as the rules need to know it. */
export type ConsentGiver = 'parent-with-pr' | 'carer-without-pr' | 'young-person' | null;

/**
 * Is a consent live on `today`? Given, not expired, and given by someone who may give it: a
 * parent or carer with parental responsibility, or a competent young person (001 "Consent";
 * 004 §4). A carer without parental responsibility cannot consent for the child.
 */
export function isConsentLive(
  c: { decision: string; expiresOn: string | null; givenBy: string | null },
  today: string,
): boolean {
  return (
    c.decision === 'given' &&
    (c.expiresOn === null || c.expiresOn >= today) &&
    c.givenBy !== 'carer-without-pr'
  );
}

/** A lead professional: a name and agency, and the Baton user when they are one. */
export interface LeadProfessional {
  name: string;
  agency: string;
  userId: string | null;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * The lead professional a step names in what it carries (`leadProfessionalName`, with the agency
 * and, when picked from Baton's users, `leadProfessionalUserId`), or null when it names none.
 */
export function namedLead(payload: Readonly<Record<string, unknown>>): LeadProfessional | null {
  const name = text(payload.leadProfessionalName);
  if (name === '') return null;
  const userId = text(payload.leadProfessionalUserId);
  return {
    name,
    agency: text(payload.leadProfessionalAgency),
    userId: userId === '' ? null : userId,
  };
}

/**
 * Who owns and leads the work a step begins. The agency: the named lead's own agency when they
 * are a Baton user (a school leading a TAC plan), else the kind of agency the pack names, else
 * whoever owns the work now. The lead: the one the step names, else — only when the work stays
 * with the same agency — the current lead; a new agency names its own.
 */
export function followOnLead(args: {
  named: LeadProfessional | null;
  namedLeadAgencyId: string | null;
  packOwnerAgencyId: string | null;
  currentOwnerAgencyId: string;
  currentLead: LeadProfessional | null;
}): { ownerAgencyId: string; lead: LeadProfessional | null } {
  const ownerAgencyId =
    args.namedLeadAgencyId ?? args.packOwnerAgencyId ?? args.currentOwnerAgencyId;
  const lead =
    args.named ?? (ownerAgencyId === args.currentOwnerAgencyId ? args.currentLead : null);
  return { ownerAgencyId, lead };
}

/** One thing a refused step lacks, with the rule's citation. */
export interface MissingRule {
  rule: string;
  message: string;
  citation: { source: string; section: string; quote?: string | undefined };
}

/** A refused plan as the error every path answers with: each missing thing and its citation. */
export function refusalError(refused: {
  code: 'BATON_TRANSITION_REFUSED' | 'BATON_TRANSITION_NOT_ALLOWED';
  message: string;
  missing: readonly MissingRule[];
}): BatonError {
  return new BatonError(refused.code, {
    message: refused.message,
    details: refused.missing.map((m) => ({ path: m.rule, message: m.message })),
    extra: { missing: refused.missing },
  });
}

/**
 * Statutory work — an assessment, s47 enquiries, a child in need, child protection or
 * looked-after plan — is work held by children's social care that is not a contact at the front
 * door nor a professional disagreement. Each has an allocated worker (issue 14 §5).
 */
export function isStatutoryWork(work: {
  workflowId: string;
  ownerAgencyKind: AgencyKind;
}): boolean {
  return (
    work.ownerAgencyKind === 'childrens-social-care' &&
    work.workflowId !== WORKFLOW_IDS.contact &&
    work.workflowId !== WORKFLOW_IDS.disagreement
  );
}

/** May this actor allocate a worker to the work: a team manager of the team that holds open statutory work. */
export function mayAllocateWorker(
  actor: { roles: readonly Role[]; agencyId: string },
  work: { workflowId: string; ownerAgencyId: string; ownerAgencyKind: AgencyKind; closed: boolean },
): boolean {
  return (
    !work.closed &&
    isStatutoryWork(work) &&
    actor.agencyId === work.ownerAgencyId &&
    actor.roles.includes('team-manager')
  );
}

/** Whom a team manager may allocate: the team's own social workers. */
export const ALLOCATABLE_ROLES: readonly Role[] = ['social-worker'];
