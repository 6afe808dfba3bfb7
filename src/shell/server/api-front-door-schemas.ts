/** Request and response schemas of the front door's JSON API (zod), published as OpenAPI. */
import { z } from 'zod';
import { consentedBy, notSoughtReasons } from '../use-cases/contact-use-cases.js';
import { occurredAtField, ruleCitationSchema } from './api-record-schemas.js';
export {
  contactAdultSchema,
  contactBody,
  contactChildSchema,
  newPersonSchema,
} from '../use-cases/contact-schema.js';

const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const id = z.string().min(1).max(100);
const text = (max: number) => z.string().max(max);
const citation = z.object({
  source: z.string(),
  section: z.string(),
  quote: z.string().optional(),
});

const phoneNow = z.object({
  text: z.string(),
  contact: z
    .object({
      name: z.string(),
      phones: z.array(
        z.object({
          number: z.string(),
          label: z.string().optional(),
          option: z.string().optional(),
          hours: z.string().optional(),
        }),
      ),
    })
    .nullable(),
  citation,
});

export const contactReceiptSchema = z.object({
  workItemId: z.string(),
  contactId: z.string(),
  reference: z.string(),
  packId: z.string(),
  packVersion: z.string(),
  state: z.string(),
  stateName: z.string(),
  receivedAt: z.string(),
  channel: z.string(),
  urgency: z.string(),
  referrerLevel: level,
  childIds: z.array(z.string()),
  people: z.array(z.object({ personId: z.string(), role: z.string(), name: z.string() })),
  decisionDue: z.string().nullable(),
  phoneNow: z.array(phoneNow).describe('for an immediate concern: 999 first, then the front door'),
});

const mashRequest = z.object({
  id: z.string(),
  agency: z.string(),
  question: z.string(),
  requestedAt: z.string(),
  requestedBy: z.string(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  answeredBy: z.string().nullable(),
});

export const contactViewSchema = z.object({
  workItemId: z.string(),
  contactId: z.string(),
  reference: z.string(),
  packId: z.string(),
  packVersion: z.string(),
  workflowName: z.string(),
  state: z.string(),
  stateName: z.string(),
  final: z.boolean(),
  version: z.number(),
  receivedAt: z.string(),
  channel: z.string(),
  urgency: z.string(),
  referrerLevel: level,
  level: level.nullable(),
  referrer: z.object({
    userId: z.string().nullable(),
    name: z.string(),
    agencyName: z.string(),
    phone: z.string().nullable(),
  }),
  concerns: z.string(),
  thresholdCheck: z
    .object({
      id: z.string(),
      packId: z.string(),
      packVersion: z.string(),
      suggestedLevel: level,
      judgedLevel: level.nullable(),
      reasons: z.array(z.object({ text: z.string(), level, citation })),
    })
    .nullable(),
  familySpokenTo: z.boolean(),
  familyNotSpokenToReason: z.string().nullable(),
  consent: z.object({
    decision: z.string(),
    notSoughtReason: z.string().nullable(),
    consulted: z.string().nullable(),
  }),
  consents: z.array(
    z.object({
      childId: z.string(),
      purpose: z.string(),
      decision: z.string(),
      givenByPersonId: z.string().nullable(),
      givenByKind: z.string().nullable(),
      notSoughtReason: z.string().nullable(),
      consulted: z.string().nullable(),
      notes: z.string().nullable(),
      recordedOn: z.string(),
    }),
  ),
  children: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      dateOfBirth: z.string().nullable(),
      expectedDate: z.string().nullable(),
      nhsNumber: z.string().nullable(),
      home: z.string().nullable().describe('where the child lives: address lines and postcode'),
      parentDetailsUnknownReason: z.string().nullable(),
      parents: z.array(
        z.object({
          personId: z.string(),
          name: z.string(),
          relationship: z.string(),
          parentalResponsibility: z.boolean(),
          livesWithChild: z.boolean(),
        }),
      ),
    }),
  ),
  adults: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      dateOfBirth: z.string().nullable(),
      role: z.string(),
    }),
  ),
  deadlines: z.array(
    z.object({
      timescaleId: z.string(),
      name: z.string(),
      due: z.string(),
      met: z.boolean(),
      status: z.string().nullable(),
      citation,
    }),
  ),
  mashRequests: z.array(mashRequest).describe('front-door staff only; empty for others'),
  history: z.array(
    z.object({
      id: z.string(),
      transitionId: z.string(),
      name: z.string(),
      outcome: z.string().nullable(),
      status: z.string(),
      rationale: z.string().nullable(),
      requestedBy: z.string(),
      requestedAt: z.string(),
      decidedBy: z.string().nullable(),
      decidedAt: z.string().nullable(),
      decisionNote: z.string().nullable(),
    }),
  ),
  awaitingAuthorisation: z.boolean(),
  availableDecisions: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        to: z.string(),
        needsAuthorisation: z.boolean(),
        requires: z.array(z.object({ field: z.string(), label: z.string() })),
        guards: z.array(z.object({ guard: z.string(), text: z.string(), citation })),
        citation,
      }),
    )
    .describe("the pack's outcomes open to you from this state"),
});

