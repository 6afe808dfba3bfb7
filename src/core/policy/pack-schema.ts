/**
 * The policy pack format. A pack is one authority's guidance as data: every rule carries a
 * citation to a source document and section. This zod schema is the single definition; the JSON
 * Schema in docs/policy-pack.schema.json is generated from it.
 *
 * Later issues add pathways, timescales, panels and authorisers as further top-level sections.
 */
import { z } from 'zod';
import { citationSchema, isoDate, slug } from '../schema/primitives.js';
import { panelSchema, timescaleSchema, workflowSchema } from '../journey/workflow-schema.js';

export const levelNumber = z.literal([1, 2, 3, 4], { error: 'use a level from 1 to 4' });
export type LevelNumber = z.infer<typeof levelNumber>;

const sourceSchema = z
  .object({
    id: slug,
    title: z.string().min(1),
    publisher: z.string().min(1),
    published: z
      .string()
      .optional()
      .describe('year or date of publication as the document gives it'),
    file: z.string().optional().describe('the seed file the text was taken from'),
    url: z.string().optional(),
  })
  .strict();

const phoneSchema = z
  .object({
    number: z.string().min(3),
    label: z.string().optional(),
    option: z.string().optional().describe('menu option to select, e.g. "option 1"'),
    hours: z.string().optional(),
  })
  .strict();

export const contactKinds = [
  'emergency',
  'front-door',
  'out-of-hours',
  'early-help',
  'advice',
  'other',
] as const;

const contactSchema = z
  .object({
    id: slug,
    kind: z.enum(contactKinds),
    name: z.string().min(1),
    purpose: z.string().min(1).describe('when to use this contact'),
    phones: z.array(phoneSchema).default([]),
    online: z.object({ label: z.string(), url: z.string() }).strict().optional(),
    email: z.string().optional(),
    hours: z.string().optional(),
    citation: citationSchema,
  })
  .strict();
export type Contact = z.infer<typeof contactSchema>;

/** A step the practitioner should take, optionally naming a contact by id. */
const nextStepSchema = z
  .object({
    id: slug,
    text: z.string().min(1),
    contact: slug.optional(),
    citation: citationSchema,
  })
  .strict();
export type NextStepRule = z.infer<typeof nextStepSchema>;

const levelSchema = z
  .object({
    level: levelNumber,
    name: z.string().min(1),
    summary: z.string().min(1).describe('one line: which children are at this level'),
    description: z.string().min(1),
    response: z.string().min(1).describe('the expected response at this level'),
    whoResponds: z.string().min(1),
    nextSteps: z.array(nextStepSchema).default([]),
    citation: citationSchema,
  })
  .strict();
export type LevelRule = z.infer<typeof levelSchema>;

/** A named state (Stockport) and the level it maps to. */
const stateSchema = z
  .object({
    id: slug,
    name: z.string().min(1),
    description: z.string().min(1),
    level: levelNumber.describe('the level this state corresponds to (state → level)'),
    citation: citationSchema,
  })
  .strict();
export type StateRule = z.infer<typeof stateSchema>;

const stateForLevelSchema = z
  .object({
    level: levelNumber,
    state: slug,
    citation: citationSchema,
  })
  .strict();

const domainSchema = z
  .object({
    id: slug,
    name: z.string().min(1),
    subDomains: z.array(z.object({ id: slug, name: z.string().min(1) }).strict()).default([]),
  })
  .strict();
export type Domain = z.infer<typeof domainSchema>;

const indicatorSchema = z
  .object({
    id: slug,
    level: levelNumber,
    domain: slug,
    subDomain: slug.optional(),
    state: slug.optional().describe('the named state whose criteria include this indicator'),
    text: z.string().min(1),
    citation: citationSchema,
    uncertain: z
      .boolean()
      .optional()
      .describe('true where the source text is garbled or ambiguous'),
    note: z.string().optional(),
  })
  .strict();
export type Indicator = z.infer<typeof indicatorSchema>;

