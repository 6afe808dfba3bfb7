/**
 * The consent ledger (001 "Consent"; 004 §4). It is append-only: a withdrawal is a new row, never
 * an edit. Every write is checked against the child's record, validated in full before anything
 * is written, and lands with its timeline entry and audit event in one transaction. The
 * information-sharing log is in sharing-repository.ts; the ledger's words and where consent
 * stands, in consent-status.ts.
 */
import { withTransaction } from '../db/unit-of-work.js';
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { BatonError, type ErrorDetail } from '../../core/errors/error-catalogue.js';
import { consentPurposes, type ConsentPurpose } from '../../core/journey/index.js';
import { ageInYears, parseIsoDate } from '../../core/people/index.js';
import type { Database } from '../db/index.js';
import { appendAudit } from './audit-repository.js';
import { appendTimeline, authoriseChild } from './child-access.js';
import {
  consentDecisions,
  consentMethods,
  consentGiverText,
  currentConsentIn,
  notSoughtReasonLabel,
  notSoughtReasons,
  purposeText,
  YOUNG_PERSON_MIN_AGE,
  type ConsentDecision,
  type ConsentView,
  type CurrentConsent,
} from './consent-status.js';
import { namesOf } from './person-names.js';
import type { RequestContext } from './request-context.js';
import { londonDay } from '../../core/calendar/index.js';

export {
  consentDecisions,
  consentGivers,
  consentMethods,
  currentConsents,
  notSoughtReasons,
  notSoughtReasonText,
  purposeText,
  YOUNG_PERSON_MIN_AGE,
  type ConsentDecision,
  type ConsentView,
  type CurrentConsent,
} from './consent-status.js';

export interface ConsentInput {
  purpose: string;
  decision: string;
  givenByKind?: string | undefined;
  /** The parent or carer (a person related to the child); the child itself for a young person. */
  givenByPersonId?: string | undefined;
  method?: string | undefined;
  documentRef?: string | undefined;
  scope?: readonly string[] | undefined;
  /** YYYY-MM-DD, not in the future. */
  recordedOn: string;
  expiresOn?: string | undefined;
  notSoughtReason?: string | undefined;
  consulted?: string | undefined;
  notes?: string | undefined;
  /**
   * Other children of the family the same answer is for (issue 14 §4: a parent answering for
   * the family is asked once): a row on each child's own ledger, each checked on its own.
   */
  alsoFor?: readonly string[] | undefined;
}

type Db = Kysely<Database> | Transaction<Database>;
const blank = (v: string | undefined): boolean => v === undefined || v.trim() === '';
const today = (ctx: RequestContext): string => londonDay(ctx.now);
const isOneOf = <T extends string>(list: readonly T[], v: string | undefined): v is T =>
  v !== undefined && (list as readonly string[]).includes(v);

