/**
 * The people an episode names: the family's consent decisions on the ledger, who holds parental
 * responsibility, the practitioners who can lead, and the child's name.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ConsentFact, ConsentPurpose } from '../../../core/journey/index.js';
import type { Role } from '../../../core/access/index.js';
import type { Database } from '../../db/index.js';
import { appendAudit } from '../audit-repository.js';
import type { RequestContext } from '../request-context.js';
import { actorOf, today, type Db } from './early-help-shared.js';

/**
 * Record a consent decision in the consent ledger (purpose early-help or information-sharing).
 * The ledger's own API belongs to the child record; opening an episode records the family's
 * answer here so the journey's consent guard can read it.
 */
export async function insertConsentDecision(
  db: Db,
  ctx: RequestContext,
  c: {
    childId: string;
    purpose: ConsentPurpose;
    decision: 'given' | 'refused';
    givenBy: 'parent-with-pr' | 'carer-without-pr' | 'young-person';
    givenByPersonId: string | null;
    /** The name given on the form, kept when the person is not on the record. */
    givenByName?: string | undefined;
    method: 'verbal' | 'written';
    notes: string;
  },
): Promise<string> {
  const actor = actorOf(ctx);
  const id = randomUUID();
  await db
    .insertInto('consents')
    .values({
      id,
      child_id: c.childId,
      purpose: c.purpose,
      decision: c.decision,
      given_by_person_id: c.givenByPersonId,
      given_by_name:
        c.givenByPersonId === null && (c.givenByName ?? '').trim() !== ''
          ? (c.givenByName ?? '').trim()
          : null,
      given_by_kind: c.givenBy,
      method: c.method,
      document_ref: null,
      scope: '[]',
      recorded_on: today(ctx),
      expires_on: null,
      not_sought_reason: null,
      consulted: null,
      notes: c.notes,
      recorded_by: actor.userId,
      created_at: ctx.now,
    })
    .execute();
  await appendAudit(db, ctx, {
    action: 'consent.record',
    objectType: 'consent',
    objectId: id,
    outcome: 'allowed',
    reason: `${c.purpose}: ${c.decision}`,
  });
  return id;
}

/** The consent decisions on a child's record, as the journey engine's guards see them. */
export async function consentFactsFor(db: Db, childId: string): Promise<ConsentFact[]> {
  const rows = await db
    .selectFrom('consents')
    .selectAll()
    .where('child_id', '=', childId)
    // Newest first, to the second, as the guards read them (a decision later the same day wins).
    .orderBy('recorded_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((c) => ({
    childId: c.child_id,
    purpose: c.purpose as ConsentPurpose,
    decision: c.decision as ConsentFact['decision'],
    givenBy: (c.given_by_kind ?? null) as ConsentFact['givenBy'],
    recordedOn: c.recorded_on,
    expiresOn: c.expires_on,
    notSoughtReason: c.not_sought_reason,
    consulted: c.consulted,
  }));
}

/** Does the adult hold parental responsibility for the child (on the record)? null: not related. */
export async function parentalResponsibility(
  db: Db,
  childId: string,
  personId: string,
): Promise<boolean | null> {
  const r = await db
    .selectFrom('relationships')
    .select('parental_responsibility')
    .where('child_id', '=', childId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return r ? r.parental_responsibility === 1 : null;
}

/** A Baton user who can be named as a lead professional, with their agency. */
export async function findPractitioner(
  db: Db,
  userId: string,
): Promise<{ userId: string; name: string; agencyId: string; agency: string } | null> {
  const u = await db
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .select(['users.id', 'users.display_name', 'users.agency_id', 'agencies.name'])
    .where('users.id', '=', userId)
    .where('users.active', '=', 1)
    .executeTakeFirst();
  return u ? { userId: u.id, name: u.display_name, agencyId: u.agency_id, agency: u.name } : null;
}

/** The roles that can lead, own an action or attend a plan's meetings (the picker's default). */
const LEAD_ROLES: readonly Role[] = [
  'lead-professional',
  'practitioner',
  'designated-safeguarding-lead',
  'social-worker',
];

/**
 * Baton users who can be named as lead professional, with their agency: the team around the
 * family first (users working with one of `childIds` now), then everyone else of a role that can
 * lead (or of `roles`: a disagreement is often with a manager). The one source of every person
 * picker (`views/partials/person-picker.njk`): triage, steps, panels, opening early help, plan
 * actions, meetings and disagreements.
 */
export async function listLeadProfessionalCandidates(
  db: Kysely<Database>,
  options: { childIds?: readonly string[]; today?: string; roles?: readonly Role[] } = {},
): Promise<{ userId: string; name: string; agency: string; withFamily: boolean }[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.display_name', 'agencies.name'])
    .where('users.active', '=', 1)
    .where('user_roles.role', 'in', [...(options.roles ?? LEAD_ROLES)])
    .distinct()
    .orderBy('users.display_name')
    .execute();
  const childIds = options.childIds ?? [];
  const today = options.today ?? '9999-12-31';
  const family =
    childIds.length === 0
      ? new Set<string>()
      : new Set(
          (
            await db
              .selectFrom('involvements')
              .select('user_id')
              .where('child_id', 'in', [...childIds])
              .where('user_id', 'is not', null)
              .where('granted_for', 'is', null)
              .where((eb) => eb.or([eb('to_date', 'is', null), eb('to_date', '>=', today)]))
              .execute()
          ).map((r) => r.user_id ?? ''),
        );
  const all = rows.map((r) => ({
    userId: r.id,
    name: r.display_name,
    agency: r.name,
    withFamily: family.has(r.id),
  }));
  return [...all.filter((c) => c.withFamily), ...all.filter((c) => !c.withFamily)];
}

/** The child's name (for pages and lists), or null when there is no such child. */
export async function childName(
  db: Db,
  childId: string,
): Promise<{ id: string; name: string; dateOfBirth: string | null } | null> {
  const p = await db
    .selectFrom('people')
    .select(['id', 'given_name', 'family_name', 'date_of_birth', 'kind'])
    .where('id', '=', childId)
    .executeTakeFirst();
  if (p?.kind !== 'child') return null;
  return { id: p.id, name: `${p.given_name} ${p.family_name}`, dateOfBirth: p.date_of_birth };
}
