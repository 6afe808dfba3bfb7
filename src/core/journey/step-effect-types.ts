/**
 * The typed effects a step returns (see step-effects.ts), and what the shell tells the rules about
 * the work and the moment: the vocabulary shared by every function that decides a step's effects.
 */
import type { SocialCarePlanHeld, StartingAssessment } from './starting-assessment.js';
import type { LevelNumber } from '../policy/pack-schema.js';
import type { DeadlinePlan, RuleCitation } from './journey-engine.js';
import type { LeadProfessional } from './step-rules.js';

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
