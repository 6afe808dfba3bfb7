/** The fields of a person as the API answers with them, shared by the people and record schemas. */
import { z } from 'zod';

export const personViewFields = {
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
  ageYears: z.number().nullable(),
};
