/**
 * What the child record API answers and the record repository returns: the record itself, its
 * consent ledger and where consent stands, sharing decisions and the timeline.
 */
import { z } from 'zod';
import { consentPurposes } from '../../core/journey/index.js';
import { personViewFields } from './people-views.js';

export const sharingView = z.object({
  id: z.string(),
  childId: z.string(),
  decision: z.enum(['shared', 'not-shared']),
  what: z.string(),
  withWhom: z.string(),
  purpose: z.string(),
  lawfulBasis: z.string().nullable(),
  specialCategoryNote: z.string().nullable(),
  withConsent: z.boolean(),
  reason: z.string().nullable(),
  decidedBy: z.object({ userId: z.string(), name: z.string().nullable() }),
  decidedAt: z.string(),
});
export type SharingView = z.infer<typeof sharingView>;

export const timelineItem = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.string(),
  summary: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  actorName: z.string().nullable(),
});
export type TimelineItem = z.infer<typeof timelineItem>;

export const timelinePage = z.object({
  items: z.array(timelineItem),
  nextBefore: z.string().nullable().describe('pass as `before` to read the next, older page'),
});
export type TimelinePage = z.infer<typeof timelinePage>;

export const consentDecisions = ['given', 'refused', 'not-sought', 'withdrawn'] as const;
export type ConsentDecision = (typeof consentDecisions)[number];

/** One decision in the consent ledger. */
export const consentView = z.object({
  id: z.string(),
  childId: z.string(),
  purpose: z.enum(consentPurposes),
  decision: z.enum(consentDecisions),
  givenBy: z
    .object({
      personId: z.string().nullable(),
      name: z.string().nullable(),
      kind: z.string(),
      text: z
        .string()
        .describe(
          'who answered, in the words every page uses: the name (with "(the young person)" for the child), else the kind of person, else "someone not recorded"',
        ),
    })
    .nullable(),
  method: z.string().nullable(),
  documentRef: z.string().nullable(),
  scope: z.array(z.string()),
  recordedOn: z.string(),
  expiresOn: z.string().nullable(),
  notSoughtReason: z.string().nullable(),
  consulted: z.string().nullable(),
  notes: z.string().nullable(),
  recordedBy: z.object({ userId: z.string(), name: z.string().nullable() }),
  createdAt: z.string(),
});
export type ConsentView = z.infer<typeof consentView>;

/** Where consent for one purpose stands: the latest decision decides. */
export const currentConsentView = z.object({
  purpose: z.enum(consentPurposes),
  /** True when the latest decision is consent given, unexpired, by someone who may give it. */
  live: z.boolean(),
  status: z.enum(['live', 'expired', 'refused', 'withdrawn', 'not-sought', 'none']),
  latest: consentView.nullable(),
  text: z.string(),
});
export type CurrentConsent = z.infer<typeof currentConsentView>;

const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

/** How near a deadline is, in working days (core `deadlineStatus`). */
export const deadlineStatusView = z.object({
  state: z.enum(['overdue', 'due-today', 'due-soon', 'upcoming']),
  workingDaysLeft: z.number(),
});

export const relatedAdultView = z.object({
  relationshipId: z.string(),
  personId: z.string(),
  name: z.string(),
  relationship: z.string(),
  parentalResponsibility: z.boolean(),
  livesWithChild: z.boolean(),
  language: z.string().nullable(),
  communicationNeeds: z.array(z.string()),
});
export type RelatedAdult = z.infer<typeof relatedAdultView>;

export const recordInvolvementView = z.object({
  agencyName: z.string(),
  userName: z.string().nullable(),
  role: z.string(),
  from: z.string(),
  to: z.string().nullable(),
});
export type RecordInvolvement = z.infer<typeof recordInvolvementView>;

export const recordWorkView = z.object({
  id: z.string(),
  workflowId: z.string(),
  workflowName: z.string(),
  state: z.string(),
  stateName: z.string(),
  level: level.nullable(),
  open: z.boolean(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  leadProfessional: z.object({ name: z.string(), agency: z.string() }).nullable(),
  packId: z.string(),
  packVersion: z.string(),
  version: z.number(),
});
export type RecordWork = z.infer<typeof recordWorkView>;

export const emergencyAccessUseView = z.object({
  userName: z.string(),
  agencyName: z.string(),
  reason: z.string(),
  grantedAt: z.string(),
  expiresAt: z.string(),
  reviewedAt: z.string().nullable(),
});
export type EmergencyAccessUse = z.infer<typeof emergencyAccessUseView>;

export const recordDeadlineView = z.object({
  id: z.string(),
  workItemId: z.string(),
  name: z.string(),
  due: z.string(),
  status: deadlineStatusView,
});
export type RecordDeadline = z.infer<typeof recordDeadlineView>;

/** The whole record of a child, as the API answers it. */
export const childRecordView = z.object({
  child: z.object({
    ...personViewFields,
    isChild: z.boolean().describe("a child under the deployment pack's definition"),
    unborn: z.boolean(),
  }),
  access: z.string().describe('how the reader stands to the child: involved, team, break-glass…'),
  relatedAdults: z.array(relatedAdultView),
  teamAroundTheChild: z.array(recordInvolvementView),
  consents: z.array(consentView),
  currentConsents: z.array(currentConsentView),
  sharingDecisions: z.array(sharingView),
  work: z.array(recordWorkView),
  emergencyAccess: z
    .array(emergencyAccessUseView)
    .describe(
      'who used emergency access to this child, when and why, newest first; shown to those who hold the child (their agency works with the child, the front door and social care), empty for others',
    ),
  currentLevel: z.object({
    level: level.nullable().describe('the highest level among open work; null means universal'),
    /**
     * Why: the highest open work; no open work, but the front door's last decision was taken at
     * a level (its route checks the level) and nothing has followed it yet; no open work
     * (universal); or open work without a level.
     */
    basis: z.enum(['open-work', 'front-door-decision', 'no-open-work', 'no-level-recorded']),
    name: z.string(),
    stateName: z.string().nullable(),
    explanation: z.string(),
  }),
  leadProfessional: z
    .object({ name: z.string(), agency: z.string(), workItemId: z.string() })
    .nullable(),
  deadlines: z.array(recordDeadlineView),
  timeline: timelinePage,
});
export type ChildRecordView = z.infer<typeof childRecordView>;
