/** Request and response schemas of the people API (zod), published as OpenAPI. */
import { z } from 'zod';
import { communicationNeeds } from '../repositories/people-repository.js';
import { relationshipKinds } from '../repositories/person-record-repository.js';
import { searchCandidateSchema } from '../schemas/index.js';

export { mergeSchema, personDetailSchema, searchCandidateSchema } from '../schemas/index.js';
import { DISABILITY, ETHNICITY, SEX, UPN_UNKNOWN, type Code } from '../../core/returns/index.js';
import { PHONE_NUMBER_MAX_LENGTH, phoneNumberProblem } from '../../core/people/index.js';

// Dates, identifiers and required names are checked by the repository, so that every problem
// comes back in one BATON_VALIDATION answer naming its field in plain English.
const text = (max: number) => z.string().max(max);
const date = z.string().max(20).describe('an ISO date, YYYY-MM-DD');
const phone = z
  .string()
  .max(PHONE_NUMBER_MAX_LENGTH, phoneNumberProblem('too-long'))
  .describe('a telephone number: digits, spaces, brackets, hyphens and a leading +');

export const personSearchQuery = z.object({
  givenName: text(100).optional(),
  familyName: text(100).optional().describe('a family name or an NHS number is required'),
  dateOfBirth: date.optional(),
  nhsNumber: text(20).optional().describe('10 digits, spaces allowed: 999 000 1235'),
  postcode: text(20).optional(),
  kind: z.enum(['child', 'adult']).optional(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
});

export const personSearchResponse = z.object({
  scope: z
    .enum(['everyone', 'your-children'])
    .describe(
      '"everyone" for the front door, social care and early help; "your-children" for partners: the children they work with and the adults related to them',
    ),
  candidates: z.array(searchCandidateSchema).describe('the matches you may read'),
  restricted: z
    .number()
    .int()
    .min(0)
    .describe(
      'how many more records match that you may not read: a record exists, so ask the front door rather than add the person again (nothing else about them is shown)',
    ),
});

const codesOf = (set: readonly Code[]) => set.map((c) => c.code) as [string, ...string[]];

/** The census items (issue 16), DfE codes: docs/returns.md says what each is and where it goes. */
const censusFields = {
  sex: z
    .enum(codesOf(SEX))
    .optional()
    .describe('DfE item N00783: M, F or U (also an unborn child)'),
  ethnicity: z
    .enum(codesOf(ETHNICITY))
    .optional()
    .describe('DfE ethnicity code, REFU refused, NOBT not yet obtained'),
  disabilityCodes: z
    .array(z.enum(codesOf(DISABILITY)))
    .max(DISABILITY.length)
    .optional()
    .describe('DfE disability codes: NONE, or one or more of the others'),
  formerUpn: text(20).optional().describe('a former unique pupil number'),
  upnUnknownReason: z
    .enum(codesOf(UPN_UNKNOWN))
    .optional()
    .describe('why the UPN is not known: UN1 to UN7'),
  dateOfDeath: date.optional(),
};

const personFields = {
  givenName: text(100).describe('"Unborn" for an unborn baby without a name'),
  familyName: text(100),
  otherNames: text(200).optional(),
  dateOfBirth: date.optional(),
  expectedDate: date.optional().describe("an unborn child's expected date of delivery"),
  gender: text(50).optional(),
  nhsNumber: text(20).optional(),
  upn: text(20).optional().describe('unique pupil number (13 characters)'),
  localId: text(50).optional(),
  postcode: text(20).optional(),
  address: text(500).optional(),
  phone: phone.optional(),
  language: text(100).optional(),
  communicationNeeds: z
    .array(z.enum(communicationNeeds))
    .max(communicationNeeds.length)
    .optional()
    .describe('interpreter, BSL, EasyRead, large print (Worcestershire levels of need §5)'),
  disabled: z.boolean().optional(),
  disabilityDetails: text(2000).optional(),
  ...censusFields,
};

export const newPersonBody = z
  .object({ kind: z.enum(['child', 'adult']), ...personFields })
  .strict();

const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

export const personPatchBody = z
  .object({
    version: z.number().int().min(1).describe('the version you read; a stale one gets 409'),
    givenName: personFields.givenName.optional(),
    familyName: personFields.familyName.optional(),
    otherNames: nullable(text(200)),
    dateOfBirth: nullable(date),
    expectedDate: nullable(date),
    gender: nullable(text(50)),
    nhsNumber: nullable(text(20)),
    upn: nullable(text(20)),
    localId: nullable(text(50)),
    postcode: nullable(text(20)),
    address: nullable(text(500)),
    phone: nullable(phone),
    language: nullable(text(100)),
    communicationNeeds: personFields.communicationNeeds,
    disabled: z.boolean().optional(),
    disabilityDetails: nullable(text(2000)),
    sex: censusFields.sex.nullable(),
    ethnicity: censusFields.ethnicity.nullable(),
    disabilityCodes: censusFields.disabilityCodes.nullable(),
    formerUpn: censusFields.formerUpn.nullable(),
    upnUnknownReason: censusFields.upnUnknownReason.nullable(),
    dateOfDeath: censusFields.dateOfDeath.nullable(),
  })
  .strict()
  .describe('only the fields to change; null clears an optional field');

export const relationshipBody = z
  .object({
    personId: z.string().max(100).optional().describe('someone already recorded…'),
    person: newPersonBody.optional().describe('…or someone new, added with the relationship'),
    relationship: z.enum(relationshipKinds),
    parentalResponsibility: z.boolean(),
    livesWithChild: z.boolean(),
  })
  .strict();

export const mergeBody = z
  .object({
    keptId: z.string().min(1).max(100),
    mergedId: z.string().min(1).max(100),
    reason: z.string().max(2000).describe('why these are the same person (at least 10 characters)'),
  })
  .strict();