export const triageSchema = z.object({
  items: z.array(
    z.object({
      workItemId: z.string(),
      reference: z.string(),
      receivedAt: z.string(),
      channel: z.string(),
      urgency: z.string(),
      referrerLevel: level,
      state: z.string(),
      stateName: z.string(),
      referrerName: z.string(),
      referrerAgencyName: z.string(),
      children: z.array(z.object({ id: z.string(), name: z.string() })),
      decisionDue: z.string().nullable(),
      dueStatus: z.string().nullable(),
      overdue: z.boolean(),
      awaitingAuthorisation: z.boolean(),
    }),
  ),
});

export const mashRequestBody = z
  .object({
    agency: z.string().min(1).max(200).describe('the partner agency asked'),
    question: z.string().min(1).max(4000),
    version: z.number().int().min(1).describe('the version you read; a stale one gets 409'),
  })
  .strict();

export const mashAnswerBody = z
  .object({
    answer: z.string().min(1).max(8000),
    version: z.number().int().min(1),
  })
  .strict();

export const contactConsentBody = z
  .object({
    purpose: z.enum(['early-help', 'front-door-referral', 'information-sharing']),
    decision: z.enum(['given', 'refused', 'not-sought', 'withdrawn']),
    givenByPersonId: id.optional(),
    method: z.enum(['verbal', 'written']).optional(),
    notSoughtReason: z.enum(notSoughtReasons).optional(),
    consulted: z.enum(consentedBy).optional(),
    notes: text(2000).optional(),
  })
  .strict();

export const decisionBody = z
  .object({
    transitionId: z.string().min(1).max(100).describe('one of availableDecisions[].id'),
    rationale: z.string().max(8000).optional(),
    version: z.number().int().min(1),
    leadProfessionalUserId: z
      .string()
      .max(100)
      .optional()
      .describe(
        'a Baton user as lead professional: they can see the children and are told at once (name and agency follow)',
      ),
    leadProfessionalName: z
      .string()
      .max(200)
      .optional()
      .describe('a lead professional outside Baton: their name (with leadProfessionalAgency)'),
    leadProfessionalAgency: z.string().max(200).optional(),
    occurredAt: occurredAtField.optional(),
  })
  .catchall(z.union([z.string().max(8000), z.number(), z.boolean()]))
  .describe("the decision, its rationale and any other field the pack's step requires");

export const decisionResponse = z.object({
  status: z.enum(['applied', 'awaiting-authorisation']),
  transitionRecordId: z.string(),
  contact: contactViewSchema,
  occurredAt: z.string().describe('when the decision was made; its deadlines count from here'),
  citations: z.array(ruleCitationSchema),
});

export const workItemParams = z.object({ workItemId: id });
export const mashAnswerParams = z.object({ workItemId: id, requestId: id });
