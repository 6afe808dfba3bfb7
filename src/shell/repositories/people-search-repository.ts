/**
 * Intake search (issue 3, "Person matching at intake"): search before adding. Who may search
 * whom is decided here, the SQL pre-filter is limited to the actor's scope, the ranking is the
 * core's, and every search is audited. Reading, adding and correcting a person are in
 * person-record-repository.ts and person-update-repository.ts.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { readableRelationships, type Actor, type Role } from '../../core/access/index.js';
import { BatonError, type ErrorDetail } from '../../core/errors/error-catalogue.js';
import {
  normalisePostcode,
  parseIsoDate,
  rankCandidates,
  searchKeys,
  validateNhsNumber,
} from '../../core/people/index.js';
import type { Database } from '../db/index.js';
import { appendAudit, refuse } from './audit-repository.js';
import { readableChildren } from './readable-children.js';
import type { RequestContext } from './request-context.js';
import type { SearchCandidate } from '../schemas/index.js';

export type { SearchCandidate };

// ---------------------------------------------------------------------------------------------
// Who may search everyone
// ---------------------------------------------------------------------------------------------

/** Roles whose work is intake, by the kind of agency they work in: they search every record. */
const INTAKE_ROLES: Partial<Record<Actor['agencyKind'], readonly Role[]>> = {
  'childrens-social-care': ['front-door-worker', 'social-worker', 'team-manager'],
  'early-help': ['lead-professional', 'team-manager'],
};
/** Everyone else who reads children's records searches only the children visible to them. */
const LIMITED_SEARCH_ROLES: readonly Role[] = [
  'practitioner',
  'designated-safeguarding-lead',
  'front-door-worker',
  'team-manager',
  'social-worker',
  'lead-professional',
  'business-support',
  'auditor',
];

export type SearchScope = 'everyone' | 'your-children';

/**
 * Who may search whom. The front door, social care and early help find people before anyone
 * else knows them, so they search every record and see full NHS numbers — of the records they may
 * read; a match they may not read is only counted, as "a record exists; ask the front door"
 * (issue 13 item 9). A partner (a school,
 * health, police…) searches the same way, limited in SQL to the children they work with, referred
 * or reached by break-glass, and the adults related to those children; they see only the last
 * four digits of an NHS number. Administrators do not search children's records.
 */
export function searchScopeFor(
  actor: Actor,
): { allowed: true; scope: SearchScope } | { allowed: false; reason: string } {
  const intake = INTAKE_ROLES[actor.agencyKind] ?? [];
  if (actor.roles.some((r) => intake.includes(r))) return { allowed: true, scope: 'everyone' };
  if (actor.roles.some((r) => LIMITED_SEARCH_ROLES.includes(r)))
    return { allowed: true, scope: 'your-children' };
  return { allowed: false, reason: 'your role does not search children’s records' };
}

// ---------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------

export interface PersonSearch {
  givenName?: string | undefined;
  familyName?: string | undefined;
  dateOfBirth?: string | undefined;
  nhsNumber?: string | undefined;
  postcode?: string | undefined;
  kind?: 'child' | 'adult' | undefined;
  /** Most candidates to return (default 10). */
  limit?: number | undefined;
}

export interface SearchResult {
  scope: SearchScope;
  /** The matches the searcher may read. */
  candidates: SearchCandidate[];
  /**
   * How many more matches there are whose records the searcher may not read: a record exists,
   * so ask the front door rather than add a duplicate. Nothing else about them is shown.
   */
  restricted: number;
}

type PeopleEb = ExpressionBuilder<Database, 'people'>;

/**
 * People `actor` may read, as a SQL condition on `people`, by the rule of a single read
 * (`authorisePerson`): a readable child; an adult related to a readable child; an adult related
 * to no child, to the practitioner who recorded them. `null` when every record is readable.
 */
function readablePeople(db: Kysely<Database>, actor: Actor, now: string) {
  const children = readableChildren(db, actor, now);
  if (children === null) return null;
  const relationships = readableRelationships(actor);
  const creatorReads = relationships !== 'every' && relationships.includes('involved');
  return (eb: PeopleEb) =>
    eb.or([
      eb('people.id', 'in', children),
      eb(
        'people.id',
        'in',
        db.selectFrom('relationships').select('person_id').where('child_id', 'in', children),
      ),
      ...(creatorReads
        ? [
            eb.and([
              eb('people.kind', '=', 'adult'),
              eb('people.created_by', '=', actor.userId),
              eb.not(
                eb.exists(
                  eb
                    .selectFrom('relationships')
                    .select('relationships.id')
                    .whereRef('relationships.person_id', '=', 'people.id'),
                ),
              ),
            ]),
          ]
        : []),
    ]);
}

/**
 * Most rows the SQL pre-filter hands to the ranking. With a date of birth the blocking keys keep it
 * far below this; without one, a common family name can reach it, and the preferred keys decide
 * which rows are read (see docs/people-search.md).
 */
const CANDIDATE_CAP = 2000;

const blank = (v: string | undefined): boolean => v === undefined || v.trim() === '';

