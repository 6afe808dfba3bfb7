/**
 * The child record: one read that assembles the child, the adults around them, who works with
 * them, consent and sharing, the work and its deadlines, the current level of need, the lead
 * professional and the first page of the timeline. Further timeline pages are read in
 * child-timeline-repository.ts; the review of emergency (break-glass) access is in
 * break-glass-review-repository.ts.
 */
import type { Kysely } from 'kysely';
import { coversEveryChild } from '../../core/access/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import { ageInYears, isChild } from '../../core/people/index.js';
import { WORKFLOW_IDS, type LevelNumber, type ResolvedPack } from '../../core/policy/index.js';
import { statusOf } from '../calendar/index.js';
import type { Database } from '../db/index.js';
import type {
  ChildRecordView,
  RecordDeadline,
  RecordInvolvement,
  RecordWork,
  RelatedAdult,
} from '../schemas/index.js';
import { appendAudit } from './audit-repository.js';
import { emergencyAccessTo } from './break-glass-review-repository.js';
import { authoriseChild } from './child-access.js';
import { timelineRows } from './child-timeline-repository.js';
import { consentRows } from './consent-repository.js';
import { currentConsents } from './consent-status.js';
import { householdOf, type HouseholdChild } from './household-repository.js';
import { loadPerson } from './people-repository.js';
import { sharingRows } from './sharing-repository.js';
import type { RequestContext } from './request-context.js';
import { londonDay } from '../../core/calendar/index.js';

// The record's views are declared once, with the API's schema (src/shell/schemas).
export type {
  RecordDeadline,
  RecordInvolvement,
  RecordWork,
  RelatedAdult,
} from '../schemas/index.js';

/**
 * The record as the API answers it, and what only the record page shows: the other children who
 * share a parent or carer, that the reader may read, with open work.
 */
export type ChildRecord = ChildRecordView & { household: HouseholdChild[] };

const todayOf = (ctx: RequestContext): string => londonDay(ctx.now);

/** Read the whole record of a child (checked and audited as `child.read`). */
export async function getChildRecord(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  childId: string,
  options: { packId: string; timelineBefore?: string | undefined; timelineLimit?: number },
): Promise<ChildRecord> {
  const { actor, relationship, kind } = await authoriseChild(db, ctx, childId, 'read', {
    action: 'child.read',
  });
  // An adult's id is not a child record: refused before anything else is read.
  if (kind !== 'child')
    throw new BatonError('BATON_NOT_FOUND', { message: 'There is no child with that id.' });
  const today = todayOf(ctx);
  const pack = deploymentPack(packs, options.packId);
  // Every read, and the audit row, go out together: on PostgreSQL on several pooled connections
  // at once instead of one after another (on SQLite they run in turn either way). The audit row
  // is still written before anything is returned: the read is answered only once it is audited.
  const [person, consents, work, adults, team, sharing, timeline, deadlineRows, , emergency] =
    await Promise.all([
      loadPerson(db, childId),
      consentRows(db, childId),
      workFor(db, packs, childId),
      relatedAdults(db, childId),
      involvements(db, childId, today),
      sharingRows(db, childId),
      timelineRows(db, childId, options.timelineBefore, options.timelineLimit ?? 25),
      openDeadlineRows(db, childId),
      appendAudit(db, ctx, {
        action: 'child.read',
        objectType: 'child',
        objectId: childId,
        outcome: 'allowed',
        reason: relationship === 'break-glass' ? 'emergency access' : null,
      }),
      emergencyAccessTo(db, actor, relationship, childId),
    ]);
  if (person?.kind !== 'child')
    throw new BatonError('BATON_NOT_FOUND', { message: 'There is no child with that id.' });
  const household = await householdOf(db, ctx, packs, actor, childId);
  const deadlines = withStatus(deadlineRows, packs, pack, work, ctx.now);
  const open = work.filter((w) => w.open);
  // Who holds the baton: the lead professional (or allocated social worker) of the most intensive
  // open work, not a disagreement; early help first among equals, as the family's named lead.
  const episode = open
    .filter(
      (w) =>
        w.leadProfessional &&
        w.workflowId !== WORKFLOW_IDS.disagreement &&
        w.workflowId !== WORKFLOW_IDS.contact,
    )
    .sort(
      (a, b) =>
        (b.level ?? 0) - (a.level ?? 0) ||
        Number(b.workflowId === WORKFLOW_IDS.earlyHelpEpisode) -
          Number(a.workflowId === WORKFLOW_IDS.earlyHelpEpisode),
    )[0];
  return {
    child: {
      ...person,
      ageYears:
        person.dateOfBirth !== null && person.dateOfBirth <= today
          ? ageInYears(person.dateOfBirth, today)
          : null,
      isChild: isChild(
        {
          // A date of birth after today (a clock set back) must not break the read.
          dateOfBirth:
            person.dateOfBirth !== null && person.dateOfBirth <= today
              ? person.dateOfBirth
              : undefined,
          expectedDate: person.expectedDate ?? undefined,
          disabled: person.disabled,
        },
        today,
        pack.child,
      ),
      unborn: person.dateOfBirth === null && person.expectedDate !== null,
    },
    access: coversEveryChild(actor) && relationship === 'none' ? 'statutory' : relationship,
    relatedAdults: adults,
    teamAroundTheChild: team,
    consents,
    currentConsents: currentConsents(consents, today),
    sharingDecisions: sharing,
    work,
    currentLevel: currentLevel(pack, open, frontDoorDecision(packs, work)),
    leadProfessional:
      episode?.leadProfessional != null
        ? { ...episode.leadProfessional, workItemId: episode.id }
        : null,
    deadlines,
    timeline,
    emergencyAccess: emergency,
    household,
  };
}

