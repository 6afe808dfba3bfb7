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
  mergedInto: z.string().nullable(),
  version: z.number(),
  ageYears: z.number().nullable(),
};