/** Record a consent decision on the child's ledger. Throws BATON_VALIDATION listing every problem. */
export async function recordConsent(
  db: Kysely<Database>,
  ctx: RequestContext,
  childId: string,
  input: ConsentInput,
): Promise<ConsentView> {
  const others = [...new Set((input.alsoFor ?? []).filter((c) => c !== childId))];
  let actorId = '';
  for (const c of [childId, ...others]) {
    const { actor } = await authoriseChild(db, ctx, c, 'write', {
      action: 'consent.record',
      objectType: 'child',
      objectId: c,
    });
    actorId = actor.userId;
  }
  const row = await validateConsent(db, ctx, childId, input);
  const rows = [{ childId, row }];
  const familyProblems: ErrorDetail[] = [];
  for (const other of others) {
    // The young person answers for themselves only; a parent must be related to each child.
    if (row.given_by_kind === 'young-person') {
      familyProblems.push({
        path: 'alsoFor',
        message: 'A young person answers for themselves only: untick the other children',
      });
      break;
    }
    try {
      rows.push({ childId: other, row: await validateConsent(db, ctx, other, input) });
    } catch (e) {
      if (!(e instanceof BatonError) || e.code !== 'BATON_VALIDATION') throw e;
      const name = (await namesOf(db, [other])).get(other) ?? 'the other child';
      for (const d of e.details)
        familyProblems.push({ path: 'alsoFor', message: `For ${name}: ${d.message}` });
    }
  }
  if (familyProblems.length > 0)
    throw new BatonError('BATON_VALIDATION', { details: familyProblems });
  const ids = rows.map(() => randomUUID());
  await withTransaction(db, async (trx) => {
    for (const [i, { childId: child, row: r }] of rows.entries()) {
      const id = ids[i] ?? randomUUID();
      await trx
        .insertInto('consents')
        .values({ id, child_id: child, ...r, recorded_by: actorId, created_at: ctx.now })
        .execute();
      await appendTimeline(trx, {
        childId: child,
        at: ctx.now,
        kind: `consent.${r.decision}`,
        summary: await consentSummary(trx, r),
        objectType: 'consent',
        objectId: id,
        actorUserId: actorId,
      });
      await appendAudit(trx, ctx, {
        action: 'consent.record',
        objectType: 'consent',
        objectId: id,
        outcome: 'allowed',
        reason: `${r.purpose}: ${r.decision}`,
      });
    }
  });
  const id = ids[0];
  const saved = (await consentRows(db, childId)).find((c) => c.id === id);
  if (!saved) throw new BatonError('BATON_INTERNAL');
  return saved;
}

/** The child's consent ledger, newest first. */
export async function listConsents(
  db: Kysely<Database>,
  ctx: RequestContext,
  childId: string,
): Promise<ConsentView[]> {
  await authoriseChild(db, ctx, childId, 'read', { action: 'consent.list' });
  await appendAudit(db, ctx, {
    action: 'consent.list',
    objectType: 'child',
    objectId: childId,
    outcome: 'allowed',
  });
  return consentRows(db, childId);
}

/** Where consent for one purpose stands now: the latest decision decides (the ledger is append-only). */
export async function currentConsent(
  db: Kysely<Database>,
  ctx: RequestContext,
  childId: string,
  purpose: ConsentPurpose,
): Promise<CurrentConsent> {
  await authoriseChild(db, ctx, childId, 'read', { action: 'consent.read' });
  await appendAudit(db, ctx, {
    action: 'consent.read',
    objectType: 'child',
    objectId: childId,
    outcome: 'allowed',
    reason: purpose,
  });
  return currentConsentIn(await consentRows(db, childId), purpose, today(ctx));
}

/** Who answered, from a row and the person it names (their name typed, when not on the record). */
function givenByOf(r: {
  given_by_kind: string | null;
  given_by_person_id: string | null;
  given_by_name: string | null;
  given_name: string | null;
  family_name: string | null;
}): ConsentView['givenBy'] {
  if (r.given_by_kind === null && r.given_by_name === null) return null;
  const name =
    r.given_name !== null
      ? `${r.given_name} ${r.family_name ?? ''}`.trim()
      : r.given_by_name !== null && r.given_by_name.trim() !== ''
        ? r.given_by_name.trim()
        : null;
  const kind = r.given_by_kind ?? 'parent-with-pr';
  return { personId: r.given_by_person_id, name, kind, text: consentGiverText({ name, kind }) };
}

/** The ledger without an access check: callers authorise the child first. */
export async function consentRows(db: Db, childId: string): Promise<ConsentView[]> {
  const rows = await db
    .selectFrom('consents')
    .leftJoin('people', 'people.id', 'consents.given_by_person_id')
    .leftJoin('users', 'users.id', 'consents.recorded_by')
    .selectAll('consents')
    .select(['people.given_name', 'people.family_name', 'users.display_name'])
    .where('consents.child_id', '=', childId)
    .orderBy('consents.recorded_on', 'desc')
    .orderBy('consents.created_at', 'desc')
    .orderBy('consents.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    childId: r.child_id,
    purpose: r.purpose as ConsentPurpose,
    decision: r.decision as ConsentDecision,
    givenBy: givenByOf(r),
    method: r.method,
    documentRef: r.document_ref,
    scope: JSON.parse(r.scope) as string[],
    recordedOn: r.recorded_on,
    expiresOn: r.expires_on,
    notSoughtReason: r.not_sought_reason,
    consulted: r.consulted,
    notes: r.notes,
    recordedBy: { userId: r.recorded_by, name: r.display_name },
    createdAt: r.created_at,
  }));
}