/**
 * The front door's decision, when it is the child's latest work and was taken on a route that
 * checks the level (a `levelIn` guard on every step into its outcome, as "Levels 2-3: identify a
 * lead professional" has): the level it was decided at stands until the work it asked for starts.
 * A decision with no level check (advice, no further action) leaves universal services.
 */
function frontDoorDecision(
  packs: ReadonlyMap<string, ResolvedPack>,
  work: readonly RecordWork[],
): RecordWork | null {
  if (work.some((w) => w.open)) return null;
  const latest = [...work].sort((a, b) => (b.closedAt ?? '').localeCompare(a.closedAt ?? ''))[0];
  if (latest?.workflowId !== WORKFLOW_IDS.contact || latest.level === null) return null;
  const workflow = packs.get(latest.packId)?.workflows.get(latest.workflowId);
  const into = (workflow?.transitions ?? []).filter((t) => t.to === latest.state);
  const levelChecked =
    into.length > 0 && into.every((t) => t.guards.some((g) => g.guard === 'levelIn'));
  return levelChecked ? latest : null;
}

/**
 * The highest level among open work (a step-up is recorded as new work or a new state, so the
 * most intensive help the child is getting is the level). No open work: the front door's decision
 * at a level, when nothing has followed it yet; else universal services.
 */
function currentLevel(
  pack: ResolvedPack,
  open: readonly RecordWork[],
  decided: RecordWork | null,
): ChildRecord['currentLevel'] {
  const top = [...open]
    .filter((w) => w.level !== null)
    .sort((a, b) => (b.level ?? 0) - (a.level ?? 0))[0];
  if (decided?.level != null && !top) {
    return {
      level: decided.level,
      basis: 'front-door-decision',
      name: pack.levels[decided.level].name,
      stateName: stateNameFor(pack, decided.level),
      explanation: `Level ${decided.level} at the front door’s decision (${decided.stateName}). No work is open yet: the level stands until the work it asked for starts.`,
    };
  }
  if (!top || top.level === null) {
    return {
      level: null,
      basis: open.length === 0 ? 'no-open-work' : 'no-level-recorded',
      name: pack.levels[1].name,
      stateName: stateNameFor(pack, 1),
      explanation:
        open.length === 0
          ? 'No open work on this record, so the child’s needs are met by universal services (level 1).'
          : 'The open work has no level of need recorded yet, so none is shown.',
    };
  }
  return {
    level: top.level,
    basis: 'open-work',
    name: pack.levels[top.level].name,
    stateName: stateNameFor(pack, top.level),
    explanation: `Level ${top.level} from the ${top.workflowName.toLowerCase()} (${top.stateName}): the highest level among ${open.length === 1 ? 'the open piece of work' : `${open.length} open pieces of work`}.`,
  };
}

function stateNameFor(pack: ResolvedPack, level: LevelNumber): string | null {
  const id = pack.stateForLevel[level];
  return id === undefined ? null : (pack.states.find((s) => s.id === id)?.name ?? null);
}

function deploymentPack(packs: ReadonlyMap<string, ResolvedPack>, packId: string): ResolvedPack {
  const pack = packs.get(packId);
  if (!pack)
    throw new BatonError('BATON_UNKNOWN_PACK', {
      message: `The deployment's policy pack "${packId}" is not loaded.`,
    });
  return pack;
}

