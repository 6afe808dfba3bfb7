/**
 * What early help keeps, as the pages and the API see it: the episode with its assessment, plan
 * and SMART actions, meetings and who their minutes went to, reviews and new concerns.
 */
import { WORKFLOW_IDS, type LevelNumber } from '../../../core/policy/index.js';
import type { WorkLink } from '../work-view-repository.js';

export const EPISODE_WORKFLOW = WORKFLOW_IDS.earlyHelpEpisode;
export const actionStatuses = ['not-started', 'in-progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof actionStatuses)[number];
export const meetingKinds = ['taf', 'review', 'new-concerns', 'other'] as const;
export type MeetingKind = (typeof meetingKinds)[number];
export const distributionMethods = ['email', 'secure-email', 'post', 'by-hand'] as const;
export type DistributionMethod = (typeof distributionMethods)[number];

export interface Attendee {
  name: string;
  role: string;
  family: boolean;
  /** The Baton user, when one was picked (issue 14 §1); absent for people outside Baton. */
  userId?: string | null | undefined;
}
export interface Recipient {
  name: string;
  kind: 'family' | 'partner';
  method: DistributionMethod;
  /** The Baton user, when one was picked (issue 14 §1); absent for people outside Baton. */
  userId?: string | null | undefined;
}

export interface AssessmentFields {
  source: 'eha' | 'cf-assessment';
  sourceNote: string;
  family: string;
  childVoice: string;
  parentViews: string;
  strengths: string;
  needs: string;
  otherAgencies: string;
  analysis: string;
}
export interface AssessmentView extends AssessmentFields {
  id: string;
  status: 'draft' | 'complete';
  planLevel: LevelNumber | null;
  completedAt: string | null;
  completedBy: string | null;
  updatedAt: string;
  updatedBy: string;
  version: number;
}
export interface PlanActionView {
  id: string;
  outcome: string | null;
  action: string;
  ownerName: string;
  ownerAgency: string;
  /** The Baton user who owns it, when one was picked; null for someone outside Baton. */
  ownerUserId: string | null;
  dueDate: string;
  status: ActionStatus;
  note: string | null;
  overdue: boolean;
  updatedAt: string;
  version: number;
}
export interface DistributionView {
  id: string;
  document: 'plan' | 'minutes';
  meetingId: string | null;
  recipient: string;
  recipientKind: 'family' | 'partner';
  method: string;
  sentOn: string;
  recordedAt: string;
}
export interface MeetingView {
  id: string;
  kind: MeetingKind;
  heldOn: string;
  attendees: Attendee[];
  apologies: string[];
  minutes: string;
  decisions: string[];
  distribution: DistributionView[];
  createdAt: string;
  version: number;
}
export interface ReviewView {
  id: string;
  meetingId: string | null;
  reviewDate: string;
  plannedDate: string | null;
  broughtForwardReason: string | null;
  outcome: string;
  decision: string;
  summary: string;
  transitionId: string;
  transitionStatus: string;
  createdAt: string;
  version: number;
}
export interface ConcernView {
  id: string;
  concerns: string;
  raisedByName: string;
  raisedByAgency: string;
  childProtection: boolean;
  frontDoorPhonedAt: string | null;
  responsibleName: string;
  responsibleUserId: string | null;
  transitionStatus: string | null;
  createdAt: string;
  /** The day the concerns arose: the meeting deadline counts from it. */
  occurredOn: string;
}
export interface DeadlineView {
  timescaleId: string;
  name: string;
  due: string;
  metAt: string | null;
  state: 'met' | 'overdue' | 'due-today' | 'due-soon' | 'upcoming';
}
export interface HistoryView {
  id: string;
  transitionId: string;
  name: string;
  fromState: string;
  toState: string;
  outcome: string | null;
  status: string;
  requestedAt: string;
  decidedAt: string | null;
  payload: Record<string, unknown>;
}
export interface EpisodeView {
  id: string;
  packId: string;
  packVersion: string;
  authority: string;
  child: { id: string; name: string; dateOfBirth: string | null };
  state: string;
  stateName: string;
  final: boolean;
  level: LevelNumber | null;
  leadProfessional: { name: string; agency: string; userId: string | null } | null;
  openedAt: string;
  closedAt: string | null;
  version: number;
  ehaDue: string | null;
  nextReviewDue: string | null;
  deadlines: DeadlineView[];
  assessment: AssessmentView | null;
  plan: {
    outcomes: string[];
    nextReviewDate: string | null;
    version: number;
    actions: PlanActionView[];
    distribution: DistributionView[];
  };
  meetings: MeetingView[];
  reviews: ReviewView[];
  concerns: ConcernView[];
  history: HistoryView[];
  closure: {
    outcome: string | null;
    whereToGetHelp: string;
    ifConcernsRise: string;
    closedAt: string;
  } | null;
  /**
   * Steps open to the reader from here, none while a request waits for authorisation. A step with
   * a `role` has its own early help form; one without is taken on its step page.
   */
  nextSteps: { id: string; name: string; role: string | null; authorisedBy: string[] }[];
  /** A step waiting in a tray: no other step until it is decided. */
  awaiting: { name: string; requestedAt: string } | null;
  /** Whether the reader may record new concerns that call a meeting, or why not. */
  newConcerns: { ok: boolean; reason: string | null };
  steppedFrom: WorkLink | null;
  followedBy: WorkLink | null;
}
export interface EpisodeSummary {
  id: string;
  childId: string;
  childName: string;
  state: string;
  stateName: string;
  final: boolean;
  level: LevelNumber | null;
  leadProfessional: string | null;
  openedAt: string;
}
