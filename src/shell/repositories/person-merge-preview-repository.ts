/**
 * Before a merge (issue 3, "Person matching at intake"): only a team manager finds duplicates
 * and sees two records side by side with what each holds. The merge itself, and its undo, are in
 * person-merge-repository.ts.
 */
import type { Kysely } from 'kysely';
import { decideChildAccess } from '../../core/access/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { ChildDefinition } from '../../core/people/index.js';
import type { Database } from '../db/index.js';
import { refuse } from './audit-repository.js';
import { searchPeople, type PersonSearch, type SearchResult } from './people-search-repository.js';
import { authorisePerson } from './person-access.js';
import type { PersonDetail } from './person-detail.js';
import { checkPair, referenceCounts } from './person-merge-references.js';
import { getPerson } from './person-record-repository.js';
import type { RequestContext } from './request-context.js';

// ---------------------------------------------------------------------------------------------
// Who may merge
// ---------------------------------------------------------------------------------------------

/** Refuse (and audit) anyone who is not a team manager before they reach the merge pages. */
export async function requireMergeRole(db: Kysely<Database>, ctx: RequestContext): Promise<void> {
  const actor = ctx.actor;
  if (!actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  const decision = decideChildAccess(actor, 'involved', 'merge');
  if (!decision.allowed)
    throw await refuse(db, ctx, {
      action: 'person.merge',
      objectType: 'person',
      reason: decision.reason,
    });
}

/** Search for duplicates to merge: team managers only, then an ordinary audited search. */
export async function findMergeCandidates(
  db: Kysely<Database>,
  ctx: RequestContext,
  query: PersonSearch,
): Promise<SearchResult> {
  await requireMergeRole(db, ctx);
  return searchPeople(db, ctx, { ...query, limit: query.limit ?? 20 });
}

// ---------------------------------------------------------------------------------------------
// Preview
// ---------------------------------------------------------------------------------------------

export interface MergePreview {
  people: [PersonDetail, PersonDetail];
  /** For each person, what would move if that record were the one merged away. */
  references: Record<string, { label: string; count: number }[]>;
}

/** Two records side by side, with what each holds: the team manager's view before merging. */
export async function previewMerge(
  db: Kysely<Database>,
  ctx: RequestContext,
  def: ChildDefinition,
  a: string,
  b: string,
): Promise<MergePreview> {
  checkPair(a, b);
  await requireMergeRole(db, ctx);
  for (const id of [a, b]) {
    const { row } = await authorisePerson(db, ctx, id, 'merge', 'person.merge-preview');
    if (row.merged_into !== null)
      throw new BatonError('BATON_STALE_EDIT', {
        message: 'One of these records has already been merged into another. Choose again.',
        extra: { mergedInto: row.merged_into },
      });
  }
  // getPerson audits each read.
  const people: [PersonDetail, PersonDetail] = [
    await getPerson(db, ctx, def, a),
    await getPerson(db, ctx, def, b),
  ];
  return {
    people,
    references: {
      [a]: await referenceCounts(db, a),
      [b]: await referenceCounts(db, b),
    },
  };
}
