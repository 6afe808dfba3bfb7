/**
 * Team Around the Family meetings, and who the minutes and the plan went to (Stockport 001:
 * minutes and the plan go to the parents and every party at the meeting).
 */
import { withTransaction } from '../../db/unit-of-work.js';
import type { ErrorDetail } from '../../../core/errors/error-catalogue.js';
import { namedOnPlanEffects } from '../../../core/journey/index.js';
import {
  applyEffects,
  findPractitioner,
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
  actorOf,
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
  const { item, pack } = await writableEpisode(deps, ctx, id, 'early-help.meeting.add');
  mustBeOpen(item, 'meetings');
  const details: ErrorDetail[] = [];
  checkDate(details, 'heldOn', input.heldOn, 'The meeting date', { notAfter: todayOf(ctx) });
  // People picked from Baton take their name and agency from Baton (issue 14 §1).
  const picked = await batonUsers(
    deps,
    [
      ...input.attendees.map((a) => a.userId),
      ...(input.distribution?.recipients ?? []).map((r) => r.userId),
    ],
    details,
  );
  const attendees = attendeesNamed(input.attendees, picked);
  const distribution = input.distribution && {
    ...input.distribution,
    recipients: input.distribution.recipients.map((r) => {
      const u = blank(r.userId ?? undefined) ? undefined : picked.get(r.userId ?? '');
      return u
        ? { name: u.name, kind: 'partner' as const, method: r.method, userId: u.userId }
        : { name: r.name, kind: r.kind, method: r.method };
    }),
  };
  if (attendees.length === 0)
    details.push({ path: 'attendees', message: 'Name at least one person who attended' });
  if (blank(input.minutes)) details.push({ path: 'minutes', message: 'Enter the minutes' });
  if (distribution) checkDistribution(details, distribution, todayOf(ctx), 'distribution.');
  if (details.length > 0) throw invalid(details);
  const meetingId = await insertMeeting(deps.db, ctx, item, {
    kind: input.kind,
    heldOn: input.heldOn,
    attendees,
    apologies: (input.apologies ?? []).map((a) => a.trim()).filter((a) => a !== ''),
    minutes: input.minutes.trim(),
    decisions: (input.decisions ?? []).map((d) => d.trim()).filter((d) => d !== ''),
  });
  if (distribution)
    await insertDistribution(deps.db, ctx, item, {
      document: 'minutes',
      meetingId,
      sentOn: distribution.sentOn,
      recipients: distribution.recipients.map((r) => ({ ...r, name: r.name.trim() })),
    });
  // Whoever was picked can see the family's children and is told, in the same unit of work.
  const by = actorOf(ctx).userId;
  const usersIn = (list: readonly { userId?: string | null | undefined }[]) =>
    list.flatMap((x) => {
      const u = x.userId ? picked.get(x.userId) : undefined;
      return u ? [u] : [];
    });
  const label = meetingLabel[input.kind];
  await applyEffects(deps.db, ctx, pack, [
    ...namedOnPlanEffects(
      item,
      usersIn(attendees),
      { as: 'meeting-attendee', text: `You are recorded as attending the ${label} meeting` },
      by,
      ctx.now,
    ),
    ...namedOnPlanEffects(
      item,
      usersIn(distribution?.recipients ?? []).filter(
        (u) => !usersIn(attendees).some((a) => a.userId === u.userId),
      ),
      { as: 'minutes-recipient', text: `The minutes of the ${label} meeting were sent to you` },
      by,
      ctx.now,
    ),
  ]);
  return readEpisode(deps.db, ctx, deps.packs, id);
}

const meetingLabel: Record<MeetingKind, string> = {
  taf: 'Team Around the Family',
  review: 'review',
  'new-concerns': 'new concerns',
  other: 'early help',
};

/** Attendees as stored: a Baton user picked is named from Baton, with their agency as role. */
function attendeesNamed(
  attendees: readonly Attendee[],
  picked: ReadonlyMap<string, { userId: string; name: string; agency: string }>,
): Attendee[] {
  return attendees
    .map((a) => {
      const u = blank(a.userId ?? undefined) ? undefined : picked.get(a.userId ?? '');
      return u
        ? {
            name: u.name,
            role: blank(a.role) ? u.agency : a.role.trim(),
            family: false,
            userId: u.userId,
          }
        : { name: a.name.trim(), role: a.role.trim(), family: a.family };
    })
    .filter((a) => a.name !== '');
}

/** The Baton users picked on a form, by id; an id that is no active user is a problem to fix. */
async function batonUsers(
  deps: EarlyHelpDeps,
  ids: readonly (string | null | undefined)[],
  details: ErrorDetail[],
): Promise<Map<string, { userId: string; name: string; agencyId: string; agency: string }>> {
  const found = new Map<
    string,
    { userId: string; name: string; agencyId: string; agency: string }
  >();
  for (const id of new Set(
    ids.filter((i): i is string => typeof i === 'string' && i.trim() !== ''),
  )) {
    const u = await findPractitioner(deps.db, id.trim());
    if (u) found.set(id, u);
    else details.push({ path: 'attendees', message: 'There is no active Baton user with that id' });
  }
  return found;
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
  const details: ErrorDetail[] = [];
  if (input.minutes !== undefined && blank(input.minutes))
    details.push({ path: 'minutes', message: 'Enter the minutes' });
  const picked = await batonUsers(
    deps,
    (input.attendees ?? []).map((a) => a.userId),
    details,
  );
  if (details.length > 0) throw invalid(details);
  const attendees = input.attendees && attendeesNamed(input.attendees, picked);
  await updateMeeting(deps.db, ctx, item, meetingId, { ...input, attendees }, input.version);
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
