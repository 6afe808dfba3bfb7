/**
 * The information-sharing log (001 Appendix 2, the seven golden rules; rule 7: "Keep a record of
 * your decision and the reasons for it"). Append-only, like the consent ledger: every decision to
 * share, or not to share, is checked against the child's record and its consent, validated in
 * full, and lands with its timeline entry and audit event in one transaction.
 */
import { withTransaction } from '../db/unit-of-work.js';
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { BatonError, type ErrorDetail } from '../../core/errors/error-catalogue.js';
import type { Database } from '../db/index.js';
import { appendAudit } from './audit-repository.js';
import { appendTimeline, authoriseChild } from './child-access.js';
import { consentRows } from './consent-repository.js';
import { currentConsentIn } from './consent-status.js';
import type { RequestContext } from './request-context.js';
import type { SharingView } from '../schemas/index.js';
import { londonDay } from '../../core/calendar/index.js';

export type { SharingView };

type Db = Kysely<Database> | Transaction<Database>;
const blank = (v: string | undefined): boolean => v === undefined || v.trim() === '';
const today = (ctx: RequestContext): string => londonDay(ctx.now);
const isOneOf = <T extends string>(list: readonly T[], v: string | undefined): v is T =>
  v !== undefined && (list as readonly string[]).includes(v);

/** Lawful bases under UK GDPR Article 6 that fit children's services. */
export const lawfulBases = [
  'consent',
  'public-task',
  'vital-interests',
  'legal-obligation',
  'legitimate-interests',
] as const;
export type LawfulBasis = (typeof lawfulBases)[number];
export const lawfulBasisText: Record<LawfulBasis, string> = {
  consent: 'Consent',
  'public-task': 'Public task (Children Act 1989 s17 / s47)',
  'vital-interests': 'Vital interests',
  'legal-obligation': 'Legal obligation',
  'legitimate-interests': 'Legitimate interests',
};

export interface SharingInput {
  decision: string;
  what: string;
  withWhom: string;
  purpose: string;
  lawfulBasis?: string | undefined;
  /** The condition relied on for special-category data (health, ethnicity…), if any. */
  specialCategoryNote?: string | undefined;
  /** Required to share: whether consent covers it. */
  withConsent?: boolean | undefined;
  /** Why information was shared without consent, or why it was not shared. */
  reason?: string | undefined;
}

// The table has one lawful-basis column; a special-category condition rides after a '|'
// (basis codes never contain one) until a column of its own is added.
const encodeBasis = (basis: string, note: string): string =>
  note === '' ? basis : `${basis}|${note}`;
const decodeBasis = (v: string): { basis: string | null; note: string | null } => {
  const i = v.indexOf('|');
  const basis = i < 0 ? v : v.slice(0, i);
  return { basis: basis === '' ? null : basis, note: i < 0 ? null : v.slice(i + 1) };
};

