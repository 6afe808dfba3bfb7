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
import {
  childLink,
  childRecordView,
  consentView,
  currentConsentView,
  deadlineStatusView,
} from '../schemas/index.js';

export {
  consentView,
  currentConsentView,
  ruleCitationSchema,
  sharingView,
  timelinePage,
  transitionHistorySchema,
  transitionOutcomeSchema,
  traySchema,
  workItemSchema,
} from '../schemas/index.js';

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

export const timelineQuery = z.object({
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

/** The child record as the API answers it (one schema with the record repository's type). */
export const childRecordSchema = childRecordView;

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
      status: deadlineStatusView,
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
