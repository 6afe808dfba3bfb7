/**
 * What a step does, decided here and only here (pattern: XState's `transition()`, which returns
 * the next snapshot and the actions to run, and runs none). The shell applies the list in order
 * inside the use-case's unit of work (shell/repositories/effect-applier.ts) and decides nothing.
 *
 * Every rule that used to be worked out again in the storage code lives here: entering a final
 * state meets every open deadline; a hand-over moves ownership, open deadlines and involvement;
 * who owns and leads the follow-on work; access granted for a pending request ends with it;
 * nothing in a step's payload writes a column unless a rule here says so. Asking for a step and
 * deciding it are in request-effects.ts; people given work or named on it in
 * named-and-told-effects.ts; the effects themselves are typed in step-effect-types.ts.
 */
import { startingAssessment } from './starting-assessment.js';
import type { Role } from '../access/roles.js';
import { dayText } from '../calendar/day-text.js';
import { citationsOf, type TransitionPlan } from './journey-engine.js';
import { requestedStepEffects } from './request-effects.js';
import type { Effect, Recipient, StepSetting, WorkSnapshot } from './step-effect-types.js';
import { followOnLead, namedLead, type LeadProfessional } from './step-rules.js';
import type { Party, Transition, Workflow } from './workflow-schema.js';

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
