/**
 * What a step does, decided here and only here (pattern: XState's `transition()`, which returns
 * the next snapshot and the actions to run, and runs none). The shell applies the list in order
 * inside the use-case's unit of work (shell/repositories/effect-applier.ts) and decides nothing.
 *
 * Every rule that used to be worked out again in the storage code lives here: entering a final
 * state meets every open deadline; a hand-over moves ownership, open deadlines and involvement;
 * who owns and leads the follow-on work; access granted for a pending request ends with it;
 * nothing in a step's payload writes a column unless a rule here says so.
 */
import {
  startingAssessment,
  type SocialCarePlanHeld,
  type StartingAssessment,
} from './starting-assessment.js';
import type { Role } from '../access/roles.js';
import { dayText } from '../calendar/day-text.js';
import type { LevelNumber } from '../policy/pack-schema.js';
import {
  citationsOf,
  type DeadlinePlan,
  type RuleCitation,
  type TransitionPlan,
} from './journey-engine.js';
import { followOnLead, namedLead, type LeadProfessional } from './step-rules.js';
import type { Party, Transition, Workflow } from './workflow-schema.js';

/** The work a step is taken on, as the rules need to see it. */
export interface WorkSnapshot {
  id: string;
  workflowId: string;
  subjectId: string;
  childIds: readonly string[];
  level: LevelNumber | null;
  ownerAgencyId: string;
  leadProfessional: LeadProfessional | null;
  /** The user who referred the work (a contact's referrer), for `notify: [referrer]`. */
  referrerUserId: string | null;
}

/** Whom a notification is for. */
export type Recipient = { userId: string } | { agencyId: string; roles: readonly string[] };

/** One thing a step does. Tagged, and applied by an exhaustive switch in the shell. */
export type Effect =
  | {
      kind: 'set-state';
      workItemId: string;
      state: string;
      /** The event recorded on the work (guards such as `eventHappened` read these). */
      event: { id: string; on: string };
      /** Set when the state is final: the work closes at this moment. */
      closedAt: string | null;
    }
  | { kind: 'set-level'; workItemId: string; level: LevelNumber }
  | { kind: 'set-lead-professional'; workItemId: string; lead: LeadProfessional }
  | {
      kind: 'assign-deadlines';
      workItemId: string;
      /** The open deadlines become this person's own (they show as "mine" in My work). */
      ownerUserId: string;
    }
  | {
      kind: 'request-step';
      workItemId: string;
      /** The id of the request (a decision record), chosen by the shell before planning. */
      recordId: string;
      transitionId: string;
      from: string;
      to: string;
      outcome: string | null;
      payload: Readonly<Record<string, unknown>>;
      requestedBy: string;
      occurredAt: string;
      citations: readonly RuleCitation[];
    }
  | {
      kind: 'hand-over';
      workItemId: string;
      /** The new owner takes the work and its open deadlines (for the team to allocate). */
      toAgencyId: string;
    }
  | {
      kind: 'close-deadlines';
      workItemId: string;
      timescaleIds: readonly string[] | 'all';
      at: string;
    }
  | {
      kind: 'open-deadlines';
      workItemId: string;
      deadlines: readonly DeadlinePlan[];
      ownerAgencyId: string;
      ownerUserId: string | null;
      at: string;
    }
  | {
      kind: 'involve';
      childIds: readonly string[];
      agencyId: string;
      userId: string | null;
      role: string;
      from: string;
      /** The decision whose lifetime bounds this access (a pending request), if any. */
      grantedFor: string | null;
    }
  | { kind: 'end-involvements'; grantedFor: string; on: string }
  | {
      kind: 'notify';
      to: Recipient;
      notification: string;
      text: string;
      workItemId: string;
    }
  | {
      kind: 'timeline';
      childIds: readonly string[];
      entry: string;
      summary: string;
      objectType: 'work-item' | 'transition';
      objectId: string;
    }
  | {
      kind: 'start-work';
      workflowId: string;
      state: string;
      subjectId: string;
      childIds: readonly string[];
      level: LevelNumber | null;
      ownerAgencyId: string;
      lead: LeadProfessional | null;
      deadlines: readonly DeadlinePlan[];
      /** When the new work began: when the step that starts it happened. */
      beganAt: string;
      /** The work this follows: linked both ways. */
      steppedFrom: {
        workItemId: string;
        workflowId: string;
        transitionId: string;
        outcome: string | null;
      };
      /** Involvement the new owner and lead get with each child, so they can see whom they hold. */
      involvementRole: 'lead-professional' | 'allocated-team';
      /** What the lead is told, when the lead is a Baton user (null: nobody to tell). */
      tellLead: string | null;
      /** The assessment the new work starts with (`starts.carries`), a draft to check; or none. */
      assessment: StartingAssessment | null;
    };

