/** Schemas of the child record, consent, sharing, my work and tray API (zod, published as OpenAPI). */
import { z } from 'zod';
import { consentPurposes, isOccurredAt } from '../../core/journey/index.js';
import {
  consentDecisions,
  consentGivers,
  consentMethods,
  lawfulBases,
  notSoughtReasons,
} from '../repositories/index.js';
import { childLink, personViewFields, sharingView, timelinePage } from '../schemas/index.js';

export {
  ruleCitationSchema,
  sharingView,
  timelinePage,
  transitionHistorySchema,
  transitionOutcomeSchema,
  traySchema,
  workItemSchema,
} from '../schemas/index.js';

const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const text = (max: number) => z.string().max(max);
const isoDate = z.string().max(10).describe('YYYY-MM-DD');

export const idParams = z.object({ id: z.string().min(1).max(100) });

export const consentBody = z
  .object({
    purpose: z.enum(consentPurposes),
    decision: z.enum(consentDecisions),
    givenByKind: z
      .enum(consentGivers)
      .optional()
      .describe(
        'parent-with-pr: a parent or carer with parental responsibility (give givenByPersonId); young-person: the child, aged 12 or more, whom you judge competent (Gillick competence is your professional judgement)',
      ),
    givenByPersonId: text(100)
      .optional()
      .describe('the related adult with parental responsibility'),
    method: z.enum(consentMethods).optional().describe('required when consent is given'),
    documentRef: text(200).optional().describe('required for written consent'),
    scope: z
      .array(text(200))
      .max(50)
      .optional()
      .describe('named agencies (required when consent to information sharing is given)'),
    recordedOn: isoDate.describe('the date of the decision, not in the future'),
    expiresOn: isoDate.optional().describe('after recordedOn'),
    notSoughtReason: z
      .enum(notSoughtReasons)
      .optional()
      .describe('required when consent was not sought'),
    consulted: text(200)
      .optional()
      .describe('the manager or safeguarding lead consulted (required when not sought)'),
    notes: text(4000).optional(),
    alsoFor: z
      .array(text(100))
      .max(20)
      .optional()
      .describe(
        'other children of the family the same answer is for (a parent answering for the family): a decision on each child’s own ledger, each checked on its own; not for a young person’s own answer',
      ),
  })
  .strict();