type ConsentRow = Omit<Database['consents'], 'id' | 'child_id' | 'recorded_by' | 'created_at'>;

/** Check a consent decision against the rules and the child's record; every problem at once. */
async function validateConsent(
  db: Kysely<Database>,
  ctx: RequestContext,
  childId: string,
  input: ConsentInput,
): Promise<ConsentRow> {
  const details: ErrorDetail[] = [];
  const problem = (path: string, message: string) => details.push({ path, message });
  const now = today(ctx);
  if (!isOneOf(consentPurposes, input.purpose))
    problem('purpose', 'Select what the consent is for');
  if (!isOneOf(consentDecisions, input.decision))
    problem('decision', 'Select whether consent was given, refused, not sought or withdrawn');
  const recordedOk = parseIsoDate(input.recordedOn) !== null;
  if (!recordedOk) problem('recordedOn', 'Enter the date the decision was made, like 2026-11-23');
  else if (input.recordedOn > now) problem('recordedOn', 'The date cannot be in the future');
  if (!blank(input.expiresOn)) {
    if (parseIsoDate(input.expiresOn ?? '') === null)
      problem('expiresOn', 'Enter the expiry date as a real date, like 2027-05-23');
    else if (recordedOk && (input.expiresOn ?? '') <= input.recordedOn)
      problem('expiresOn', 'The expiry date must be after the date consent was recorded');
  }
  if (input.method !== undefined && input.method !== '' && !isOneOf(consentMethods, input.method))
    problem('method', 'Select verbal or written');
  // 001 "Consent": "both verbally and in writing ... where possible"; written consent is kept as
  // a document, so a written decision names where it is filed.
  if (input.method === 'written' && blank(input.documentRef))
    problem('documentRef', 'Give the reference of the signed consent document');
  const scope = (input.scope ?? []).map((s) => s.trim()).filter((s) => s !== '');
  const decision = input.decision;
  let givenByPersonId: string | null = null;
  let givenByKind: string | null = null;
  if (decision === 'not-sought') {
    // 004 §4 and 001 "Consent": not seeking consent is for stated reasons only, with the manager
    // or nominated safeguarding lead consulted and the outcome recorded.
    if (!isOneOf(notSoughtReasons, input.notSoughtReason))
      problem(
        'notSoughtReason',
        'Select why consent was not sought: risk of significant harm, loss of evidence or undue delay',
      );
    if (blank(input.consulted))
      problem('consulted', 'Name the manager or safeguarding lead you consulted');
    if (!blank(input.givenByKind) || !blank(input.givenByPersonId))
      problem('givenBy', 'Consent was not sought, so nobody gave or refused it');
  } else if (isOneOf(consentDecisions, decision)) {
    if (decision === 'given' && !isOneOf(consentMethods, input.method))
      problem('method', 'Select whether consent was given verbally or in writing');
    if (decision === 'given' && input.purpose === 'information-sharing' && scope.length === 0)
      problem('scope', 'Name the agencies information may be shared with');
    if (decision === 'withdrawn' && isOneOf(consentPurposes, input.purpose)) {
      const current = currentConsentIn(await consentRows(db, childId), input.purpose, now);
      if (current.latest?.decision !== 'given')
        problem('decision', 'There is no consent for this purpose to withdraw');
    }
    const giver = await checkGiver(db, childId, input, now);
    if ('problem' in giver) problem('givenBy', giver.problem);
    else {
      givenByPersonId = giver.personId;
      givenByKind = giver.kind;
    }
  }
  if (details.length > 0) throw new BatonError('BATON_VALIDATION', { details });
  return {
    purpose: input.purpose,
    decision: input.decision,
    given_by_person_id: givenByPersonId,
    given_by_name: null,
    given_by_kind: givenByKind,
    method: blank(input.method) ? null : (input.method ?? null),
    document_ref: blank(input.documentRef) ? null : (input.documentRef?.trim() ?? null),
    scope: JSON.stringify(scope),
    recorded_on: input.recordedOn,
    expires_on: blank(input.expiresOn) ? null : (input.expiresOn ?? null),
    not_sought_reason: decision === 'not-sought' ? (input.notSoughtReason ?? null) : null,
    consulted: blank(input.consulted) ? null : (input.consulted?.trim() ?? null),
    notes: blank(input.notes) ? null : (input.notes?.trim() ?? null),
  };
}

