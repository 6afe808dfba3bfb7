/** Request and response schemas of the JSON API (zod), published as OpenAPI. */
import { z } from 'zod';
import { openToValues } from '../../core/threshold/index.js';
import { ERRORS } from '../../core/errors/error-catalogue.js';
import { packWorkflowSchema } from './api-pack-schemas.js';
import { directoryContactView } from '../schemas/index.js';

export { auditEventSchema } from '../schemas/audit-views.js';

const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const citation = z.object({
  source: z.string(),
  section: z.string(),
  quote: z.string().optional(),
});

export const errorResponse = z
  .object({
    error: z
      .object({
        code: z.enum(Object.keys(ERRORS) as [keyof typeof ERRORS, ...(keyof typeof ERRORS)[]]),
        message: z.string(),
        details: z.array(z.object({ path: z.string(), message: z.string() })),
        requestId: z.string(),
      })
      .loose(),
  })
  .describe(
    'Every error: a stable code (see docs/errors.md), a message saying what to do, and field details.',
  );

export const signInBody = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});

export const sessionResponse = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    agencyId: z.string(),
    agencyKind: z.string(),
    roles: z.array(z.string()),
  }),
});

export const thresholdCheckBody = z
  .object({
    pack: z.string().min(1).max(100).describe('policy pack id, e.g. "worcestershire"'),
    indicators: z
      .array(z.string().min(1).max(200))
      .max(500)
      .default([])
      .describe('indicator ids from the pack'),
    ageYears: z.number().int().min(0).max(120).optional(),
    unborn: z.boolean().optional(),
    disabled: z.boolean().optional(),
    immediateDanger: z.boolean().optional().describe('is the child in immediate danger now?'),
    openTo: z.enum(openToValues).optional().describe('is the child already open to a service?'),
    judgement: z
      .object({ level, reason: z.string().max(2000).optional() })
      .optional()
      .describe(
        "the practitioner's own level; a reason is required when it differs from the suggestion",
      ),
  })
  .strict();

export const judgementBody = z
  .object({
    level,
    reason: z.string().max(2000).optional(),
    version: z.number().int().min(1).describe('the version you read; a stale one gets 409'),
  })
  .strict();

// The threshold result names a contact without its purpose (the next step's text says when).
const contactView = directoryContactView.omit({ purpose: true });

export const thresholdResultSchema = z.object({
  packId: z.string(),
  packVersion: z.string(),
  basePack: z.object({ id: z.string(), version: z.string() }).nullable(),
  suggestedLevel: level,
  levelName: z.string(),
  levelSummary: z.string(),
  response: z.string(),
  whoResponds: z.string(),
  state: z.object({ id: z.string(), name: z.string() }).nullable(),
  immediateDanger: z.boolean(),
  summary: z.string(),
  reasons: z.array(
    z.object({
      indicatorId: z.string(),
      level,
      domain: z.string(),
      subDomain: z.string().nullable(),
      text: z.string(),
      citation,
      drivesLevel: z.boolean(),
      uncertain: z.boolean(),
    }),
  ),
  accumulation: z
    .object({
      applies: z.literal(true),
      count: z.number(),
      note: z.string(),
      raisedLevel: z.boolean(),
      citation,
    })
    .nullable(),
  whyNotHigher: z.string().nullable(),
  whyNotLower: z.string().nullable(),
  nextSteps: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['emergency', 'open-case', 'level', 'not-a-child']),
      text: z.string(),
      contact: contactView.nullable(),
      citation,
    }),
  ),
  consent: z.object({
    guidance: z.array(z.object({ id: z.string(), text: z.string(), citation })),
    doNotSeekWhen: z.array(z.object({ id: z.string(), text: z.string(), citation })),
  }),
  warnings: z.array(z.string()),
});

export const storedCheckSchema = z.object({
  id: z.string(),
  packId: z.string(),
  packVersion: z.string(),
  basePack: z.object({ id: z.string(), version: z.string() }).nullable(),
  suggestedLevel: level,
  stateId: z.string().nullable(),
  immediateDanger: z.boolean(),
  judgement: z
    .object({
      level,
      reason: z.string().nullable(),
      at: z.string(),
      citations: z
        .array(
          z.object({
            rule: z.enum(['level', 'state']),
            text: z.string(),
            citation,
          }),
        )
        .describe(
          "the rules the judgement was made under: the judged level's and its named state's source document and section",
        ),
    })
    .nullable(),
  createdBy: z.string(),
  agencyId: z.string(),
  createdAt: z.string(),
  version: z.number(),
  result: thresholdResultSchema,
});

export const packSummarySchema = z.object({
  id: z.string(),
  authority: z.string(),
  version: z.string(),
  effectiveFrom: z.string(),
  base: z.object({ id: z.string(), version: z.string() }).nullable(),
  frontDoorName: z.string(),
  indicatorCount: z.number(),
});

export const packDetailSchema = packSummarySchema.extend({
  levels: z.array(
    z.object({
      level,
      name: z.string(),
      summary: z.string(),
      response: z.string(),
      whoResponds: z.string(),
      citation,
    }),
  ),
  states: z.array(
    z.object({ id: z.string(), name: z.string(), description: z.string(), level, citation }),
  ),
  stateForLevel: z.record(z.string(), z.string()),
  domains: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      subDomains: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  ),
  indicators: z.array(
    z.object({
      id: z.string(),
      level,
      domain: z.string(),
      subDomain: z.string().optional(),
      state: z.string().optional(),
      text: z.string(),
      citation,
      uncertain: z.boolean().optional(),
      note: z.string().optional(),
    }),
  ),
  contacts: z.array(z.unknown()),
  sources: z.array(z.unknown()),
  workflows: z.array(packWorkflowSchema),
});

export const auditQuerySchema = z.object({
  action: z.string().max(100).optional(),
  actorUserId: z.string().max(100).optional(),
  objectId: z.string().max(100).optional(),
  outcome: z.enum(['allowed', 'refused', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  beforeSeq: z.coerce.number().int().min(1).optional(),
});

/**
 * Every create accepts an `Idempotency-Key` header (issue 13 finding 11): the same key and the
 * same request answer what the first answered, and nothing is made twice; the same key with
 * another request is refused (422 BATON_IDEMPOTENCY_CONFLICT). Keys are the caller's own.
 */
export const idempotencyHeaders = z
  .object({
    'idempotency-key': z
      .string()
      .regex(/^[\x21-\x7e]{1,200}$/, 'use 1 to 200 visible ASCII characters')
      .optional()
      .describe(
        'a new random value (a UUID) per submission; send it again only to retry the same request',
      ),
  })
  .loose();

/**
 * The error answers a route may give, each in the one error shape: `response: { 200: x,
 * ...errorResponses(400, 401, 404) }`. One helper, so every route documents its errors alike.
 */
export function errorResponses<S extends number>(
  ...statuses: S[]
): Record<S, typeof errorResponse> {
  return Object.fromEntries(statuses.map((s) => [s, errorResponse])) as Record<
    S,
    typeof errorResponse
  >;
}

/** The request's Idempotency-Key, when it sent one. */
export function idempotencyKeyOf(request: {
  headers: Record<string, unknown>;
}): string | undefined {
  const key = request.headers['idempotency-key'];
  return typeof key === 'string' ? key : undefined;
}