export type EffectKind = Effect['kind'];

/** What the shell looked up for the rules: agencies by kind, the named lead's own agency. */
export interface StepSetting {
  /** When the step is recorded or authorised (ISO date-time): the moment it takes effect. */
  at: string;
  /**
   * When the step happened (ISO date, or date-time), from `whenItHappened`: the step's event, the
   * deadlines it meets and the work it starts date from here, and authorising later never moves
   * them. The deadlines it opens were counted from here by the engine (`planTransition`'s `at`).
   */
  occurredAt: string;
  /** The first agency of each kind in the deployment (one early help service, one social care). */
  agencyOfKind: (kind: string) => string | null;
  /** The agency of the Baton user the step names as lead professional, when it names one. */
  namedLeadAgencyId: string | null;
  /**
   * For a step that asks for the next one (`thenRequests`): an id for that request, chosen by
   * the shell, and who asked for this step (the requester, also when a manager authorises it).
   */
  followUp?: { id: string; requestedBy: string } | undefined;
  /** For a step whose follow-on work carries the social care plan: what social care recorded. */
  socialCarePlan?: SocialCarePlanHeld | undefined;
}

type OkPlan = Extract<TransitionPlan, { ok: true }>;

const dateOf = (at: string): string => at.slice(0, 10);

/** The step's words on the timeline and in notifications: its name and, if given, why. */
export function stepText(t: Transition, payload: Readonly<Record<string, unknown>>): string {
  const why = typeof payload.rationale === 'string' ? payload.rationale.trim() : '';
  return why === '' ? t.name : `${t.name}: ${why}`;
}

