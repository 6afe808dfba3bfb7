/**
 * What early help keeps, as the pages and the API see it: the episode with its assessment, plan
 * and SMART actions, meetings and who their minutes went to, reviews and new concerns.
 */
import { z } from 'zod';
import { workLinkSchema } from './work-views.js';

export const actionStatuses = ['not-started', 'in-progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof actionStatuses)[number];
export const meetingKinds = ['taf', 'review', 'new-concerns', 'other'] as const;
export type MeetingKind = (typeof meetingKinds)[number];
export const distributionMethods = ['email', 'secure-email', 'post', 'by-hand'] as const;
export type DistributionMethod = (typeof distributionMethods)[number];

const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

/** A plan or the minutes sent to someone, and how. */
export const distributionView = z.object({
  id: z.string(),
  document: z.enum(['plan', 'minutes']),
  meetingId: z.string().nullable(),
  recipient: z.string(),
  recipientKind: z.enum(['family', 'partner']),
  method: z.string(),
  sentOn: z.string(),
  recordedAt: z.string(),
});
export type DistributionView = z.infer<typeof distributionView>;

export const assessmentView = z.object({
  id: z.string(),
  status: z.enum(['draft', 'complete']),
  source: z.enum(['eha', 'cf-assessment']),
  sourceNote: z.string(),
  family: z.string(),
  childVoice: z.string(),
  parentViews: z.string(),
  strengths: z.string(),
  needs: z.string(),
  otherAgencies: z.string(),
  analysis: z.string(),
  planLevel: level.nullable(),
  completedAt: z.string().nullable(),
  completedBy: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  version: z.number(),
});
export type AssessmentView = z.infer<typeof assessmentView>;
/** What a practitioner writes in an assessment. */
export type AssessmentFields = Omit<
  AssessmentView,
  | 'id'
  | 'status'
  | 'planLevel'
  | 'completedAt'
  | 'completedBy'
  | 'updatedAt'
  | 'updatedBy'
  | 'version'
>;

export const actionView = z.object({
  id: z.string(),
  outcome: z.string().nullable(),
  action: z.string(),
  ownerName: z.string(),
  ownerAgency: z.string(),
  // The Baton user who owns it, when one was picked; null for someone outside Baton.
  ownerUserId: z.string().nullable(),
  dueDate: z.string(),
  status: z.enum(actionStatuses),
  note: z.string().nullable(),
  overdue: z.boolean(),
  updatedAt: z.string(),
  version: z.number(),
});
export type PlanActionView = z.infer<typeof actionView>;

export const concernView = z.object({
  id: z.string(),
  concerns: z.string(),
  raisedByName: z.string(),
  raisedByAgency: z.string(),
  childProtection: z.boolean(),
  frontDoorPhonedAt: z.string().nullable(),
  responsibleName: z.string(),
  responsibleUserId: z.string().nullable(),
  transitionStatus: z.string().nullable(),
  createdAt: z.string(),
  occurredOn: z
    .string()
    .describe('the day the concerns arose; the meeting deadline counts from it'),
});
export type ConcernView = z.infer<typeof concernView>;

export const deadlineView = z.object({
  timescaleId: z.string(),
  name: z.string(),
  due: z.string(),
  metAt: z.string().nullable(),
  state: z.enum(['met', 'overdue', 'due-today', 'due-soon', 'upcoming']),
});
export type DeadlineView = z.infer<typeof deadlineView>;

/** Someone at a meeting; `userId` is the Baton user when one was picked (issue 14 §1). */
export const attendeeView = z.object({
  name: z.string(),
  role: z.string(),
  family: z.boolean(),
  userId: z.string().nullable().optional(),
});
export type Attendee = z.infer<typeof attendeeView>;

export const meetingView = z.object({
  id: z.string(),
  kind: z.enum(meetingKinds),
  heldOn: z.string(),
  attendees: z.array(attendeeView),
  apologies: z.array(z.string()),
  minutes: z.string(),
  decisions: z.array(z.string()),
  distribution: z.array(distributionView),
  createdAt: z.string(),
  version: z.number(),
});
export type MeetingView = z.infer<typeof meetingView>;

export const reviewView = z.object({
  id: z.string(),
  meetingId: z.string().nullable(),
  reviewDate: z.string(),
  plannedDate: z.string().nullable(),
  broughtForwardReason: z.string().nullable(),
  outcome: z.string(),
  decision: z.string(),
  summary: z.string(),
  transitionId: z.string(),
  transitionStatus: z.string(),
  createdAt: z.string(),
  version: z.number(),
});
export type ReviewView = z.infer<typeof reviewView>;

export const historyView = z.object({
  id: z.string(),
  transitionId: z.string(),
  name: z.string(),
  fromState: z.string(),
  toState: z.string(),
  outcome: z.string().nullable(),
  status: z.string(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
});
export type HistoryView = z.infer<typeof historyView>;

export const episodeView = z.object({
  id: z.string(),
  packId: z.string(),
  packVersion: z.string(),
  authority: z.string(),
  child: z
    .object({ id: z.string(), name: z.string(), dateOfBirth: z.string().nullable() })
    .describe('the child the episode was opened for'),
  children: z
    .array(z.object({ id: z.string(), name: z.string(), dateOfBirth: z.string().nullable() }))
    .describe(
      'every child the episode is for (a family’s episode has several; each keeps their own record, consent and level), the child it was opened for first',
    ),
  state: z.string(),
  stateName: z.string(),
  final: z.boolean(),
  level: level.nullable(),
  leadProfessional: z
    .object({ name: z.string(), agency: z.string(), userId: z.string().nullable() })
    .nullable(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  version: z.number(),
  ehaDue: z.string().nullable().describe('when the EHA is due (the eha-completion deadline)'),
  nextReviewDue: z.string().nullable(),
  deadlines: z.array(deadlineView),
  assessment: assessmentView.nullable(),
  plan: z.object({
    outcomes: z.array(z.string()),
    nextReviewDate: z.string().nullable(),
    version: z.number(),
    actions: z.array(actionView),
    distribution: z.array(distributionView),
  }),
  meetings: z.array(meetingView),
  reviews: z.array(reviewView),
  concerns: z.array(concernView),
  history: z.array(historyView),
  closure: z
    .object({
      outcome: z.string().nullable(),
      whereToGetHelp: z.string(),
      ifConcernsRise: z.string(),
      closedAt: z.string(),
    })
    .nullable(),
  nextSteps: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        role: z
          .string()
          .nullable()
          .describe(
            'the step role (pack contract) when an early help form takes it; null: take it with POST /api/work-items/{id}/transitions',
          ),
        authorisedBy: z.array(z.string()),
      }),
    )
    .describe('steps open to the reader from here; none while a request waits for authorisation'),
  awaiting: z
    .object({ name: z.string(), requestedAt: z.string() })
    .nullable()
    .describe('a step waiting in a tray: no other step until it is decided'),
  newConcerns: z
    .object({ ok: z.boolean(), reason: z.string().nullable() })
    .describe(
      'whether the reader may record new concerns that call a meeting, or why not (an immediate child protection concern can always be recorded)',
    ),
  steppedFrom: workLinkSchema.nullable(),
  followedBy: workLinkSchema.nullable(),
});
export type EpisodeView = z.infer<typeof episodeView>;

export const episodeSummary = z.object({
  id: z.string(),
  childId: z.string(),
  childName: z.string(),
  state: z.string(),
  stateName: z.string(),
  final: z.boolean(),
  level: level.nullable(),
  leadProfessional: z.string().nullable(),
  openedAt: z.string(),
});
export type EpisodeSummary = z.infer<typeof episodeSummary>;
