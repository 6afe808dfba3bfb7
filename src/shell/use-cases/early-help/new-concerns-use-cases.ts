/**
 * New concerns on an open early help case (Worcestershire 004 Appendix 6): an immediate child
 * protection concern goes to the front door by phone; otherwise a multi-agency meeting is due.
 */
import { withTransaction } from '../../db/unit-of-work.js';
import { BatonError } from '../../../core/errors/error-catalogue.js';
import { newConcernsOffer, type Contact } from '../../../core/policy/index.js';
import { whenItHappened } from '../../../core/journey/index.js';
import {
  findPractitioner,
  insertConcern,
  openDeadlineDue,
  requestTransition,
  type ConcernView,
  type RequestContext,
  type TransitionOutcome,
} from '../../repositories/index.js';
import {
  actorOf,
  blank,
  invalid,
  mustBeOpen,
  writableEpisode,
  type EarlyHelpDeps,
} from './early-help-support.js';

export interface NewConcernsInput {
  concerns: string;
  raisedByName?: string | undefined;
  raisedByAgency?: string | undefined;
  childProtection: boolean;
  frontDoorPhoned?: boolean | undefined;
  /** When the concerns arose (a date, or a date and time); default now. */
  occurredAt?: string | undefined;
  version?: number | undefined;
}

/**
 * New concerns on an open early help case. An immediate child protection concern is telephoned
 * to the front door (the pack's numbers are returned) and the professional with the new
 * information keeps responsibility for the referral; otherwise the pack's `new-concerns` step
 * opens the deadline for a multi-agency meeting (Worcestershire: within three days).
 */
async function raiseNewConcernsWithin(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  id: string,
  input: NewConcernsInput,
): Promise<{
  concern: ConcernView;
  status: TransitionOutcome['status'] | 'front-door';
  meetingDue: string | null;
  frontDoor: Contact[];
}> {
  const actor = actorOf(ctx);
  const { item, pack, workflow } = await writableEpisode(deps, ctx, id, 'early-help.concern.add');
  mustBeOpen(item, 'new concerns');
  if (blank(input.concerns))
    throw invalid([{ path: 'concerns', message: 'Describe the new concerns' }]);
  const raisedByName = blank(input.raisedByName)
    ? actor.displayName
    : (input.raisedByName ?? '').trim();
  const raisedByAgency = blank(input.raisedByAgency)
    ? ((await findPractitioner(deps.db, actor.userId))?.agency ?? '')
    : (input.raisedByAgency ?? '').trim();
  // "This will remain your responsibility as you have the new information" (004 App. 6): the
  // person who raised it, or the signed-in user when they raise it themselves.
  const responsibleUserId = blank(input.raisedByName) ? actor.userId : null;
  const frontDoor = pack.contacts.filter(
    (c) => c.kind === 'front-door' || c.kind === 'out-of-hours',
  );
  // A child protection concern takes no step, so its date is checked here (a step's is checked
  // with the step): not in the future, not before the episode began.
  const when = whenItHappened({
    occurredAt: input.occurredAt,
    now: ctx.now,
    workBegan: item.beganAt,
    previousStep: null,
    opensHours: false,
  });
  if (!when.ok)
    throw new BatonError(when.code, {
      ...(when.code === 'BATON_VALIDATION' ? {} : { message: when.message }),
      details: [{ path: 'occurredAt', message: when.message }],
    });
  if (input.childProtection) {
    const concern = await insertConcern(deps.db, ctx, item, {
      concerns: input.concerns.trim(),
      raisedByName,
      raisedByAgency,
      childProtection: true,
      frontDoorPhoned: input.frontDoorPhoned === true,
      responsibleName: raisedByName,
      responsibleUserId,
      transitionRecordId: null,
      transitionStatus: null,
      occurredOn: when.at.slice(0, 10),
    });
    return { concern, status: 'front-door', meetingDue: null, frontDoor };
  }
  const offer = newConcernsOffer(pack, workflow, item.state, actor.roles);
  if (!offer.ok) throw new BatonError('BATON_TRANSITION_NOT_ALLOWED', { message: offer.reason });
  const t = offer.step;
  const outcome = await requestTransition(deps.db, ctx, deps.packs, {
    workItemId: item.id,
    transitionId: t.id,
    expectedVersion: input.version,
    occurredAt: input.occurredAt,
    payload: {
      newConcerns: `${input.concerns.trim()} (raised by ${raisedByName}, ${raisedByAgency})`,
    },
  });
  const concern = await insertConcern(deps.db, ctx, item, {
    concerns: input.concerns.trim(),
    raisedByName,
    raisedByAgency,
    childProtection: false,
    frontDoorPhoned: false,
    responsibleName: raisedByName,
    responsibleUserId,
    transitionRecordId: outcome.transitionRecordId,
    transitionStatus: outcome.status,
    occurredOn: outcome.occurredAt.slice(0, 10),
  });
  const opened = t.opensDeadlines[0];
  const meetingDue =
    outcome.status === 'applied' && opened !== undefined
      ? await openDeadlineDue(deps.db, item.id, opened)
      : null;
  return { concern, status: outcome.status, meetingDue, frontDoor };
}

/** `raiseNewConcerns`, as one unit of work: every write it makes commits together or not at all. */
export function raiseNewConcerns(...args: Parameters<typeof raiseNewConcernsWithin>) {
  const [deps, ...rest] = args;
  return withTransaction(deps.db, (db) => raiseNewConcernsWithin({ ...deps, db }, ...rest));
}
