/** What the people API answers, and the people repositories return: a person, a search, a merge. */
import { z } from 'zod';

const personFields = {
  id: z.string(),
  kind: z.enum(['child', 'adult']),
  givenName: z.string(),
  familyName: z.string(),
  otherNames: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  expectedDate: z.string().nullable(),
  gender: z.string().nullable(),
  nhsNumber: z.string().nullable(),
  upn: z.string().nullable(),
  localId: z.string().nullable(),
  postcode: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable().describe('a telephone number, as typed; null: not recorded'),
  language: z.string().nullable(),
  communicationNeeds: z.array(z.string()),
  disabled: z.boolean(),
  disabilityDetails: z.string().nullable(),
  sex: z.string().nullable().describe('DfE N00783 M, F or U; null: not recorded'),
  ethnicity: z.string().nullable().describe('DfE ethnicity code; null: not recorded'),
  disabilityCodes: z
    .array(z.string())
    .nullable()
    .describe('DfE disability codes; null: not recorded'),
  formerUpn: z.string().nullable(),
  upnUnknownReason: z.string().nullable().describe('UN1 to UN7'),
  dateOfDeath: z.string().nullable(),
  mergedInto: z.string().nullable(),
  version: z.number(),
};
/** A person as stored. */
export const personView = z.object(personFields);
export type PersonView = z.infer<typeof personView>;

/** The fields of a person as the API answers with them, shared by the people and record schemas. */
export const personViewFields = {
  ...personFields,
  /** Whole years today; null without a date of birth. */
  ageYears: z.number().nullable(),
};

export const relatedPersonSchema = z.object({
  relationshipId: z.string(),
  personId: z.string(),
  kind: z.enum(['child', 'adult']),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string().nullable(),
  /** What the adult is to the child (see `adultRelationships`). */
  relationship: z.string(),
  parentalResponsibility: z.boolean(),
  livesWithChild: z.boolean(),
  /** `adult`: the other person is related to this child; `child`: this person is related to them. */
  direction: z.enum(['adult', 'child']),
});
export type RelatedPerson = z.infer<typeof relatedPersonSchema>;

export const personDetailSchema = z.object({
  ...personViewFields,
  countsAsChild: z
    .boolean()
    .describe(
      "a child under the deployment pack's definition (under 18; Stockport also disabled young people to 24; the unborn)",
    ),
  relationships: z.array(relatedPersonSchema),
  mergedFrom: z
    .string()
    .nullable()
    .describe('the id asked for, when that record was merged into this one'),
});
export type PersonDetail = z.infer<typeof personDetailSchema>;

/** A candidate as search shows it: enough to recognise the person, nothing more. */
export const searchCandidateSchema = z.object({
  id: z.string(),
  kind: z.enum(['child', 'adult']),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string().nullable(),
  expectedDate: z.string().nullable(),
  postcode: z.string().nullable(),
  nhsNumber: z
    .string()
    .nullable()
    .describe('the whole NHS number, shown to intake roles only (null for partners)'),
  nhsNumberLast4: z.string().nullable(),
  score: z.number().int().min(0).max(100),
  reasons: z.array(z.string()).describe('why the score is what it is, strongest first'),
});
export type SearchCandidate = z.infer<typeof searchCandidateSchema>;

const personSummary = z.object({
  id: z.string(),
  kind: z.string(),
  givenName: z.string(),
  familyName: z.string(),
});

export const mergeSchema = z.object({
  id: z.string(),
  keptId: z.string(),
  mergedId: z.string(),
  kept: personSummary,
  merged: personSummary,
  reason: z.string(),
  mergedAt: z.string(),
  mergedBy: z.string(),
  undoneAt: z.string().nullable(),
  undoneBy: z.string().nullable(),
  /** What moved, table by table (only the tables with something in them). */
  moved: z.array(z.object({ label: z.string(), count: z.number() })),
});
export type MergeView = z.infer<typeof mergeSchema>;
