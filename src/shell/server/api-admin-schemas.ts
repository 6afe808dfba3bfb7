/** Schemas of the administration API (issue 15 §1): agencies, teams, users, roles. */
import { z } from 'zod';
import { agencyKinds, roles } from '../../core/access/index.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const roleSchema = z.enum(roles);

export const agencyBody = z.object({
  name: text(200).describe('The agency’s name as staff know it'),
  kind: z.enum(agencyKinds),
  locality: optionalText(200).describe('The locality or district it serves, if any'),
  authority: optionalText(200).describe('The local authority (area) it belongs to'),
  code: optionalText(40).describe('The DfE URN of a school or the ODS code of a health body'),
});

export const teamBody = z.object({ name: text(200) });

export const agencySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  locality: z.string().nullable(),
  authority: z.string().nullable(),
  code: z.string().nullable(),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const teamSchema = z.object({ id: z.string(), agencyId: z.string(), name: z.string() });

export const userBody = z.object({
  username: text(100),
  displayName: text(200),
  email: z.email().max(254).describe('Unique: single sign-on finds the user by it'),
  agencyId: text(100),
  teamId: z.string().max(100).nullable().optional(),
  roles: z
    .array(roleSchema)
    .max(roles.length)
    .default([])
    .describe('Roles that open children’s records wait for a second administrator'),
});

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
  pendingRoles: z.array(
    z.object({ grantId: z.string(), role: roleSchema, requestedBy: z.string().nullable() }),
  ),
  active: z.boolean(),
});

export const roleBody = z.object({ role: roleSchema });

export const grantResponse = z.object({
  status: z.enum(['granted', 'pending', 'unchanged']),
  user: userSchema,
});

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

export const signInLinkResponse = z.object({
  token: z.string(),
  path: z.string().describe('Where the user goes to choose a password: /sign-in/link/{token}'),
  expiresAt: z.string(),
});

export const linkSignInBody = z.object({
  token: z.string().min(1).max(200),
  password: z.string().max(1000),
});
