/**
 * Identity providers for single sign-on (OpenID Connect), from BATON_OIDC_PROVIDERS (JSON) or
 * BATON_OIDC_PROVIDERS_FILE (a JSON file). Each is a provider Baton is registered with as a
 * confidential client; docs/sso-and-clients.md shows one for Entra ID.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const ssoProviderSchema = z
  .object({
    /** In Baton's addresses: /sign-in/sso/{id}. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'use lower-case letters, digits and -'),
    /** On the sign-in button: "Sign in with {name}". */
    name: z.string().min(1).max(100),
    /** The issuer; its /.well-known/openid-configuration is read on first use. */
    issuer: z.url(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    scope: z.string().default('openid email profile'),
    /**
     * Which verified claim finds the Baton user: `email` (matched with users.email, only when the
     * provider says `email_verified`, unless `trustEmail`), or `sub` (only identities already
     * linked to a user). Either way the (issuer, subject) is linked for next time.
     */
    claim: z.enum(['email', 'sub']).default('email'),
    /** Entra ID work accounts carry an email the tenant controls but no email_verified claim. */
    trustEmail: z.boolean().default(false),
    /** `refuse` (default): a clear page. `create-inactive`: an inactive account an administrator approves. */
    unknownUsers: z.enum(['refuse', 'create-inactive']).default('refuse'),
    /** The agency new inactive accounts belong to (needed with `create-inactive`). */
    agencyId: z.string().min(1).optional(),
  })
  .strict()
  .refine((p) => p.unknownUsers === 'refuse' || p.agencyId !== undefined, {
    message: 'give agencyId: the agency that accounts created inactive belong to',
    path: ['agencyId'],
  });

export type SsoProvider = z.infer<typeof ssoProviderSchema>;

const providersSchema = z
  .array(ssoProviderSchema)
  .refine((ps) => new Set(ps.map((p) => p.id)).size === ps.length, {
    message: 'each provider needs its own id',
  });

/** The providers configured, or [] when neither variable is set; throws naming what is wrong. */
export function readSsoProviders(
  json: string | undefined,
  file: string | undefined,
): SsoProvider[] {
  const text = json ?? (file === undefined ? undefined : readFileSync(file, 'utf8'));
  if (text === undefined || text.trim() === '') return [];
  const source = json === undefined ? 'BATON_OIDC_PROVIDERS_FILE' : 'BATON_OIDC_PROVIDERS';
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${source}: not valid JSON`);
  }
  const parsed = providersSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`${source}: ${problems}`);
  }
  return parsed.data;
}