/** Effects of a step applied now (taken by someone who may, or authorised from the tray). */
export function appliedStepEffects(
  workflow: Workflow,
  plan: OkPlan,
  work: WorkSnapshot,
  payload: Readonly<Record<string, unknown>>,
  setting: StepSetting,
): Effect[] {
  const t = plan.transition;
  const at = setting.at;
  const happened = setting.occurredAt;
  const effects: Effect[] = [];
  const entered = workflow.states.find((s) => s.id === plan.to);
  const final = entered?.final === true;
  const named = sameLeadAs(namedLead(payload), work.leadProfessional);
  const newOwner = plan.handsTo ? setting.agencyOfKind(plan.handsTo) : null;
  const owner = newOwner ?? work.ownerAgencyId;

  effects.push({
    kind: 'set-state',
    workItemId: work.id,
    state: plan.to,
    event: { id: t.id, on: dateOf(happened) },
    closedAt: final ? at : null,
  });
  // The level of need follows the state the work enters, where the pack gives it one; a payload
  // never sets it.
  if (entered?.level !== undefined && entered.level !== work.level)
    effects.push({ kind: 'set-level', workItemId: work.id, level: entered.level });
  if (named && !isSameLead(named, work.leadProfessional)) {
    effects.push({ kind: 'set-lead-professional', workItemId: work.id, lead: named });
    // A lead professional who is a Baton user can see the children and is told at once (they were
    // once named and then locked out of their own family's record).
    if (named.userId !== null && setting.namedLeadAgencyId !== null && !plan.starts)
      effects.push(
        {
          kind: 'involve',
          childIds: work.childIds,
          agencyId: setting.namedLeadAgencyId,
          userId: named.userId,
          role: 'lead-professional',
          from: dateOf(at),
          grantedFor: null,
        },
        {
          kind: 'notify',
          to: { userId: named.userId },
          notification: 'allocation',
          text: `You are the lead professional: ${t.name}`,
          workItemId: work.id,
        },
      );
    // The open deadlines follow the lead into their My work (handed-over work waits for the team).
    if (named.userId !== null && !plan.starts && newOwner === null)
      effects.push({ kind: 'assign-deadlines', workItemId: work.id, ownerUserId: named.userId });
  }
  if (newOwner !== null) {
    effects.push(
      { kind: 'hand-over', workItemId: work.id, toAgencyId: newOwner },
      {
        kind: 'involve',
        childIds: work.childIds,
        agencyId: newOwner,
        userId: null,
        role: 'allocated-team',
        from: dateOf(at),
        grantedFor: null,
      },
      {
        kind: 'notify',
        to: { agencyId: newOwner, roles: ['team-manager', 'lead-professional'] },
        notification: 'allocation',
        text: `Passed to your team: ${t.name}`,
        workItemId: work.id,
      },
    );
  }
  // Finished work leaves nothing due. A deadline is met when the step happened, not when it was
  // typed (a conference held on time and recorded late met its deadline).
  if (final)
    effects.push({
      kind: 'close-deadlines',
      workItemId: work.id,
      timescaleIds: 'all',
      at: happened,
    });
  else if (plan.closes.length > 0)
    effects.push({
      kind: 'close-deadlines',
      workItemId: work.id,
      timescaleIds: plan.closes,
      at: happened,
    });
  if (plan.opens.length > 0)
    effects.push({
      kind: 'open-deadlines',
      workItemId: work.id,
      deadlines: plan.opens,
      ownerAgencyId: owner,
      // Handed-over work waits for the new team to allocate it.
      ownerUserId:
        newOwner !== null ? null : (named?.userId ?? work.leadProfessional?.userId ?? null),
      at,
    });
  const text = stepText(t, payload);
  effects.push({
    kind: 'timeline',
    // Recorded on another day than it happened (issue 12 §2): the timeline says when it happened.
    childIds: work.childIds,
    entry: 'transition',
    summary:
      dateOf(happened) === dateOf(at) ? text : `${text} (happened ${dayText(dateOf(happened))})`,
    objectType: 'work-item',
    objectId: work.id,
  });
  for (const party of plan.notify) {
    const to = recipientOf(party, work);
    if (to)
      effects.push({
        kind: 'notify',
        to: to.recipient,
        notification: to.notification,
        text: party === 'referrer' ? `Outcome of your contact: ${text}` : text,
        workItemId: work.id,
      });
  }
  if (plan.starts) {
    const next = plan.starts;
    const { ownerAgencyId, lead } = followOnLead({
      named,
      namedLeadAgencyId: setting.namedLeadAgencyId,
      packOwnerAgencyId: next.ownedBy ? setting.agencyOfKind(next.ownedBy) : null,
      currentOwnerAgencyId: owner,
      currentLead: work.leadProfessional,
    });
    const state = next.workflow.states.find((s) => s.id === next.state);
    effects.push({
      kind: 'start-work',
      workflowId: next.workflow.id,
      state: next.state,
      subjectId: work.childIds[0] ?? work.subjectId,
      childIds: work.childIds,
      // The first state's level, else the level the step itself enters (a CIN plan stepping down
      // to early help enters level 3), and only then the level the old work was at.
      level: state?.level ?? entered?.level ?? work.level,
      ownerAgencyId,
      lead,
      deadlines: next.opens,
      beganAt: happened,
      steppedFrom: {
        workItemId: work.id,
        workflowId: work.workflowId,
        transitionId: t.id,
        outcome: plan.outcome,
      },
      involvementRole: lead?.userId ? 'lead-professional' : 'allocated-team',
      tellLead: lead?.userId ? `You are the lead professional: ${next.workflow.name}` : null,
      assessment: startingAssessment(t.starts?.carries, setting.socialCarePlan),
    });
  }
  effects.push(
    ...followUpEffects(workflow, plan, { ...work, ownerAgencyId: owner }, payload, setting),
  );
  return effects;
}

