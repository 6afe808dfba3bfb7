/**
 * Storage for pre-proceedings (PLO) records and their meetings (migration 0026). Callers (the
 * use-cases, on the Session) check access to the child and audit; every change bumps the record's
 * version, compared on write, so a stale form never overwrites a colleague's save.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Updateable } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import {
  isPpOutcome,
  type PpMeetingKind,
  type PreProceedingsFacts,
} from '../../core/returns/index.js';
import type { Database } from '../db/index.js';
import { namesOf } from './person-names.js';

/** A pre-proceedings record as stored, with its meetings (oldest first). */
export interface PreProceedingsRow extends PreProceedingsFacts {
  id: string;
  childId: string;
  workItemId: string;
  meetings: { id: string; kind: PpMeetingKind; heldOn: string }[];
  version: number;
  recordedAt: string;
  updatedAt: string;
}

/** The items a page or the API may change (everything but the start and the meetings). */
export type PreProceedingsPatch = Partial<
  Pick<
    PreProceedingsFacts,
    | 'lbpSentOn'
    | 'fgdmOffered'
    | 'fgdmFacilitated'
    | 'stepDecisionOn'
    | 'outcome'
    | 'courtApplicationOn'
    | 'letterInitiatingOn'
  >
>;

const flag = (n: number | null): boolean | null => (n === null ? null : n === 1);
const toInt = (b: boolean | null): number | null => (b === null ? null : b ? 1 : 0);

type Stored = Database['pre_proceedings'];
type StoredRow = { [K in keyof Stored]: K extends 'version' ? number : Stored[K] };

function fromRow(
  r: StoredRow,
  meetings: { id: string; kind: string; held_on: string }[],
): PreProceedingsRow {
  return {
    id: r.id,
    childId: r.child_id,
    workItemId: r.work_item_id,
    startedOn: r.started_on,
    lbpSentOn: r.lbp_sent_on,
    fgdmOffered: flag(r.fgdm_offered),
    fgdmFacilitated: flag(r.fgdm_facilitated),
    meetings: meetings.map((m) => ({
      id: m.id,
      kind: m.kind === 'initial' ? 'initial' : 'review',
      heldOn: m.held_on,
    })),
    stepDecisionOn: r.step_decision_on,
    outcome: isPpOutcome(r.outcome) ? r.outcome : null,
    courtApplicationOn: r.court_application_on,
    letterInitiatingOn: r.letter_initiating_on,
    version: r.version,
    recordedAt: r.recorded_at,
    updatedAt: r.updated_at,
  };
}

async function meetingsOf(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, { id: string; kind: string; held_on: string }[]>> {
  const out = new Map<string, { id: string; kind: string; held_on: string }[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('pre_proceedings_meetings')
    .select(['id', 'pre_proceedings_id', 'kind', 'held_on'])
    .where('pre_proceedings_id', 'in', [...ids])
    .orderBy('held_on')
    .orderBy('recorded_at')
    .execute();
  for (const r of rows)
    out.set(r.pre_proceedings_id, [...(out.get(r.pre_proceedings_id) ?? []), r]);
  return out;
}

/** Begin a period of pre-proceedings on a child and the social care work it belongs to. */
export async function insertPreProceedings(
  db: Kysely<Database>,
  input: { childId: string; workItemId: string; startedOn: string },
  by: string,
  now: string,
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('pre_proceedings')
    .values({
      id,
      child_id: input.childId,
      work_item_id: input.workItemId,
      started_on: input.startedOn,
      lbp_sent_on: null,
      fgdm_offered: null,
      fgdm_facilitated: null,
      step_decision_on: null,
      outcome: null,
      court_application_on: null,
      letter_initiating_on: null,
      version: 1,
      recorded_by: by,
      recorded_at: now,
      updated_by: by,
      updated_at: now,
    })
    .execute();
  return id;
}

/** One record with its meetings, or undefined. */
export async function loadPreProceedings(
  db: Kysely<Database>,
  id: string,
): Promise<PreProceedingsRow | undefined> {
  const r = await db
    .selectFrom('pre_proceedings')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (r === undefined) return undefined;
  return fromRow(r, (await meetingsOf(db, [id])).get(id) ?? []);
}

/** The child's pre-proceedings, latest first. */
export async function listPreProceedings(
  db: Kysely<Database>,
  childId: string,
): Promise<PreProceedingsRow[]> {
  const rows = await db
    .selectFrom('pre_proceedings')
    .selectAll()
    .where('child_id', '=', childId)
    .orderBy('started_on', 'desc')
    .orderBy('recorded_at', 'desc')
    .execute();
  const meetings = await meetingsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => fromRow(r, meetings.get(r.id) ?? []));
}

/** The pre-proceedings recorded on these pieces of work, for the census. */
export async function preProceedingsOnWork(
  db: Kysely<Database>,
  workItemIds: readonly string[],
): Promise<PreProceedingsRow[]> {
  if (workItemIds.length === 0) return [];
  const rows = await db
    .selectFrom('pre_proceedings')
    .selectAll()
    .where('work_item_id', 'in', [...workItemIds])
    .execute();
  const meetings = await meetingsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => fromRow(r, meetings.get(r.id) ?? []));
}

/** Save `patch`, if the record is still at `expectedVersion` (else BATON_STALE_EDIT). */
export async function updatePreProceedings(
  db: Kysely<Database>,
  id: string,
  patch: PreProceedingsPatch,
  expectedVersion: number,
  by: string,
  now: string,
): Promise<void> {
  const set: Updateable<Stored> = {};
  if (patch.lbpSentOn !== undefined) set.lbp_sent_on = patch.lbpSentOn;
  if (patch.fgdmOffered !== undefined) set.fgdm_offered = toInt(patch.fgdmOffered);
  if (patch.fgdmFacilitated !== undefined) set.fgdm_facilitated = toInt(patch.fgdmFacilitated);
  if (patch.stepDecisionOn !== undefined) set.step_decision_on = patch.stepDecisionOn;
  if (patch.outcome !== undefined) set.outcome = patch.outcome;
  if (patch.courtApplicationOn !== undefined) set.court_application_on = patch.courtApplicationOn;
  if (patch.letterInitiatingOn !== undefined) set.letter_initiating_on = patch.letterInitiatingOn;
  const res = await db
    .updateTable('pre_proceedings')
    .set({ ...set, version: expectedVersion + 1, updated_by: by, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new BatonError('BATON_STALE_EDIT');
}

/** Record a meeting on the record at `expectedVersion`, bumping its version. */
export async function insertPreProceedingsMeeting(
  db: Kysely<Database>,
  id: string,
  meeting: { kind: PpMeetingKind; heldOn: string },
  expectedVersion: number,
  by: string,
  now: string,
): Promise<void> {
  await updatePreProceedings(db, id, {}, expectedVersion, by, now);
  await db
    .insertInto('pre_proceedings_meetings')
    .values({
      id: randomUUID(),
      pre_proceedings_id: id,
      kind: meeting.kind,
      held_on: meeting.heldOn,
      recorded_by: by,
      recorded_at: now,
    })
    .execute();
}

/** The child's name as the pages show it ('' when there is no such person). */
export async function childNameOf(db: Kysely<Database>, childId: string): Promise<string> {
  return (await namesOf(db, [childId])).get(childId) ?? '';
}
