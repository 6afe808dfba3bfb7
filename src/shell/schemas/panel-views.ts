/**
 * What the panel API answers and the panel agenda returns: a multi-agency panel or hub, a meeting
 * with its agenda, and the allocation or decision recorded on an item.
 */
import { z } from 'zod';

const citation = z.object({
  source: z.string(),
  section: z.string(),
  quote: z.string().optional(),
});

/** What an agenda item is about: an episode, a contact, or another piece of work (a C&F assessment). */
export const agendaSubjectTypes = ['episode', 'contact', 'work-item'] as const;
export type AgendaSubjectType = (typeof agendaSubjectTypes)[number];

/** A panel or hub from the pack, with its next meetings and how full their agendas are. */
export const panelView = z.object({
  id: z.string(),
  packId: z.string(),
  authority: z.string(),
  name: z.string(),
  purpose: z.string(),
  cadence: z.object({
    every: z.number(),
    unit: z.enum(['weeks', 'months']),
    anchor: z.string(),
  }),
  coordinatedBy: z.array(z.string()),
  citation,
  nextMeetings: z.array(z.object({ date: z.string(), agendaCount: z.number() })),
});
export type PanelView = z.infer<typeof panelView>;

/** A case before a panel meeting: what it is about, who was allocated, what was decided. */
export const agendaItemView = z.object({
  id: z.string(),
  panelId: z.string(),
  meetingDate: z.string(),
  subjectType: z.enum(agendaSubjectTypes),
  subjectId: z.string(),
  childId: z.string().nullable(),
  childName: z.string().nullable(),
  reason: z.string(),
  status: z.enum(['listed', 'allocated', 'decided']),
  allocated: z
    .object({
      userId: z.string().nullable(),
      name: z.string(),
      agency: z.string(),
      note: z.string().nullable(),
      at: z.string(),
    })
    .nullable(),
  decision: z
    .object({
      transitionId: z.string(),
      recordId: z.string().describe("the step's record on the work (its transitions)"),
      by: z.string(),
      at: z.string(),
    })
    .nullable(),
  addedAt: z.string(),
  version: z.number(),
});
export type AgendaItemView = z.infer<typeof agendaItemView>;

export const panelDecisionView = z.object({
  agendaItem: agendaItemView,
  status: z.enum(['applied', 'awaiting-authorisation']),
  transitionRecordId: z.string(),
});
export type PanelDecisionView = z.infer<typeof panelDecisionView>;

/** One meeting of a panel: its agenda and the professionals it may allocate. */
export const panelMeetingView = z.object({
  panel: panelView,
  date: z.string(),
  items: z.array(agendaItemView),
  candidates: z.array(z.object({ userId: z.string(), name: z.string(), agency: z.string() })),
  canCoordinate: z.boolean(),
});
export type PanelMeetingView = z.infer<typeof panelMeetingView>;
