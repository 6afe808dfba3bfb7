/** What the work item, step, history and tray APIs answer, and the work repositories return. */
import { z } from 'zod';

const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

/** A child named on work, by name: enough to link to their record. */
export const childLink = z.object({ id: z.string(), name: z.string() });
export type ChildLink = z.infer<typeof childLink>;

/** Work that led to this work, or followed it: enough to link to it. */
export const workLinkSchema = z.object({
  workItemId: z.string(),
  workflowId: z.string(),
  workflowName: z.string(),
  stateName: z.string(),
});
export type WorkLink = z.infer<typeof workLinkSchema>;

export const workItemSchema = z.object({
  id: z.string(),
  workflowId: z.string(),
  workflowName: z.string(),
  packId: z.string(),
  packVersion: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  childIds: z.array(z.string()),
  state: z.string(),
  stateName: z.string(),
  final: z.boolean(),
  level: level.nullable(),
  leadProfessional: z
    .object({ name: z.string(), agency: z.string(), userId: z.string().nullable() })
    .nullable(),
  ownerAgencyId: z.string(),
  events: z.array(z.object({ id: z.string(), on: z.string() })),
  data: z.record(z.string(), z.unknown()),
  openedAt: z.string(),
  openedBy: z.string(),
  closedAt: z.string().nullable(),
  version: z.number(),
  beganAt: z
    .string()
    .describe('when the work began: for follow-on work, when the step that started it happened'),
});
export type WorkItem = z.infer<typeof workItemSchema>;

/** The rules a decision was made under (issue 12 §4). */
export const ruleCitationSchema = z.object({
  rule: z.string().describe('`step` for the step itself, otherwise the guard it passed'),
  text: z.string(),
  citation: z.object({
    source: z.string(),
    section: z.string(),
    quote: z.string().optional(),
  }),
});

export const transitionOutcomeSchema = z.object({
  status: z.enum(['applied', 'awaiting-authorisation']),
  transitionRecordId: z.string(),
  workItem: workItemSchema,
  occurredAt: z.string().describe('when the step happened; its deadlines count from here'),
  citations: z.array(ruleCitationSchema),
});
export type TransitionOutcome = z.infer<typeof transitionOutcomeSchema>;

/** One step asked for or taken on a piece of work: who asked, who decided, under which pack. */
export const transitionRecordSchema = z.object({
  id: z.string(),
  transitionId: z.string(),
  transitionName: z.string(),
  fromState: z.string(),
  toState: z.string(),
  outcome: z.string().nullable(),
  status: z.enum(['applied', 'awaiting-authorisation', 'declined']),
  payload: z.record(z.string(), z.unknown()),
  packId: z.string(),
  packVersion: z.string(),
  requestedBy: z.object({ userId: z.string(), name: z.string().nullable() }),
  requestedAt: z.string(),
  decidedBy: z.object({ userId: z.string(), name: z.string().nullable() }).nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  occurredAt: z
    .string()
    .describe('when the step happened (requestedAt: recorded; decidedAt: authorised)'),
  citations: z.array(ruleCitationSchema),
});
export type TransitionRecord = z.infer<typeof transitionRecordSchema>;

export const transitionHistorySchema = z.object({ transitions: z.array(transitionRecordSchema) });

/** A request waiting in the authorisation tray. */
export const trayItemSchema = z.object({
  transitionRecordId: z.string(),
  workItemId: z.string(),
  workItemVersion: z.number(),
  workflowName: z.string(),
  transitionId: z.string(),
  transitionName: z.string(),
  fromStateName: z.string(),
  toStateName: z.string(),
  outcome: z.string().nullable(),
  requestedBy: z.object({ userId: z.string(), name: z.string() }),
  requestedAt: z.string(),
  occurredAt: z.string().describe('when the step happened (requestedAt: when it was recorded)'),
  payload: z.record(z.string(), z.unknown()),
  labels: z
    .record(z.string(), z.string())
    .describe("the pack's label for each required field in payload"),
  /** What authorising would do, in the pack's words. */
  effects: z.object({
    opens: z.array(z.string()),
    closes: z.array(z.string()),
    notify: z.array(z.string()),
  }),
  packId: z.string(),
  packVersion: z.string(),
  children: z.array(childLink),
});
export type TrayItem = z.infer<typeof trayItemSchema>;

export const traySchema = z.object({ items: z.array(trayItemSchema) });
