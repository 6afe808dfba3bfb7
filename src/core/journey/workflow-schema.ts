/**
 * Workflows as policy data: the states a piece of work moves through (a contact at the front
 * door, an early help episode, a step-down transfer…), the transitions between them, who may ask
 * and who must authorise, the named guards that must pass, what a transition must carry, the
 * deadlines it opens and closes, and whom to notify. Every rule cites its source.
 */
import { z } from 'zod';
import { citationSchema, isoDate, slug } from '../schema/primitives.js';
import { agencyKinds, roles } from '../access/roles.js';
import { CLOSED_DAY_RULES } from '../calendar/index.js';

const citation = citationSchema;

export const deadlineRuleSchema = z
  .object({
    unit: z.enum(['working-days', 'calendar-days', 'weeks', 'months', 'hours']),
    amount: z.number().int().min(0).max(366),
    /**
     * For calendar-counted units (calendar-days, weeks, months): what happens to a due date that
     * falls on a weekend, bank holiday or closure day. `next-working-day` moves it on (a seed that
     * says "days" without "working"); `as-counted` (the default) keeps it (a statutory limit).
     */
    dueOnClosedDay: z
      .enum(CLOSED_DAY_RULES)
      .optional()
      .describe(
        'calendar-days, weeks and months only: next-working-day moves a due date on a weekend or bank holiday to the next working day; as-counted (default) keeps it',
      ),
  })
  .strict()
  .refine(
    (r) => r.dueOnClosedDay === undefined || (r.unit !== 'working-days' && r.unit !== 'hours'),
    {
      message:
        'dueOnClosedDay is for calendar-counted timescales (calendar-days, weeks, months): working days and hours never fall due on a closed day in that sense',
      path: ['dueOnClosedDay'],
    },
  );
export type DeadlineRuleData = z.infer<typeof deadlineRuleSchema>;

/** A named timescale: "EHA completed within 30 working days". */
export const timescaleSchema = z
  .object({
    id: slug,
    name: z.string().min(1),
    rule: deadlineRuleSchema,
    text: z.string().min(1),
    citation,
  })
  .strict();
export type Timescale = z.infer<typeof timescaleSchema>;

/** A reference to a named guard (a small pure function in the engine) with its parameters. */
export const guardRefSchema = z
  .object({
    guard: z
      .string()
      .regex(/^[a-z][a-zA-Z0-9]*$/, 'use the guard function name, e.g. consentRecorded'),
    params: z
      .record(
        z.string(),
        z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]),
      )
      .default({}),
    text: z.string().min(1).describe('the rule in plain words, shown when the guard refuses'),
    citation,
  })
  .strict();
export type GuardRef = z.infer<typeof guardRefSchema>;

/** A field the transition must carry (e.g. a rationale, the lead professional's name). */
export const requiredFieldSchema = z
  .object({
    field: z.string().regex(/^[a-z][a-zA-Z0-9]*$/),
    label: z.string().min(1),
    citation,
  })
  .strict();

const partySchema = z.enum([
  'referrer',
  'lead-professional',
  'allocated-worker',
  'family',
  'team-manager',
  'front-door',
  'early-help-hub',
  'requester',
]);
export type Party = z.infer<typeof partySchema>;

/**
 * Where a step's field is filled from: a field of an earlier step's payload (named by step id or
 * by role, in this workflow or another the work came from), or what Baton recorded on the work
 * (`recorded: new-concerns`, the latest new concerns). Shown on the form for checking, changed
 * only if wrong ("tell my story once", issue 14 §3).
 */
export const carrySchema = z
  .object({
    field: z.string().regex(/^[a-z][a-zA-Z0-9]*$/),
    from: z.union([
      z
        .object({
          workflow: slug.optional().describe('default: the workflow this step belongs to'),
          step: slug.describe('the id of the earlier step'),
          field: z.string().regex(/^[a-z][a-zA-Z0-9]*$/),
        })
        .strict(),
      z
        .object({
          workflow: slug.optional().describe('default: the workflow this step belongs to'),
          role: slug.describe('the role of the earlier step (docs/policy-packs.md)'),
          field: z.string().regex(/^[a-z][a-zA-Z0-9]*$/),
        })
        .strict(),
      z
        .object({
          recorded: z
            .enum(['new-concerns'])
            .describe('new-concerns: the latest new concerns recorded on this work'),
        })
        .strict(),
    ]),
    citation: citation.optional(),
  })
  .strict();
export type Carry = z.infer<typeof carrySchema>;

/**
 * What follow-on work starts with from the work it came from. `social-care-plan`: an early help
 * episode after a step down begins its assessment from the social care record (the Child and
 * Family Assessment standing in for the EHA, the child in need plan's needs, outcomes and
 * actions), for the lead professional to check and update with the family.
 */
export const startsCarriesSchema = z
  .object({
    what: z.enum(['social-care-plan']),
    text: z.string().min(1).describe('the rule in plain words, shown on the episode page'),
    citation,
  })
  .strict();
export type StartsCarries = z.infer<typeof startsCarriesSchema>;

