/** An audit event as the audit API and pages show it. */
import { z } from 'zod';

export const auditEventSchema = z.object({
  seq: z.number(),
  id: z.string(),
  at: z.string(),
  requestId: z.string(),
  actorUserId: z.string().nullable(),
  actorAgencyId: z.string().nullable(),
  actorRoles: z.array(z.string()),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  outcome: z.string(),
  reason: z.string().nullable(),
  changes: z
    .object({ before: z.unknown(), after: z.unknown(), via: z.string().optional() })
    .nullable()
    .describe('For an administrative change: the object before and after it'),
});
export type AuditEventView = z.infer<typeof auditEventSchema>;