/** Record a decision to share, or not to share, information about the child. */
export async function recordSharingDecision(
  db: Kysely<Database>,
  ctx: RequestContext,
  childId: string,
  input: SharingInput,
): Promise<SharingView> {
  const { actor } = await authoriseChild(db, ctx, childId, 'write', {
    action: 'sharing.record',
    objectType: 'child',
    objectId: childId,
  });
  const details: ErrorDetail[] = [];
  const problem = (path: string, message: string) => details.push({ path, message });
  const shared = input.decision === 'shared';
  if (input.decision !== 'shared' && input.decision !== 'not-shared')
    problem('decision', 'Select whether you shared the information or decided not to');
  if (input.what.trim() === '') problem('what', 'Say what information was asked for or shared');
  if (input.withWhom.trim() === '')
    problem('withWhom', 'Say who the information was shared with, or who asked for it');
  if (input.purpose.trim() === '') problem('purpose', 'Say what the information is for');
  if (shared && !isOneOf(lawfulBases, input.lawfulBasis))
    problem('lawfulBasis', 'Select the lawful basis for sharing');
  else if (!blank(input.lawfulBasis) && !isOneOf(lawfulBases, input.lawfulBasis))
    problem('lawfulBasis', 'Select a lawful basis from the list');
  const withConsent = input.withConsent === true;
  if (shared && input.withConsent === undefined)
    problem('withConsent', 'Select yes if the information was shared with consent');
  else if (shared && input.lawfulBasis === 'consent' && !withConsent)
    problem('withConsent', 'The lawful basis is consent, so say that consent was given');
  if ((shared && input.withConsent === false) || input.decision === 'not-shared') {
    if (blank(input.reason))
      problem(
        'reason',
        shared
          ? 'Say why you shared without consent (for example, a risk of significant harm)'
          : 'Say why you decided not to share',
      );
  }
  if (shared && withConsent) {
    // Golden rule 4: share with consent where possible; the ledger must hold a live consent, and
    // when it names agencies the recipient must be one of them.
    const c = currentConsentIn(await consentRows(db, childId), 'information-sharing', today(ctx));
    if (!c.live)
      problem(
        'withConsent',
        'There is no live consent to share information on the record: record it first, or say why you are sharing without consent',
      );
    else if (c.latest && c.latest.scope.length > 0 && !inScope(c.latest.scope, input.withWhom))
      problem(
        'withWhom',
        `Consent covers sharing with ${c.latest.scope.join(', ')} only: record consent for this agency, or say why you are sharing without it`,
      );
  }
  if (details.length > 0) throw new BatonError('BATON_VALIDATION', { details });
  const id = randomUUID();
  const row = {
    id,
    child_id: childId,
    decision: input.decision,
    what: input.what.trim(),
    with_whom: input.withWhom.trim(),
    purpose: input.purpose.trim(),
    lawful_basis: encodeBasis(input.lawfulBasis ?? '', input.specialCategoryNote?.trim() ?? ''),
    with_consent: withConsent ? 1 : 0,
    reason_without_consent: blank(input.reason) ? null : (input.reason?.trim() ?? null),
    decided_by: actor.userId,
    decided_at: ctx.now,
  };
  await withTransaction(db, async (trx) => {
    await trx.insertInto('sharing_decisions').values(row).execute();
    await appendTimeline(trx, {
      childId,
      at: ctx.now,
      kind: `sharing.${input.decision}`,
      summary: shared
        ? `Information shared with ${row.with_whom}${withConsent ? ' with consent' : ' without consent'}: ${row.what}`
        : `Decided not to share information with ${row.with_whom}: ${row.what}`,
      objectType: 'sharing-decision',
      objectId: id,
      actorUserId: actor.userId,
    });
    await appendAudit(trx, ctx, {
      action: 'sharing.record',
      objectType: 'sharing-decision',
      objectId: id,
      outcome: 'allowed',
      reason: input.decision,
    });
  });
  const saved = (await sharingRows(db, childId)).find((s) => s.id === id);
  if (!saved) throw new BatonError('BATON_INTERNAL');
  return saved;
}

/** The child's information-sharing log, newest first. */
export async function listSharingDecisions(
  db: Kysely<Database>,
  ctx: RequestContext,
  childId: string,
): Promise<SharingView[]> {
  await authoriseChild(db, ctx, childId, 'read', { action: 'sharing.list' });
  await appendAudit(db, ctx, {
    action: 'sharing.list',
    objectType: 'child',
    objectId: childId,
    outcome: 'allowed',
  });
  return sharingRows(db, childId);
}

/** The log without an access check: callers authorise the child first. */
export async function sharingRows(db: Db, childId: string): Promise<SharingView[]> {
  const rows = await db
    .selectFrom('sharing_decisions')
    .leftJoin('users', 'users.id', 'sharing_decisions.decided_by')
    .selectAll('sharing_decisions')
    .select('users.display_name')
    .where('sharing_decisions.child_id', '=', childId)
    .orderBy('sharing_decisions.decided_at', 'desc')
    .orderBy('sharing_decisions.id', 'desc')
    .execute();
  return rows.map((r) => {
    const basis = decodeBasis(r.lawful_basis);
    return {
      id: r.id,
      childId: r.child_id,
      decision: r.decision === 'shared' ? 'shared' : 'not-shared',
      what: r.what,
      withWhom: r.with_whom,
      purpose: r.purpose,
      lawfulBasis: basis.basis,
      specialCategoryNote: basis.note,
      withConsent: r.with_consent === 1,
      reason: r.reason_without_consent,
      decidedBy: { userId: r.decided_by, name: r.display_name },
      decidedAt: r.decided_at,
    };
  });
}

const inScope = (scope: readonly string[], withWhom: string): boolean => {
  const w = withWhom.trim().toLowerCase();
  return scope.some((s) => {
    const a = s.trim().toLowerCase();
    return a === w || w.includes(a) || a.includes(w);
  });
};