/**
 * Who gave (or refused, or withdrew) consent. 001 "Consent": a parent or carer with parental
 * responsibility ("consent of one parent/ carer provided they have parental responsibility");
 * 000 Chapter 5 and 004 §4: the young person where appropriate. Whether a young person is
 * competent (Gillick) is the practitioner's judgement; Baton only refuses it under 12.
 */
async function checkGiver(
  db: Kysely<Database>,
  childId: string,
  input: ConsentInput,
  today: string,
): Promise<{ personId: string; kind: string } | { problem: string }> {
  if (input.givenByKind === 'young-person') {
    const child = await db
      .selectFrom('people')
      .select('date_of_birth')
      .where('id', '=', childId)
      .executeTakeFirst();
    const dob = child?.date_of_birth ?? null;
    if (dob === null || dob > today || ageInYears(dob, today) < YOUNG_PERSON_MIN_AGE)
      return {
        problem: `A young person can consent for themselves only from age ${YOUNG_PERSON_MIN_AGE}, when you judge them competent; otherwise ask a parent with parental responsibility`,
      };
    return { personId: childId, kind: 'young-person' };
  }
  if (input.givenByKind !== undefined && input.givenByKind !== 'parent-with-pr')
    return { problem: 'Select who gave consent: a parent or carer, or the young person' };
  if (blank(input.givenByPersonId))
    return { problem: 'Select the parent or carer with parental responsibility' };
  const rel = await db
    .selectFrom('relationships')
    .select(['parental_responsibility'])
    .where('child_id', '=', childId)
    .where('person_id', '=', input.givenByPersonId ?? '')
    .execute();
  if (rel.length === 0) return { problem: 'That person is not recorded as related to the child' };
  if (!rel.some((r) => r.parental_responsibility === 1))
    return {
      problem:
        'That person does not have parental responsibility: consent must come from a parent or carer who has it',
    };
  return { personId: input.givenByPersonId ?? '', kind: 'parent-with-pr' };
}

async function consentSummary(db: Db, row: ConsentRow): Promise<string> {
  const purpose = purposeText[row.purpose as ConsentPurpose].toLowerCase();
  const p =
    row.given_by_person_id === null
      ? undefined
      : await db
          .selectFrom('people')
          .select(['given_name', 'family_name'])
          .where('id', '=', row.given_by_person_id)
          .executeTakeFirst();
  const named =
    row.given_by_kind === null
      ? null
      : {
          name: p ? `${p.given_name} ${p.family_name}` : row.given_by_name,
          kind: row.given_by_kind,
        };
  const who = named === null ? '' : ` by ${consentGiverText(named)}`;
  switch (row.decision as ConsentDecision) {
    case 'given':
      return `Consent for ${purpose} given${who} (${row.method ?? ''})`;
    case 'refused':
      return `Consent for ${purpose} refused${who}`;
    case 'withdrawn':
      return `Consent for ${purpose} withdrawn${who}`;
    case 'not-sought':
      return `Consent for ${purpose} not sought: ${notSoughtReasonLabel(row.not_sought_reason)}; consulted ${row.consulted ?? ''}`;
  }
}
