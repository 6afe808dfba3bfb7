/**
 * A contact as the API and the pages submit it: the one schema. The TypeScript type
 * (`ContactRequest`), the API's validation and OpenAPI document, and the contact form's limits all
 * come from here.
 */
import { z } from 'zod';
import { PHONE_NUMBER_MAX_LENGTH, phoneNumberProblem } from '../../core/people/index.js';
import { communicationNeeds } from '../repositories/people-repository.js';
import {
  adultRelationships,
  consultedRoles as consentedBy,
  contactChannels,
  contactUrgencies,
  notSoughtReasons,
} from '../repositories/index.js';

export { contactUrgencies };

const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const id = z.string().min(1).max(100);
const text = (max: number) => z.string().max(max);

/** The longest text each contact field takes, wherever the contact is made. */
export const CONTACT_LIMITS = {
  concerns: 20_000,
  reason: 2_000,
  notes: 2_000,
  /** An adult's telephone number, as typed with spaces and brackets (core/people/phone-number.ts). */
  phone: PHONE_NUMBER_MAX_LENGTH,
  children: 20,
  adults: 20,
} as const;

/** A new person's details (the people repository validates identifiers and dates). */
export const newPersonSchema = z
  .object({
    givenName: z.string().min(1).max(100).describe('"Unborn" for an unborn baby'),
    familyName: z.string().min(1).max(100),
    otherNames: text(200).optional(),
    dateOfBirth: text(10).optional().describe('YYYY-MM-DD'),
    expectedDate: text(10).optional().describe("an unborn child's expected date, YYYY-MM-DD"),
    gender: text(50).optional(),
    nhsNumber: text(20).optional(),
    upn: text(20).optional(),
    postcode: text(10).optional(),
    address: text(500).optional(),
    language: text(100).optional(),
    communicationNeeds: z.array(z.enum(communicationNeeds)).max(5).optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

const personRef = {
  personId: id.optional().describe('link an existing person by id (you must be able to see them)'),
  person: newPersonSchema.optional().describe('or create a new person'),
};

export const contactAdultSchema = z
  .object({
    key: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/)
      .describe(
        'your label for this adult, used in children[].parents[].adult and consent.givenBy',
      ),
    ...personRef,
    phone: z
      .string()
      .max(CONTACT_LIMITS.phone, phoneNumberProblem('too-long'))
      .optional()
      .describe(
        "the adult's telephone number (digits, spaces, brackets, hyphens, a leading +): kept on the person, new or linked; left out or blank, a number already held is kept",
      ),
  })
  .strict();

export const contactChildSchema = z
  .object({
    ...personRef,
    parents: z
      .array(
        z
          .object({
            adult: z.string().min(1).max(40).describe('the key of an entry in `adults`'),
            relationship: z.enum(adultRelationships),
            parentalResponsibility: z.boolean(),
            livesWithChild: z.boolean(),
          })
          .strict(),
      )
      .max(10)
      .default([]),
    parentDetailsUnknownReason: text(CONTACT_LIMITS.reason)
      .optional()
      .describe("needed when both parents' details cannot be given for this child"),
  })
  .strict();

export const contactBody = z
  .object({
    channel: z.enum(contactChannels).default('online'),
    referrer: z
      .object({
        userId: id.optional().describe('a Baton user: they are told the outcome'),
        name: text(200).optional(),
        agencyName: text(200).optional(),
        phone: text(50).optional(),
      })
      .strict()
      .optional()
      .describe('front-door staff only: the named referrer a telephone contact is recorded for'),
    thresholdCheckId: id
      .optional()
      .describe('a recorded levels-of-need check: its level and reasons pre-fill the contact'),
    concerns: text(CONTACT_LIMITS.concerns)
      .optional()
      .describe('required unless a threshold check supplies them'),
    referrerLevel: level.optional().describe("the referrer's level of need; it sets priority"),
    urgency: z.enum(contactUrgencies),
    familySpokenTo: z.boolean(),
    familyNotSpokenToReason: text(CONTACT_LIMITS.reason).optional(),
    consent: z
      .object({
        decision: z.enum(['given', 'refused', 'not-sought']),
        givenBy: z.string().max(40).optional().describe('the key of the adult who answered'),
        notSoughtReason: z.enum(notSoughtReasons).optional(),
        consulted: z.enum(consentedBy).optional(),
        notes: text(CONTACT_LIMITS.notes).optional(),
      })
      .strict()
      .describe('consent to the referral (recorded with purpose front-door-referral)'),
    earlyHelpConsent: z
      .object({
        decision: z.enum(['given', 'refused']),
        givenBy: z.string().max(40).optional(),
        notes: text(CONTACT_LIMITS.notes).optional(),
      })
      .strict()
      .optional()
      .describe('whether the family consented to early help support'),
    adults: z.array(contactAdultSchema).max(CONTACT_LIMITS.adults).default([]),
    children: z.array(contactChildSchema).min(1).max(CONTACT_LIMITS.children),
  })
  .strict();

/** A contact request, after validation (defaults applied). */
export type ContactRequest = z.output<typeof contactBody>;
/** A child or an adult of a contact: an existing person by id, or a new one. */
export type PersonRef = Pick<ContactRequest['adults'][number], 'personId' | 'person'>;