const accumulationSchema = z
  .object({
    note: z.string().min(1),
    minimumIndicators: z
      .number()
      .int()
      .min(2)
      .describe('how many indicators at the suggested level make the note apply'),
    raisesLevel: z
      .boolean()
      .describe('true only where the guidance says an accumulation moves the child up a level'),
    citation: citationSchema,
  })
  .strict();

const consentGuidanceSchema = z
  .object({
    id: slug,
    text: z.string().min(1),
    levels: z.array(levelNumber).min(1),
    citation: citationSchema,
  })
  .strict();

const consentSchema = z
  .object({
    guidance: z.array(consentGuidanceSchema).default([]),
    doNotSeekWhen: z
      .array(z.object({ id: slug, text: z.string().min(1), citation: citationSchema }).strict())
      .default([])
      .describe('when consent must not be sought because that would put the child at risk'),
  })
  .strict();

const childDefinitionSchema = z
  .object({
    underAge: z
      .number()
      .int()
      .min(1)
      .max(30)
      .describe('a child is anyone who has not reached this age'),
    disabledUnderAge: z
      .number()
      .int()
      .optional()
      .describe('extended age for disabled young people'),
    includesUnborn: z.boolean(),
    citation: citationSchema,
  })
  .strict();

/**
 * A word or abbreviation pages link to its meaning (issue 14 §9): "EHA", "s47", or a local name
 * such as Stockport's "MASSH". A local pack's entry replaces the base pack's entry for the same term.
 */
const glossaryTermSchema = z
  .object({
    term: z
      .string()
      .min(1)
      .max(20)
      .regex(/^[A-Za-z0-9]+$/, 'a single word, like EHA or s47'),
    stands: z.string().min(1).optional().describe('what the abbreviation stands for'),
    meaning: z.string().min(1),
    citation: citationSchema.optional(),
  })
  .strict();
export type GlossaryTerm = z.infer<typeof glossaryTermSchema>;

const openCaseSchema = z
  .object({
    earlyHelp: z.array(nextStepSchema).default([]),
    socialCare: z.array(nextStepSchema).default([]),
  })
  .strict();

/** The pack as written in YAML. */
export const packDocumentSchema = z
  .object({
    id: slug,
    authority: z.string().min(1),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'use a version like 1.0.0'),
    effectiveFrom: isoDate,
    extends: slug.optional().describe('id of the base pack this pack builds on, e.g. "national"'),
    description: z.string().optional(),
    frontDoorName: z
      .string()
      .optional()
      .describe('what the authority calls its front door, e.g. MASH'),
    dfeLaNumber: z
      .string()
      .regex(/^\d{3}$/, 'the DfE LA number is 3 digits, like 356')
      .optional()
      .describe(
        "the authority's 3-digit DfE local authority number, written in the CIN census header (LEA)",
      ),
    sources: z.array(sourceSchema).min(1),
    child: childDefinitionSchema.optional(),
    levels: z.array(levelSchema).optional(),
    states: z.array(stateSchema).optional(),
    stateForLevel: z.array(stateForLevelSchema).optional(),
    domains: z.array(domainSchema).default([]),
    indicators: z.array(indicatorSchema).default([]),
    accumulation: accumulationSchema.optional(),
    contacts: z.array(contactSchema).default([]),
    immediateDanger: z.array(nextStepSchema).default([]),
    consent: consentSchema.optional(),
    openCases: openCaseSchema.optional(),
    timescales: z
      .array(timescaleSchema)
      .default([])
      .describe('named deadlines: working days, weeks or months'),
    closures: z
      .array(z.object({ date: isoDate, reason: z.string().min(1) }).strict())
      .default([])
      .describe('days the authority is closed, besides weekends and bank holidays'),
    workflows: z
      .array(workflowSchema)
      .default([])
      .describe('states, transitions, guards and deadlines'),
    panels: z.array(panelSchema).default([]).describe('hubs and panels that allocate early help'),
    glossary: z
      .array(glossaryTermSchema)
      .default([])
      .describe('abbreviations and local words, each linked to its meaning where a page uses it'),
  })
  .strict();

export { citationSchema, type Citation } from '../schema/primitives.js';

export type PackDocument = z.infer<typeof packDocumentSchema>;
export type PackDocumentInput = z.input<typeof packDocumentSchema>;