/** Check what was typed into a search; throws BATON_VALIDATION naming each field. */
function validateSearch(q: PersonSearch): PersonSearch {
  const details: ErrorDetail[] = [];
  let nhsNumber: string | undefined;
  let postcode: string | undefined;
  if (blank(q.familyName) && blank(q.nhsNumber))
    details.push({ path: 'familyName', message: 'Enter a family name or an NHS number' });
  if (!blank(q.nhsNumber)) {
    const r = validateNhsNumber(q.nhsNumber ?? '');
    if (r.ok) nhsNumber = r.value;
    else
      details.push({
        path: 'nhsNumber',
        message:
          r.reason === 'check-digit'
            ? 'NHS number is not valid: check the 10 digits (the last digit is a check digit)'
            : 'NHS number must be 10 digits, like 999 000 1235',
      });
  }
  if (!blank(q.dateOfBirth) && parseIsoDate(q.dateOfBirth ?? '') === null)
    details.push({
      path: 'dateOfBirth',
      message: 'Date of birth must be a real date in the form YYYY-MM-DD, like 2015-03-27',
    });
  if (!blank(q.postcode)) {
    postcode = normalisePostcode(q.postcode ?? '') ?? undefined;
    if (postcode === undefined)
      details.push({ path: 'postcode', message: 'Enter a real postcode, like SK1 3XE' });
  }
  if (details.length > 0) throw new BatonError('BATON_VALIDATION', { details });
  return {
    ...q,
    givenName: q.givenName?.trim() ?? '',
    familyName: q.familyName?.trim() ?? '',
    dateOfBirth: blank(q.dateOfBirth) ? undefined : q.dateOfBirth?.trim(),
    nhsNumber,
    postcode,
  };
}

/**
 * Intake search: pre-filter in SQL by the query's blocking keys (and NHS number), limited to the
 * actor's scope, then rank in the core with scores and reasons. Merged records are left out
 * (their keys now belong to the record they were merged into). Every search is audited, with no
 * personal data in the audit row.
 */
export async function searchPeople(
  db: Kysely<Database>,
  ctx: RequestContext,
  query: PersonSearch,
): Promise<SearchResult> {
  const actor = ctx.actor;
  if (!actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  const access = searchScopeFor(actor);
  if (!access.allowed)
    throw await refuse(db, ctx, {
      action: 'person.search',
      objectType: 'person',
      reason: access.reason,
    });
  const q = validateSearch(query);
  const forMatching = {
    givenName: q.givenName ?? '',
    familyName: q.familyName ?? '',
    dateOfBirth: q.dateOfBirth,
    nhsNumber: q.nhsNumber,
    postcode: q.postcode,
  };
  const { keys, preferred } = searchKeys(forMatching);
  const readable = readablePeople(db, actor, ctx.now);
  const holding = (list: string[]) =>
    db.selectFrom('person_keys').select('person_id').where('key', 'in', list);
  let sqlQuery = db
    .selectFrom('people')
    .select([
      'id',
      'kind',
      'given_name',
      'family_name',
      'date_of_birth',
      'expected_date',
      'postcode',
      'nhs_number',
      (eb) =>
        (readable === null ? eb.lit(1) : eb.case().when(readable(eb)).then(1).else(0).end()).as(
          'readable',
        ),
    ])
    .where('merged_into', 'is', null)
    .where((eb) =>
      eb.or([
        ...(keys.length > 0 ? [eb('id', 'in', holding(keys))] : []),
        ...(q.nhsNumber !== undefined ? [eb('nhs_number', '=', q.nhsNumber)] : []),
      ]),
    );
  if (q.kind !== undefined) sqlQuery = sqlQuery.where('kind', '=', q.kind);
  // A partner searches only what they may read; intake roles search everyone, and a match they
  // may not read is counted rather than shown.
  if (readable !== null && access.scope === 'your-children') sqlQuery = sqlQuery.where(readable);
  // Under the cap, the preferred rows (same given-name letter or sound, same postcode or NHS
  // number) come first; then by id, so the same search reads the same rows.
  if (preferred.length > 0)
    sqlQuery = sqlQuery.orderBy((eb) =>
      eb
        .case()
        .when(
          eb.or([
            eb('id', 'in', holding(preferred)),
            ...(q.nhsNumber !== undefined ? [eb('nhs_number', '=', q.nhsNumber)] : []),
          ]),
        )
        .then(0)
        .else(1)
        .end(),
    );
  const rows = await sqlQuery.orderBy('id').limit(CANDIDATE_CAP).execute();
  const ranked = rankCandidates(
    forMatching,
    rows.map((r) => ({
      row: r,
      givenName: r.given_name,
      familyName: r.family_name,
      dateOfBirth: r.date_of_birth ?? undefined,
      nhsNumber: r.nhs_number ?? undefined,
      postcode: r.postcode ?? undefined,
    })),
    { limit: Math.min(Math.max(q.limit ?? 10, 1), 50) },
  );
  const shown = ranked.filter((r) => r.candidate.row.readable === 1);
  const restricted = ranked.length - shown.length;
  await appendAudit(db, ctx, {
    action: 'person.search',
    objectType: 'person',
    outcome: 'allowed',
    reason: `scope ${access.scope}; ${String(rows.length)} compared; ${String(ranked.length)} matched; ${String(shown.length)} shown; ${String(restricted)} not readable (counted only)`,
  });
  return {
    scope: access.scope,
    restricted,
    candidates: shown.map(({ candidate: { row }, score, reasons }) => ({
      id: row.id,
      kind: row.kind === 'adult' ? 'adult' : 'child',
      givenName: row.given_name,
      familyName: row.family_name,
      dateOfBirth: row.date_of_birth,
      expectedDate: row.expected_date,
      postcode: row.postcode,
      nhsNumber: access.scope === 'everyone' ? row.nhs_number : null,
      nhsNumberLast4: row.nhs_number === null ? null : row.nhs_number.slice(-4),
      score,
      reasons,
    })),
  };
}
