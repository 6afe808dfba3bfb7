/** Request and response schemas of the early help API (zod), published as OpenAPI. */
import { z } from 'zod';
import { occurredAtField } from './api-record-schemas.js';
import { actionStatuses, distributionMethods, meetingKinds } from '../repositories/index.js';
import { closeReasons, reviewDecisions, reviewOutcomes } from '../use-cases/early-help/index.js';
import { concernView, directoryContactView, episodeView } from '../schemas/index.js';

export {
  actionView,
  agendaItemView,
  assessmentView,
  concernView,
  episodeSummary,
  episodeView,
  panelDecisionView,
  panelMeetingView,
  panelView,
} from '../schemas/index.js';

const text = (max: number) => z.string().max(max);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date like 2026-11-23')
  .describe('YYYY-MM-DD');
const version = z
  .number()
  .int()
  .min(0)
  .describe('the version you read; a stale one answers 409 BATON_STALE_EDIT');

export const episodeIdParams = z.object({ id: z.string().min(1).max(100) });
export const childIdParams = z.object({ childId: z.string().min(1).max(100) });
export const actionParams = episodeIdParams.extend({ actionId: z.string().min(1).max(100) });
export const meetingParams = episodeIdParams.extend({ meetingId: z.string().min(1).max(100) });
export const panelParams = z.object({ panelId: z.string().min(1).max(100) });
export const panelMeetingParams = panelParams.extend({ date: isoDate });

export const consentBody = z
  .object({
    decision: z.enum(['given', 'refused']),
    givenBy: z
      .enum(['parent-with-pr', 'carer-without-pr', 'young-person'])
      .describe('a parent with parental responsibility, or the young person when competent'),
    givenByName: text(200),
    givenByPersonId: z.string().max(100).optional().describe('the adult on the child’s record'),
    method: z.enum(['verbal', 'written']),
    youngPersonCompetent: z.boolean().optional(),
    notes: text(2000).optional(),
  })
  .strict();

export const openEpisodeBody = z
  .object({
    consent: consentBody
      .optional()
      .describe('the family’s answer now; omit when consent is already on the ledger'),
    leadProfessional: z
      .object({
        userId: z.string().max(100).optional().describe('a Baton user; or give name and agency'),
        name: text(200).optional(),
        agency: text(200).optional(),
        agreedWithFamily: z.boolean(),
      })
      .strict(),
    reason: text(4000).optional().describe('what the family would like help with'),
    continuingSupport: text(2000)
      .optional()
      .describe('if the family declines: the support that carries on without an episode'),
    alsoFor: z
      .array(z.string().max(100))
      .max(20)
      .optional()
      .describe(
        'the other children in the family (sharing a parent or carer on the record) the episode is also for: one episode, assessment and plan for the family; each child keeps their own consent, record and level',
      ),
  })
  .strict();

export const assessmentBody = z
  .object({
    assessmentSource: z
      .enum(['eha', 'cf-assessment'])
      .default('eha')
      .describe(
        'cf-assessment: a Child and Family Assessment stands in for the EHA after a step down',
      ),
    sourceNote: text(2000).default(''),
    family: text(8000).default('').describe('the whole family: who they are, who matters'),
    childVoice: text(8000).default('').describe("the child's own words"),
    parentViews: text(8000).default(''),
    strengths: text(8000).default(''),
    needs: text(8000).default(''),
    otherAgencies: text(4000).default(''),
    analysis: text(8000).default(''),
    version: version.describe(
      'the version you read (0 when there was none yet); a stale one answers 409 BATON_STALE_EDIT',
    ),
  })
  .strict();

export const completeAssessmentBody = z
  .object({
    planLevel: z.union([z.literal(2), z.literal(3)]).describe('2 single-agency plan; 3 TAF plan'),
    rationale: text(4000).optional(),
    version,
  })
  .strict();

export const planBody = z
  .object({
    outcomes: z.array(text(1000)).max(50),
    nextReviewDate: isoDate.optional(),
    version: version.describe(
      'the version you read (0 when there was none yet); a stale one answers 409 BATON_STALE_EDIT',
    ),
  })
  .strict();

export const actionBody = z
  .object({
    outcome: text(1000).optional(),
    action: text(2000),
    ownerName: text(200).default(''),
    ownerAgency: text(200).default(''),
    ownerUserId: z
      .string()
      .max(100)
      .optional()
      .describe(
        'a Baton user who owns the action: their name and agency come from Baton, they can see the child and are told; name and agency are for people outside Baton',
      ),
    dueDate: isoDate,
    status: z.enum(actionStatuses).optional(),
  })
  .strict();

export const actionPatchBody = z
  .object({
    action: text(2000).optional(),
    ownerName: text(200).optional(),
    ownerAgency: text(200).optional(),
    dueDate: isoDate.optional(),
    status: z.enum(actionStatuses).optional(),
    note: text(2000).optional(),
    version,
  })
  .strict();

const recipient = z
  .object({
    name: text(200),
    kind: z.enum(['family', 'partner']),
    method: z.enum(distributionMethods),
  })
  .strict();