/**
 * The step a pack says must follow (`thenRequests`), asked for now as the same requester and put
 * in its authorisers' tray, carrying the fields it requires from this step: nobody is left
 * waiting for someone who does not know.
 */
function followUpEffects(
  workflow: Workflow,
  plan: OkPlan,
  work: WorkSnapshot,
  payload: Readonly<Record<string, unknown>>,
  setting: StepSetting,
): Effect[] {
  const next = workflow.transitions.find((x) => x.id === plan.transition.thenRequests);
  const ask = setting.followUp;
  if (!next?.from.includes(plan.to) || ask === undefined) return [];
  const carried: Record<string, unknown> = {};
  for (const r of next.requires)
    if (typeof payload[r.field] === 'string' && payload[r.field] !== '')
      carried[r.field] = payload[r.field];
  return [
    {
      kind: 'request-step',
      workItemId: work.id,
      recordId: ask.id,
      transitionId: next.id,
      from: plan.to,
      to: next.to,
      outcome: next.outcome ?? null,
      payload: carried,
      requestedBy: ask.requestedBy,
      occurredAt: setting.occurredAt,
      citations: citationsOf(next),
    },
    ...requestedStepEffects(next, work, ask.id, setting),
  ];
}

/**
 * A Baton user given work by name (a team manager allocating a social worker; a lead
 * professional chosen on a panel): they lead it, its open deadlines are theirs, they can see each
 * child, and they are told — all at once.
 */
export function allocationEffects(
  work: { id: string; childIds: readonly string[]; workflowName: string },
  person: LeadProfessional & { userId: string; agencyId: string },
  as: 'allocated-worker' | 'lead-professional',
  at: string,
): Effect[] {
  const title = as === 'allocated-worker' ? 'allocated worker' : 'lead professional';
  return [
    {
      kind: 'set-lead-professional',
      workItemId: work.id,
      lead: { name: person.name, agency: person.agency, userId: person.userId },
    },
    { kind: 'assign-deadlines', workItemId: work.id, ownerUserId: person.userId },
    {
      kind: 'involve',
      childIds: work.childIds,
      agencyId: person.agencyId,
      userId: person.userId,
      role: as,
      from: dateOf(at),
      grantedFor: null,
    },
    {
      kind: 'notify',
      to: { userId: person.userId },
      notification: 'allocation',
      text: `You are the ${title}: ${work.workflowName}`,
      workItemId: work.id,
    },
    {
      kind: 'timeline',
      childIds: work.childIds,
      entry: `work.${as}`,
      summary: `${person.name} (${person.agency}) is the ${title}: ${work.workflowName}`,
      objectType: 'work-item',
      objectId: work.id,
    },
  ];
}

/**
 * Baton users named on a plan or a meeting (issue 14 §1): an action's owner, a meeting's
 * attendee or a recipient of its minutes. Each can see every child of the work and is told, at
 * once; nobody is told twice, and whoever names them is not told of their own doing.
 */
export function namedOnPlanEffects(
  work: { id: string; childIds: readonly string[]; workflowName: string },
  people: readonly { userId: string; agencyId: string }[],
  named: { as: 'plan-action-owner' | 'meeting-attendee' | 'minutes-recipient'; text: string },
  by: string,
  at: string,
): Effect[] {
  const seen = new Set<string>([by]);
  return people.flatMap((p): Effect[] => {
    if (seen.has(p.userId)) return [];
    seen.add(p.userId);
    return [
      {
        kind: 'involve',
        childIds: work.childIds,
        agencyId: p.agencyId,
        userId: p.userId,
        role: named.as,
        from: dateOf(at),
        grantedFor: null,
      },
      {
        kind: 'notify',
        to: { userId: p.userId },
        notification: named.as,
        text: `${named.text}: ${work.workflowName}`,
        workItemId: work.id,
      },
    ];
  });
}