export const consentView = z.object({
  id: z.string(),
  childId: z.string(),
  purpose: z.enum(consentPurposes),
  decision: z.enum(consentDecisions),
  givenBy: z
    .object({ personId: z.string().nullable(), name: z.string().nullable(), kind: z.string() })
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

export const currentConsentView = z.object({
  purpose: z.enum(consentPurposes),
  live: z.boolean(),
  status: z.enum(['live', 'expired', 'refused', 'withdrawn', 'not-sought', 'none']),
  latest: consentView.nullable(),
  text: z.string(),
});

export const consentList = z.object({
  consents: z.array(consentView),
  current: z.array(currentConsentView),
});

export const sharingBody = z
  .object({
    decision: z.enum(['shared', 'not-shared']),
    what: text(4000),
    withWhom: text(400),
    purpose: text(4000),
    lawfulBasis: z
      .enum(lawfulBases)
      .optional()
      .describe(
        'UK GDPR Article 6 basis (required to share): consent; public-task (Children Act 1989 s17/s47); vital-interests; legal-obligation; legitimate-interests',
      ),
    specialCategoryNote: text(2000)
      .optional()
      .describe('the Article 9 condition relied on for special-category data, if any'),
    withConsent: z.boolean(),
    reason: text(4000)
      .optional()
      .describe('why shared without consent, or why not shared (required then)'),
  })
  .strict();

const deadlineStatus = z.object({
  state: z.enum(['overdue', 'due-today', 'due-soon', 'upcoming']),
  workingDaysLeft: z.number(),
});

export const timelineQuery = z.object({
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const childRecordSchema = z.object({
  child: z.object({
    ...personViewFields,
    isChild: z.boolean().describe("a child under the deployment pack's definition"),
    unborn: z.boolean(),
  }),
  access: z.string().describe('how the reader stands to the child: involved, team, break-glass…'),
  relatedAdults: z.array(
    z.object({
      relationshipId: z.string(),
      personId: z.string(),
      name: z.string(),
      relationship: z.string(),
      parentalResponsibility: z.boolean(),
      livesWithChild: z.boolean(),
      language: z.string().nullable(),
      communicationNeeds: z.array(z.string()),
    }),
  ),
  teamAroundTheChild: z.array(
    z.object({
      agencyName: z.string(),
      userName: z.string().nullable(),
      role: z.string(),
      from: z.string(),
      to: z.string().nullable(),
    }),
  ),
  consents: z.array(consentView),
  currentConsents: z.array(currentConsentView),
  sharingDecisions: z.array(sharingView),
  work: z.array(
    z.object({
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
    }),
  ),
  emergencyAccess: z
    .array(
      z.object({
        userName: z.string(),
        agencyName: z.string(),
        reason: z.string(),
        grantedAt: z.string(),
        expiresAt: z.string(),
        reviewedAt: z.string().nullable(),
      }),
    )
    .describe(
      'who used emergency access to this child, when and why, newest first; shown to those who hold the child (their agency works with the child, the front door and social care), empty for others',
    ),
  currentLevel: z.object({
    level: level.nullable().describe('the highest level among open work; null means universal'),
    basis: z.enum(['open-work', 'front-door-decision', 'no-open-work', 'no-level-recorded']),
    name: z.string(),
    stateName: z.string().nullable(),
    explanation: z.string(),
  }),
  leadProfessional: z
    .object({ name: z.string(), agency: z.string(), workItemId: z.string() })
    .nullable(),
  deadlines: z.array(
    z.object({
      id: z.string(),
      workItemId: z.string(),
      name: z.string(),
      due: z.string(),
      status: deadlineStatus,
    }),
  ),
  timeline: timelinePage,
});

export const breakGlassBody = z
  .object({
    reason: text(2000).describe('why you need emergency access, in at least 4 different words'),
  })
  .strict();

export const breakGlassUses = z.object({
  mayReview: z.boolean(),
  uses: z.array(
    z.object({
      id: z.string(),
      childId: z.string(),
      childName: z.string(),
      userName: z.string(),
      agencyName: z.string(),
      reason: z.string(),
      grantedAt: z.string(),
      expiresAt: z.string(),
      reviewedBy: z.string().nullable(),
      reviewedAt: z.string().nullable(),
      reviewable: z
        .boolean()
        .describe('whether you may mark it reviewed: never your own use of emergency access'),
    }),
  ),
});

export const breakGlassQuery = z.object({
  includeReviewed: z.enum(['true', 'false']).optional(),
});

const pageToken = z
  .string()
  .optional()
  .describe(
    'a page token from `page.next` or `page.previous` of an earlier answer (opaque; a changed or made-up one is refused with BATON_BAD_CURSOR)',
  );

export const myWorkQuery = z.object({
  after: pageToken.describe('the page after this token: pass `page.next`'),
  before: pageToken.describe('the page before this token: pass `page.previous`'),
});

export const myWorkSchema = z.object({
  deadlines: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      due: z.string(),
      status: deadlineStatus,
      mine: z.boolean().describe('owned by you (otherwise by your team)'),
      workItemId: z.string(),
      workflowName: z.string(),
      children: z.array(childLink),
    }),
  ),
  page: z
    .object({
      previous: z
        .string()
        .nullable()
        .describe('pass as `before` for the page before (null on the first)'),
      next: z.string().nullable().describe('pass as `after` for the page after (null on the last)'),
      size: z.number().int().describe('deadlines a page holds'),
    })
    .describe('keyset pages of deadlines, soonest due first (by due date, then id)'),
  summary: z
    .object({
      overdue: z.number().int(),
      dueSoon: z.number().int().describe('due today or within `dueSoonWorkingDays` working days'),
      later: z.number().int(),
      total: z.number().int(),
      dueSoonWorkingDays: z.number().int(),
      laterFrom: z.string().describe('the first due date counted as later (YYYY-MM-DD)'),
    })
    .describe('every open deadline of yours and your team’s, not only this page'),
  notifications: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      text: z.string(),
      createdAt: z.string(),
      read: z.boolean(),
      forTeam: z.boolean(),
      workItemId: z.string().nullable(),
      children: z.array(childLink),
    }),
  ),
  unread: z.number().describe('every unread notification of yours and your team’s'),
});

export const allocationBody = z
  .object({
    userId: z.string().min(1).max(100).describe("one of the team's social workers"),
    version: z.number().int().min(1).optional().describe('the work item version you saw'),
  })
  .strict();

export const trayDecisionBody = z
  .object({
    decision: z.enum(['authorise', 'decline']),
    note: text(4000).optional().describe('required to decline: why, so the requester can act'),
  })
  .strict();

/** When a step, meeting, review or concern happened: a date, or a date and time with its zone. */
export const occurredAtField = z
  .string()
  .max(40)
  .refine(isOccurredAt, 'Give the date it happened as YYYY-MM-DD, or a date and time with its zone')
  .describe(
    'when it happened (YYYY-MM-DD, or a date-time with its zone where a rule is in hours); default now. Not in the future, not before the work began or the step it follows (BATON_OCCURRED_*). Deadlines count from it.',
  );

export const transitionBody = z
  .object({
    transitionId: z.string().min(1).max(100),
    occurredAt: occurredAtField.optional(),
    payload: z
      .record(z.string(), z.unknown())
      .default({})
      .describe('what the step carries: rationale, leadProfessionalName…'),
    version: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('the version of the work item you read; a stale one gets 409'),
  })
  .strict();
