/** Schemas of the administration API (issue 15 §1): agencies, teams, users, roles. */
import { z } from 'zod';
import { agencyKinds, roles } from '../../core/access/index.js';
import { roleSchema, userSchema } from '../schemas/admin-views.js';

export {
  agencySchema,
  pendingGrantSchema,
  roleSchema,
  teamSchema,
  userSchema,
} from '../schemas/admin-views.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const agencyBody = z.object({
  name: text(200).describe('The agency’s name as staff know it'),
  kind: z.enum(agencyKinds),
  locality: optionalText(200).describe('The locality or district it serves, if any'),
  authority: optionalText(200).describe('The local authority (area) it belongs to'),
  code: optionalText(40).describe('The DfE URN of a school or the ODS code of a health body'),
});

export const teamBody = z.object({ name: text(200) });

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

export const roleBody = z.object({ role: roleSchema });

export const grantResponse = z.object({
  status: z.enum(['granted', 'pending', 'unchanged']),
  user: userSchema,
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