/** A disagreement raised with a Baton user (a manager whose decision is disputed) tells them. */
export function disagreementRaisedEffects(
  disagreementId: string,
  withUserIds: readonly string[],
  raisedBy: string,
): Effect[] {
  return [...new Set(withUserIds)].map((userId) => ({
    kind: 'notify' as const,
    to: { userId },
    notification: 'disagreement',
    text: `${raisedBy} has raised a professional disagreement with you`,
    workItemId: disagreementId,
  }));
}

/**
 * Effects of a step that waits for authorisation: the authorisers are told and, when they work in
 * another agency (a step-down transfer goes to the early help manager), their agency may read the
 * children while — and only while — the request waits (`grantedFor` the decision).
 */
export function requestedStepEffects(
  t: Transition,
  work: WorkSnapshot,
  decisionId: string,
  setting: StepSetting,
): Effect[] {
  const authorising = t.authorisedIn
    ? (setting.agencyOfKind(t.authorisedIn) ?? work.ownerAgencyId)
    : work.ownerAgencyId;
  const effects: Effect[] = [];
  if (authorising !== work.ownerAgencyId)
    effects.push({
      kind: 'involve',
      childIds: work.childIds,
      agencyId: authorising,
      userId: null,
      role: 'transfer-request',
      from: dateOf(setting.at),
      grantedFor: decisionId,
    });
  effects.push(
    {
      kind: 'notify',
      to: { agencyId: authorising, roles: t.authorisedBy ?? [] },
      notification: 'authorisation-requested',
      text: `Authorisation requested: ${t.name}`,
      workItemId: work.id,
    },
    {
      kind: 'timeline',
      childIds: work.childIds,
      entry: 'transition.requested',
      summary: `Requested: ${t.name} (awaiting authorisation)`,
      objectType: 'transition',
      objectId: decisionId,
    },
  );
  return effects;
}

/** Effects of deciding a waiting request: the requester is told; access granted for it ends. */
export function decisionEffects(
  decision: 'authorise' | 'decline',
  t: Transition,
  work: WorkSnapshot,
  request: { id: string; requestedBy: string; note: string | null },
  on: string,
): Effect[] {
  return [
    { kind: 'end-involvements', grantedFor: request.id, on },
    {
      kind: 'notify',
      to: { userId: request.requestedBy },
      notification: decision === 'authorise' ? 'request-authorised' : 'request-declined',
      text:
        decision === 'authorise'
          ? `Authorised: ${t.name}`
          : `Declined: ${t.name}. ${request.note ?? ''}`,
      workItemId: work.id,
    },
  ];
}

/**
 * A lead named in words who is the work's current lead keeps the user they are (a step that
 * repeats the lead's name must not unlink them from their Baton account).
 */
function sameLeadAs(
  named: LeadProfessional | null,
  current: LeadProfessional | null,
): LeadProfessional | null {
  if (named?.userId !== null || current === null) return named;
  return named.name === current.name && named.agency === current.agency
    ? { ...named, userId: current.userId }
    : named;
}

const isSameLead = (a: LeadProfessional, b: LeadProfessional | null): boolean =>
  b !== null && a.name === b.name && a.agency === b.agency && a.userId === b.userId;

/** Whom a party named by the pack is, on this work (null: recorded on the timeline only). */
function recipientOf(
  party: Party,
  work: WorkSnapshot,
): { recipient: Recipient; notification: string } | null {
  switch (party) {
    case 'referrer':
      return work.referrerUserId
        ? { recipient: { userId: work.referrerUserId }, notification: 'referral-outcome' }
        : null;
    case 'lead-professional':
    case 'allocated-worker':
      return work.leadProfessional?.userId
        ? { recipient: { userId: work.leadProfessional.userId }, notification: 'allocation' }
        : null;
    case 'team-manager':
      return {
        recipient: { agencyId: work.ownerAgencyId, roles: ['team-manager' satisfies Role] },
        notification: 'team',
      };
    case 'requester':
    case 'family':
    case 'front-door':
    case 'early-help-hub':
      // Letters to families and messages to other teams are recorded on the timeline; delivery comes later.
      return null;
  }
}