async function relatedAdults(db: Kysely<Database>, childId: string): Promise<RelatedAdult[]> {
  const rows = await db
    .selectFrom('relationships')
    .innerJoin('people', 'people.id', 'relationships.person_id')
    .select([
      'relationships.id',
      'relationships.person_id',
      'relationships.relationship',
      'relationships.parental_responsibility',
      'relationships.lives_with_child',
      'people.given_name',
      'people.family_name',
      'people.language',
      'people.communication_needs',
    ])
    .where('relationships.child_id', '=', childId)
    .orderBy('relationships.parental_responsibility', 'desc')
    .orderBy('people.family_name')
    .orderBy('people.given_name')
    .execute();
  return rows.map((r) => ({
    relationshipId: r.id,
    personId: r.person_id,
    name: `${r.given_name} ${r.family_name}`,
    relationship: r.relationship,
    parentalResponsibility: r.parental_responsibility === 1,
    livesWithChild: r.lives_with_child === 1,
    language: r.language,
    communicationNeeds: JSON.parse(r.communication_needs) as string[],
  }));
}

async function involvements(
  db: Kysely<Database>,
  childId: string,
  today: string,
): Promise<RecordInvolvement[]> {
  const rows = await db
    .selectFrom('involvements')
    .innerJoin('agencies', 'agencies.id', 'involvements.agency_id')
    .leftJoin('users', 'users.id', 'involvements.user_id')
    .select([
      'agencies.name as agency_name',
      'users.display_name',
      'involvements.role',
      'involvements.from_date',
      'involvements.to_date',
    ])
    .where('involvements.child_id', '=', childId)
    .where((eb) =>
      eb.or([eb('involvements.to_date', 'is', null), eb('involvements.to_date', '>=', today)]),
    )
    .orderBy('involvements.from_date')
    .execute();
  return rows.map((r) => ({
    agencyName: r.agency_name,
    userName: r.display_name,
    role: r.role,
    from: r.from_date,
    to: r.to_date,
  }));
}

/** The child's work items, open first, newest first. */
export async function workFor(
  db: Kysely<Database>,
  packs: ReadonlyMap<string, ResolvedPack>,
  childId: string,
): Promise<RecordWork[]> {
  const rows = await db
    .selectFrom('work_items')
    .innerJoin('work_item_children', 'work_item_children.work_item_id', 'work_items.id')
    .selectAll('work_items')
    .where('work_item_children.child_id', '=', childId)
    .orderBy('work_items.opened_at', 'desc')
    .orderBy('work_items.id')
    .execute();
  const items = rows.map((r): RecordWork => {
    const workflow = packs.get(r.pack_id)?.workflows.get(r.workflow_id);
    const state = workflow?.states.find((s) => s.id === r.state);
    return {
      id: r.id,
      workflowId: r.workflow_id,
      workflowName: workflow?.name ?? r.workflow_id,
      state: r.state,
      stateName: state?.name ?? r.state,
      // A state that implies a level (a TAF plan is level 3) outranks the level recorded at the start.
      level: (state?.level ?? r.level ?? null) as LevelNumber | null,
      open: r.closed_at === null,
      openedAt: r.opened_at,
      closedAt: r.closed_at,
      leadProfessional:
        r.lead_professional_name !== null
          ? { name: r.lead_professional_name, agency: r.lead_professional_agency ?? '' }
          : null,
      packId: r.pack_id,
      packVersion: r.pack_version,
      version: r.version,
    };
  });
  return [...items.filter((w) => w.open), ...items.filter((w) => !w.open)];
}

interface DeadlineRow {
  id: string;
  work_item_id: string;
  name: string;
  due: string;
}

/** The child's unmet deadlines, soonest first, found through the child's work items. */
async function openDeadlineRows(db: Kysely<Database>, childId: string): Promise<DeadlineRow[]> {
  // CROSS JOIN fixes the join order on SQLite (the child's few work items first, then each one's
  // deadlines by index); without statistics SQLite otherwise walks every open deadline in due
  // order. PostgreSQL treats it as an inner join and plans it freely.
  return db
    .selectFrom('work_item_children')
    .crossJoin('deadlines')
    .select(['deadlines.id', 'deadlines.work_item_id', 'deadlines.name', 'deadlines.due'])
    .whereRef('deadlines.work_item_id', '=', 'work_item_children.work_item_id')
    .where('work_item_children.child_id', '=', childId)
    .where('deadlines.met_at', 'is', null)
    .orderBy('deadlines.due')
    .orderBy('deadlines.id')
    .execute();
}

/** Each deadline's status under the pack of its work item (working days, bank holidays). */
function withStatus(
  rows: readonly DeadlineRow[],
  packs: ReadonlyMap<string, ResolvedPack>,
  fallback: ResolvedPack,
  work: readonly RecordWork[],
  now: string,
): RecordDeadline[] {
  const packOf = new Map(work.map((w) => [w.id, packs.get(w.packId) ?? fallback]));
  return rows.map((r) => ({
    id: r.id,
    workItemId: r.work_item_id,
    name: r.name,
    due: r.due,
    status: statusOf(packOf.get(r.work_item_id) ?? fallback, r.due, now),
  }));
}
