/**
 * Team Around the Family meetings (who came, the minutes, the decisions) and the record of who
 * the plan and each meeting's minutes were sent to, and when.
 */
import { withTransaction } from '../../db/unit-of-work.js';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { BatonError } from '../../../core/errors/error-catalogue.js';
import type { Database } from '../../db/index.js';
import type { RequestContext } from '../request-context.js';
import type { WorkItem } from '../work-repository.js';
import {
  actorOf,
  audited,
  expectOneUpdated,
  onTimeline,
  stale,
  texts,
  type Db,
} from './early-help-shared.js';
import type {
  Attendee,
  DistributionView,
  MeetingKind,
  MeetingView,
  Recipient,
} from './early-help-views.js';

/** A record of the plan or minutes being sent, as the episode shows it. */
export function toDistributionView(d: Database['eh_distributions']): DistributionView {
  return {
    id: d.id,
    document: d.document === 'minutes' ? 'minutes' : 'plan',
    meetingId: d.meeting_id,
    recipient: d.recipient,
    recipientKind: d.recipient_kind === 'family' ? 'family' : 'partner',
    method: d.method,
    sentOn: d.sent_on,
    recordedAt: d.recorded_at,
  };
}

/** A meeting as the episode shows it, with the distribution of its minutes. */
export function toMeetingView(
  m: Database['eh_meetings'],
  distribution: readonly DistributionView[],
): MeetingView {
  return {
    id: m.id,
    kind: m.kind as MeetingKind,
    heldOn: m.held_on,
    attendees: JSON.parse(m.attendees) as Attendee[],
    apologies: texts(m.apologies),
    minutes: m.minutes,
    decisions: texts(m.decisions),
    distribution: distribution.filter((d) => d.meetingId === m.id),
    createdAt: m.created_at,
    version: m.version,
  };
}

/** Whether a meeting belongs to the episode. */
export async function meetingOnEpisode(
  db: Db,
  workItemId: string,
  meetingId: string,
): Promise<boolean> {
  const m = await db
    .selectFrom('eh_meetings')
    .select('id')
    .where('id', '=', meetingId)
    .where('work_item_id', '=', workItemId)
    .executeTakeFirst();
  return m !== undefined;
}

/** Record a TAF (or review, or new-concerns) meeting. */
export async function insertMeeting(
  db: Kysely<Database>,
  ctx: RequestContext,
  item: WorkItem,
  m: {
    kind: MeetingKind;
    heldOn: string;
    attendees: Attendee[];
    apologies: string[];
    minutes: string;
    decisions: string[];
  },
): Promise<string> {
  const actor = actorOf(ctx);
  const id = randomUUID();
  await withTransaction(db, async (trx) => {
    await trx
      .insertInto('eh_meetings')
      .values({
        id,
        work_item_id: item.id,
        kind: m.kind,
        held_on: m.heldOn,
        attendees: JSON.stringify(m.attendees),
        apologies: JSON.stringify(m.apologies),
        minutes: m.minutes,
        decisions: JSON.stringify(m.decisions),
        created_by: actor.userId,
        created_at: ctx.now,
        updated_by: actor.userId,
        updated_at: ctx.now,
        version: 1,
      })
      .execute();
    const label = {
      taf: 'Team Around the Family',
      review: 'Review',
      'new-concerns': 'New concerns',
      other: 'Early help',
    }[m.kind];
    await onTimeline(trx, ctx, item, {
      kind: 'early-help.meeting',
      summary: `${label} meeting held on ${m.heldOn} (${String(m.attendees.length)} attended)`,
      objectType: 'early-help-meeting',
      objectId: id,
    });
    await audited(trx, ctx, 'early-help.meeting.add', 'early-help-meeting', id);
  });
  return id;
}

/** Correct or complete a meeting's record (minutes typed up later) at the version read. */
export async function updateMeeting(
  db: Kysely<Database>,
  ctx: RequestContext,
  item: WorkItem,
  meetingId: string,
  change: {
    attendees?: Attendee[] | undefined;
    apologies?: string[] | undefined;
    minutes?: string | undefined;
    decisions?: string[] | undefined;
  },
  expectedVersion: number,
): Promise<void> {
  const actor = actorOf(ctx);
  const row = await db
    .selectFrom('eh_meetings')
    .select(['id', 'version'])
    .where('id', '=', meetingId)
    .where('work_item_id', '=', item.id)
    .executeTakeFirst();
  if (!row)
    throw new BatonError('BATON_NOT_FOUND', {
      message: 'There is no such meeting on this episode.',
    });
  if (row.version !== expectedVersion) throw stale();
  await withTransaction(db, async (trx) => {
    const res = await trx
      .updateTable('eh_meetings')
      .set({
        ...(change.attendees ? { attendees: JSON.stringify(change.attendees) } : {}),
        ...(change.apologies ? { apologies: JSON.stringify(change.apologies) } : {}),
        ...(change.minutes !== undefined ? { minutes: change.minutes } : {}),
        ...(change.decisions ? { decisions: JSON.stringify(change.decisions) } : {}),
        updated_by: actor.userId,
        updated_at: ctx.now,
        version: row.version + 1,
      })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    expectOneUpdated(res);
    await audited(trx, ctx, 'early-help.meeting.update', 'early-help-meeting', row.id);
  });
}

/** Record that the plan or a meeting's minutes were sent, to whom and when. */
export async function insertDistribution(
  db: Kysely<Database>,
  ctx: RequestContext,
  item: WorkItem,
  d: {
    document: 'plan' | 'minutes';
    meetingId: string | null;
    sentOn: string;
    recipients: Recipient[];
  },
): Promise<void> {
  const actor = actorOf(ctx);
  if (d.meetingId !== null && !(await meetingOnEpisode(db, item.id, d.meetingId)))
    throw new BatonError('BATON_VALIDATION', {
      details: [{ path: 'meetingId', message: 'There is no such meeting on this episode' }],
    });
  await withTransaction(db, async (trx) => {
    for (const r of d.recipients) {
      const id = randomUUID();
      await trx
        .insertInto('eh_distributions')
        .values({
          id,
          work_item_id: item.id,
          document: d.document,
          meeting_id: d.meetingId,
          recipient: r.name,
          recipient_kind: r.kind,
          recipient_user_id: r.userId ?? null,
          method: r.method,
          sent_on: d.sentOn,
          recorded_by: actor.userId,
          recorded_at: ctx.now,
        })
        .execute();
    }
    const what = d.document === 'plan' ? 'The plan' : 'Meeting minutes';
    await onTimeline(trx, ctx, item, {
      kind: 'early-help.distribution',
      summary: `${what} sent on ${d.sentOn} to ${d.recipients.map((r) => r.name).join(', ')}`,
      objectType: d.meetingId !== null ? 'early-help-meeting' : 'work-item',
      objectId: d.meetingId ?? item.id,
    });
    await audited(
      trx,
      ctx,
      'early-help.distribution.add',
      d.meetingId !== null ? 'early-help-meeting' : 'work-item',
      d.meetingId ?? item.id,
    );
  });
}
