/** What the child record's sharing and timeline APIs answer, and the repositories return. */
import { z } from 'zod';

export const sharingView = z.object({
  id: z.string(),
  childId: z.string(),
  decision: z.enum(['shared', 'not-shared']),
  what: z.string(),
  withWhom: z.string(),
  purpose: z.string(),
  lawfulBasis: z.string().nullable(),
  specialCategoryNote: z.string().nullable(),
  withConsent: z.boolean(),
  reason: z.string().nullable(),
  decidedBy: z.object({ userId: z.string(), name: z.string().nullable() }),
  decidedAt: z.string(),
});
export type SharingView = z.infer<typeof sharingView>;

export const timelineItem = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.string(),
  summary: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  actorName: z.string().nullable(),
});
export type TimelineItem = z.infer<typeof timelineItem>;

export const timelinePage = z.object({
  items: z.array(timelineItem),
  nextBefore: z.string().nullable().describe('pass as `before` to read the next, older page'),
});
export type TimelinePage = z.infer<typeof timelinePage>;