/** The follow-on work a transition begins. */
export const startsSchema = z
  .object({
    workflow: slug,
    /** The state the new work begins in (default: the workflow's initial state). */
    state: slug.optional(),
    /** The agency kind that owns the new work (default: whoever owns this work after the step). */
    ownedBy: z.enum(agencyKinds).optional(),
    /** Deadlines opened on the new work, counted from this step (besides the workflow's own). */
    opensDeadlines: z.array(slug).default([]),
    /** What the new work starts with from this work's record (see `startsCarriesSchema`). */
    carries: startsCarriesSchema.optional(),
  })
  .strict();
export type Starts = z.infer<typeof startsSchema>;

export const transitionSchema = z
  .object({
    id: slug,
    name: z.string().min(1),
    from: z.array(slug).min(1),
    to: slug,
    /** An outcome code recorded with the decision (e.g. "nfa", "referral-to-early-help"). */
    outcome: slug.optional(),
    /** What Baton uses the step for (src/core/policy/pack-contract.ts), checked at pack load. */
    role: slug
      .optional()
      .describe('what Baton uses the step for: docs/policy-packs.md, "What Baton relies on"'),
    requestedBy: z.array(z.enum(roles)).min(1),
    /** When present, the request waits in an authorisation tray for one of these roles. */
    authorisedBy: z.array(z.enum(roles)).optional(),
    guards: z.array(guardRefSchema).default([]),
    requires: z.array(requiredFieldSchema).default([]),
    carries: z
      .array(carrySchema)
      .default([])
      .describe("fields this step's form starts with from an earlier step or record"),
    opensDeadlines: z.array(slug).default([]).describe('timescale ids started by this transition'),
    closesDeadlines: z.array(slug).default([]).describe('timescale ids met by this transition'),
    notify: z.array(partySchema).default([]),
    /**
     * The work passes to an agency of this kind (e.g. the Early Help Hub): it takes ownership of
     * the work and its deadlines, and becomes involved with each child so it can act.
     */
    handsTo: z.enum(agencyKinds).optional(),
    /**
     * Who authorises, when it is not the agency that owns the work: a step-down transfer request
     * is authorised by the lead professional's manager in the early help service, a route-2 step
     * up by a social care team manager.
     */
    authorisedIn: z.enum(agencyKinds).optional(),
    /**
     * The next piece of work for the same children, begun in the same transaction as this step,
     * so that support steps up or down without a gap (a CP plan discharged at review starts a
     * child in need plan; a step-down transfer starts the early help episode).
     */
    starts: startsSchema.optional(),
    /**
     * The step that must follow, asked for at once in the same transaction and put in its
     * authorisers' tray (a route-2 step up agreed in the organisation goes straight to the social
     * care team manager): work never waits on someone who does not know it waits for them. It
     * leaves the state this step enters and carries the fields it needs from this step.
     */
    thenRequests: slug
      .optional()
      .describe('a step from the state entered, requested at once for its authorisers'),
    /**
     * The panel whose decision this step records (Peterborough's MASG accepting a case). Work in
     * a state this step leaves is waiting for that panel: it can be listed on the panel's agenda,
     * heard, and the decision recorded from the meeting as this step.
     */
    panel: slug
      .optional()
      .describe('the panel (id under `panels`) whose decision this step records'),
    citation,
  })
  .strict();
export type Transition = z.infer<typeof transitionSchema>;

export const workflowSchema = z
  .object({
    id: slug,
    name: z.string().min(1),
    initial: slug,
    states: z
      .array(
        z
          .object({
            id: slug,
            name: z.string().min(1),
            final: z.boolean().default(false),
            /** The level of need a child in this state is receiving help at, if it implies one. */
            level: z.literal([1, 2, 3, 4]).optional(),
          })
          .strict(),
      )
      .min(1),
    /** Deadlines opened when the work starts (e.g. the referral decision for a new contact). */
    opensDeadlines: z.array(slug).default([]),
    /**
     * Roles who may start this work directly on a child's record (e.g. a social worker starting
     * s47 enquiries or a looked-after episode). Absent: it starts only from another step.
     */
    startedBy: z.array(z.enum(roles)).default([]),
    transitions: z.array(transitionSchema).default([]),
    citation,
  })
  .strict();
export type Workflow = z.infer<typeof workflowSchema>;
export type WorkflowInput = z.input<typeof workflowSchema>;

/**
 * A multi-agency panel or hub that allocates work (Stockport's Early Help Hub, weekly; Walsall's
 * locality panels, every 4 weeks; Peterborough's MASG). Meeting dates follow the cadence.
 */
export const panelSchema = z
  .object({
    id: slug,
    name: z.string().min(1),
    purpose: z.string().min(1),
    cadence: z
      .object({
        every: z.number().int().min(1).max(52),
        unit: z.enum(['weeks', 'months']),
        /** A first meeting date that fixes the weekday and phase of the cadence. */
        anchor: isoDate,
      })
      .strict(),
    /** Roles who may put a case on the agenda and record the panel's decisions. */
    coordinatedBy: z.array(z.enum(roles)).min(1),
    citation,
  })
  .strict();
export type Panel = z.infer<typeof panelSchema>;
