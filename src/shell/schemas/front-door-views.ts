/**
 * What the front door's API answers and the contact repositories return: the receipt for a new
 * contact, and a contact read back whole.
 */
import { z } from 'zod';

const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const citation = z.object({
  source: z.string(),
  section: z.string(),
  quote: z.string().optional(),
});

/** What to do now about an immediate concern: 999 first, then the front door. */
export const phoneNowStep = z.object({
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

export type PhoneNowStep = z.infer<typeof phoneNowStep>;

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
  phoneNow: z
    .array(phoneNowStep)
    .describe('for an immediate concern: 999 first, then the front door'),
});
export type ContactReceipt = z.infer<typeof contactReceiptSchema>;

/** A question the MASH put to a partner agency, and its answer. */
export const mashRequest = z.object({
  id: z.string(),
  agency: z.string(),
  question: z.string(),
  requestedAt: z.string(),
  requestedBy: z.string(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  answeredBy: z.string().nullable(),
});
export type MashRequest = z.infer<typeof mashRequest>;

/** The levels-of-need check a contact was made with, as it stood then. */
export const thresholdSnapshot = z.object({
  id: z.string(),
  packId: z.string(),
  packVersion: z.string(),
  suggestedLevel: level,
  judgedLevel: level.nullable(),
  reasons: z.array(z.object({ text: z.string(), level, citation })),
});
export type ThresholdSnapshot = z.infer<typeof thresholdSnapshot>;

/** A contact read back whole; the referrer sees no MASH requests and no decisions to take. */
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
  thresholdCheck: thresholdSnapshot.nullable(),
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
export type ContactView = z.infer<typeof contactViewSchema>;

/** An open contact in the front door's tray. */
export const triageItemSchema = z.object({
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
});
export type TriageItem = z.infer<typeof triageItemSchema>;