const distribution = z.object({ sentOn: isoDate, recipients: z.array(recipient).max(50) }).strict();
/** A meeting's minutes may go to Baton users picked by id (issue 14 §1). */
const pickedRecipient = recipient.extend({
  name: text(200).default(''),
  userId: z
    .string()
    .max(100)
    .optional()
    .describe('a Baton user it was sent to: named from Baton, can see the child and is told'),
});
const meetingDistribution = z
  .object({ sentOn: isoDate, recipients: z.array(pickedRecipient).max(50) })
  .strict();
const attendee = z
  .object({
    name: text(200).default(''),
    role: text(200).default(''),
    family: z.boolean().default(false),
    userId: z
      .string()
      .max(100)
      .optional()
      .describe('a Baton user who attended: named from Baton, can see the child and is told'),
  })
  .strict();

export const meetingBody = z
  .object({
    kind: z.enum(meetingKinds).default('taf'),
    heldOn: isoDate,
    attendees: z.array(attendee).max(100),
    apologies: z.array(text(200)).max(100).optional(),
    minutes: text(20000),
    decisions: z.array(text(2000)).max(100).optional(),
    distribution: meetingDistribution
      .optional()
      .describe('to whom the minutes were sent, and when'),
  })
  .strict();

export const meetingPatchBody = z
  .object({
    attendees: z.array(attendee).max(100).optional(),
    apologies: z.array(text(200)).max(100).optional(),
    minutes: text(20000).optional(),
    decisions: z.array(text(2000)).max(100).optional(),
    version,
  })
  .strict();

export const distributionBody = distribution
  .extend({ document: z.enum(['plan', 'minutes']), meetingId: z.string().max(100).optional() })
  .strict();

export const reviewBody = z
  .object({
    reviewDate: isoDate,
    outcome: z.enum(reviewOutcomes),
    decision: z.enum(reviewDecisions),
    summary: text(8000),
    broughtForwardReason: text(2000).optional(),
    whereToGetHelp: text(4000).optional(),
    ifConcernsRise: text(4000).optional(),
    meetingId: z.string().max(100).optional(),
    consent: consentBody
      .optional()
      .describe('step up: consent to share information with the agencies joining the plan'),
    version: version.optional().describe('the episode version you read'),
  })
  .strict();

export const closeBody = z
  .object({
    reason: z.enum(closeReasons),
    summary: text(8000).optional(),
    whereToGetHelp: text(4000).optional(),
    ifConcernsRise: text(4000).optional(),
    escalationJudgement: text(4000).optional(),
    version: version.optional(),
  })
  .strict();

export const levelChangeBody = z
  .object({
    rationale: text(4000),
    consent: consentBody.optional().describe('consent to share information with joining agencies'),
    version: version.optional(),
  })
  .strict();

export const newConcernsBody = z
  .object({
    concerns: text(8000),
    raisedByName: text(200).optional(),
    raisedByAgency: text(200).optional(),
    childProtection: z.boolean().describe('an immediate child protection concern'),
    frontDoorPhoned: z.boolean().optional(),
    occurredAt: occurredAtField.optional(),
    version: version.optional(),
  })
  .strict();

export const episodeListQuery = z.object({
  childId: z.string().max(100).optional(),
  open: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
});

export const panelsQuery = z.object({ pack: z.string().max(100).optional() });
export const panelMeetingsQuery = z.object({
  from: isoDate.optional(),
  count: z.coerce.number().int().min(1).max(52).optional(),
});
export const agendaBody = z
  .object({
    episodeId: z.string().max(100).optional(),
    contactId: z.string().max(100).optional(),
    workItemId: z
      .string()
      .max(100)
      .optional()
      .describe('a piece of work waiting for this panel (e.g. a C&F assessment for the MASG)'),
    reason: text(4000),
  })
  .strict();
export const panelDecisionBody = z
  .object({
    agendaItemId: z.string().min(1).max(100),
    transitionId: z
      .string()
      .min(1)
      .max(100)
      .describe("the work's step that records the panel's decision (`panel:` in the pack)"),
    payload: z
      .record(z.string(), z.unknown())
      .default({})
      .describe('what the step must carry, as for any step of the work'),
    version: version.optional(),
  })
  .strict();
export const allocationBody = z
  .object({
    agendaItemId: z.string().min(1).max(100),
    userId: z.string().min(1).max(100).describe('the professional allocated as lead'),
    note: text(2000).optional(),
    version: version.optional(),
  })
  .strict();

// --- responses

export const stepResponse = z.object({
  status: z
    .enum(['applied', 'awaiting-authorisation'])
    .describe('awaiting-authorisation: the step waits in a manager’s tray'),
  episode: episodeView,
});

export const newConcernsResponse = z.object({
  status: z
    .enum(['applied', 'awaiting-authorisation', 'front-door'])
    .describe('front-door: a child protection concern, telephoned to the front door'),
  concern: concernView,
  meetingDue: z.string().nullable().describe('the multi-agency meeting deadline, when opened'),
  frontDoor: z.array(directoryContactView),
});
