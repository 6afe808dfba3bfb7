/** What the administration API answers: agencies, teams, users, roles waiting for approval. */
import { z } from 'zod';
import { roles } from '../../core/access/index.js';

export const roleSchema = z.enum(roles);

export const agencySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  locality: z.string().nullable(),
  authority: z.string().nullable(),
  code: z.string().nullable(),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type AgencyView = z.infer<typeof agencySchema>;

export const teamSchema = z.object({ id: z.string(), agencyId: z.string(), name: z.string() });

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  agencyId: z.string(),
  agencyName: z.string(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  roles: z.array(roleSchema),
  /** Roles asked for and waiting for a second administrator. */
  pendingRoles: z.array(
    z.object({ grantId: z.string(), role: roleSchema, requestedBy: z.string().nullable() }),
  ),
  active: z.boolean(),
});
export type UserView = z.infer<typeof userSchema>;

export const pendingGrantSchema = z.object({
  id: z.string(),
  userId: z.string(),
  userName: z.string(),
  username: z.string(),
  agencyName: z.string(),
  role: roleSchema,
  requestedBy: z.string().nullable(),
  requestedByName: z.string().nullable(),
  requestedAt: z.string(),
});
export type PendingGrantView = z.infer<typeof pendingGrantSchema>;
