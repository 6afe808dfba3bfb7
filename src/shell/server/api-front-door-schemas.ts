/** Request and response schemas of the front door's JSON API (zod), published as OpenAPI. */
import { z } from 'zod';
import { consentedBy, notSoughtReasons } from '../use-cases/contact-use-cases.js';
import { occurredAtField, ruleCitationSchema } from './api-record-schemas.js';
import { contactViewSchema, triageItemSchema } from '../schemas/index.js';
export { contactReceiptSchema, contactViewSchema } from '../schemas/index.js';
export {
  contactAdultSchema,
  contactBody,
  contactChildSchema,
  newPersonSchema,
} from '../use-cases/contact-schema.js';

const id = z.string().min(1).max(100);
const text = (max: number) => z.string().max(max);

export const triageSchema = z.object({ items: z.array(triageItemSchema) });

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
