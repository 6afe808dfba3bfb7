/**
 * Team Around the Family meetings, and who the minutes and the plan went to (Stockport 001:
 * minutes and the plan go to the parents and every party at the meeting).
 */
import { withTransaction } from '../../db/unit-of-work.js';
import type { ErrorDetail } from '../../../core/errors/error-catalogue.js';
import {
  insertDistribution,
  insertMeeting,
  readEpisode,
  updateMeeting,
  type Attendee,
  type EpisodeView,
  type MeetingKind,
  type Recipient,
  type RequestContext,
} from '../../repositories/index.js';
import {
  blank,
  checkDate,
  invalid,
  mustBeOpen,
  todayOf,
  writableEpisode,
  type EarlyHelpDeps,
} from './early-help-support.js';

export interface DistributionInput {
  sentOn: string;
  recipients: Recipient[];
}

function checkDistribution(
  details: ErrorDetail[],
  d: DistributionInput,
  on: string,
  path: string,
): void {
  checkDate(details, `${path}sentOn`, d.sentOn, 'The date sent', { notAfter: on });
  if (d.recipients.length === 0)
    details.push({ path: `${path}recipients`, message: 'Name at least one person it was sent to' });
  d.recipients.forEach((r, i) => {
    if (blank(r.name))
      details.push({
        path: `${path}recipients.${String(i)}.name`,
        message: 'Enter who it was sent to',
      });
  });
}

export interface MeetingInput {
  kind: MeetingKind;
  heldOn: string;
  attendees: Attendee[];
  apologies?: string[] | undefined;
  minutes: string;
  decisions?: string[] | undefined;
  distribution?: DistributionInput | undefined;
}

/**
 * Record a TAF meeting: who came, the minutes, the decisions, and (optionally) to whom the
 * minutes were sent and when (Stockport 001: minutes and the plan go to the parents and every
 * party at the meeting).
 */
async function recordMeetingWithin(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  id: string,
  input: MeetingInput,
): Promise<EpisodeView> {
  const { item } = await writableEpisode(deps, ctx, id, 'early-help.meeting.add');
  mustBeOpen(item, 'meetings');
  const details: ErrorDetail[] = [];
  checkDate(details, 'heldOn', input.heldOn, 'The meeting date', { notAfter: todayOf(ctx) });
  const attendees = input.attendees
    .map((a) => ({ name: a.name.trim(), role: a.role.trim(), family: a.family }))
    .filter((a) => a.name !== '');
  if (attendees.length === 0)
    details.push({ path: 'attendees', message: 'Name at least one person who attended' });
  if (blank(input.minutes)) details.push({ path: 'minutes', message: 'Enter the minutes' });
  if (input.distribution)
    checkDistribution(details, input.distribution, todayOf(ctx), 'distribution.');
  if (details.length > 0) throw invalid(details);
  const meetingId = await insertMeeting(deps.db, ctx, item, {
    kind: input.kind,
    heldOn: input.heldOn,
    attendees,
    apologies: (input.apologies ?? []).map((a) => a.trim()).filter((a) => a !== ''),
    minutes: input.minutes.trim(),
    decisions: (input.decisions ?? []).map((d) => d.trim()).filter((d) => d !== ''),
  });
  if (input.distribution)
    await insertDistribution(deps.db, ctx, item, {
      document: 'minutes',
      meetingId,
      sentOn: input.distribution.sentOn,
      recipients: input.distribution.recipients.map((r) => ({ ...r, name: r.name.trim() })),
    });
  return readEpisode(deps.db, ctx, deps.packs, id);
}

/** Correct a meeting's record at the version read (a stale version answers 409). */
export async function changeMeeting(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  id: string,
  meetingId: string,
  input: {
    attendees?: Attendee[] | undefined;
    apologies?: string[] | undefined;
    minutes?: string | undefined;
    decisions?: string[] | undefined;
    version: number;
  },
): Promise<EpisodeView> {
  const { item } = await writableEpisode(deps, ctx, id, 'early-help.meeting.update');
  mustBeOpen(item, 'meetings');
  if (input.minutes !== undefined && blank(input.minutes))
    throw invalid([{ path: 'minutes', message: 'Enter the minutes' }]);
  await updateMeeting(deps.db, ctx, item, meetingId, input, input.version);
  return readEpisode(deps.db, ctx, deps.packs, id);
}

/** Record that the plan (or a meeting's minutes) was sent to the family and partners. */
export async function recordDistribution(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  id: string,
  input: DistributionInput & { document: 'plan' | 'minutes'; meetingId?: string | undefined },
): Promise<EpisodeView> {
  const { item } = await writableEpisode(deps, ctx, id, 'early-help.distribution.add');
  const details: ErrorDetail[] = [];
  checkDistribution(details, input, todayOf(ctx), '');
  if (input.document === 'minutes' && blank(input.meetingId))
    details.push({ path: 'meetingId', message: 'Say which meeting’s minutes were sent' });
  if (details.length > 0) throw invalid(details);
  await insertDistribution(deps.db, ctx, item, {
    document: input.document,
    meetingId: input.document === 'minutes' ? (input.meetingId ?? null) : null,
    sentOn: input.sentOn,
    recipients: input.recipients.map((r) => ({ ...r, name: r.name.trim() })),
  });
  return readEpisode(deps.db, ctx, deps.packs, id);
}

/** `recordMeeting`, as one unit of work: every write it makes commits together or not at all. */
export function recordMeeting(...args: Parameters<typeof recordMeetingWithin>) {
  const [deps, ...rest] = args;
  return withTransaction(deps.db, (db) => recordMeetingWithin({ ...deps, db }, ...rest));
}
