/** Configuration from environment variables (documented in the README). */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { BatonError } from '../../core/errors/error-catalogue.js';
import { DEFAULT_SQLITE_PATH } from '../db/index.js';
import { DEFAULT_POLICY_DIR } from '../policy/pack-files.js';
import { readSsoProviders, type SsoProvider } from '../sso/sso-config.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().optional(),
  BATON_SQLITE_PATH: z.string().default(DEFAULT_SQLITE_PATH),
  BATON_POLICY_DIR: z.string().default(DEFAULT_POLICY_DIR),
  BATON_DEMO_DATA: bool.default(true),
  BATON_DEMO_PASSWORD: z.string().min(8).default('baton-demo-2026'),
  BATON_COOKIE_SECRET: z.string().min(32).optional(),
  BATON_COOKIE_SECURE: bool.default(false),
  BATON_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  BATON_SIGN_IN_LIMIT: z.coerce.number().int().min(1).default(10),
  BATON_PACK: z.string().default('stockport'),
  BATON_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  BATON_SESSION_MAX_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(24 * 7)
    .default(12),
  BATON_PUBLIC_URL: z
    .url()
    .regex(
      /^https?:\/\/[^/?#]+$/,
      'give scheme, host and port only, e.g. https://baton.example.gov.uk',
    )
    .optional(),
  BATON_OIDC_PROVIDERS: z.string().optional(),
  BATON_OIDC_PROVIDERS_FILE: z.string().optional(),
  BATON_PASSWORD_SIGN_IN: bool.default(true),
  BATON_OUTBOX_WORKER: bool.default(true),
  BATON_OUTBOX_LEASE_SECONDS: z.coerce.number().min(1).default(30),
  BATON_OUTBOX_IDLE_MS: z.coerce.number().int().min(10).default(500),
  BATON_NOTIFY_BASE_URL: z.url().default('https://api.notifications.service.gov.uk'),
  BATON_NOTIFY_API_KEY: z.string().min(74).optional(),
  BATON_NOTIFY_TEMPLATE_ID: z.string().min(1).optional(),
  NODE_ENV: z.string().optional(),
  BATON_ENV: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  sqlitePath: string;
  policyDir: string;
  demoData: boolean;
  demoPassword: string;
  cookieSecret: string;
  cookieSecure: boolean;
  logLevel: string;
  /** Sign-in attempts allowed per address and username in 15 minutes. */
  signInLimit: number;
  /** The pack whose workflows this deployment runs (the authority's own guidance). */
  packId: string;
  /** NODE_ENV or BATON_ENV is `production`: unsafe settings stop start-up. */
  production: boolean;
  /** A session ends after this long without a request, and this long after sign-in whatever. */
  sessionLifetimes: { idleMinutes: number; maxHours: number };
  /** Where people reach Baton (scheme, host, port): single sign-on's redirect address starts with it. */
  publicUrl: string | undefined;
  /** Identity providers for single sign-on (OpenID Connect); none by default. */
  ssoProviders: readonly SsoProvider[];
  /** Whether the sign-in page and POST /api/session take usernames and passwords. */
  passwordSignIn: boolean;
  /** The outbox worker this process runs (docs/outbox.md); absent: none. */
  outbox?: OutboxConfig;
}

export interface OutboxConfig {
  /** Whether this process runs an outbox worker (BATON_OUTBOX_WORKER, default true). */
  worker: boolean;
  leaseMs: number;
  idleMs: number;
  /** GOV.UK Notify; null when no key and template are configured (emails then wait, retried). */
  notify: { baseUrl: string; apiKey: string; templateId: string; publicUrl: string } | null;
}

/**
 * What in this configuration is unsafe for real records: the demo accounts share a published
 * password, and a session cookie sent over plain HTTP can be read on the way.
 */
function productionProblems(config: Pick<Config, 'demoData' | 'cookieSecure'>) {
  const problems: { path: string; message: string }[] = [];
  if (config.demoData)
    problems.push({
      path: 'BATON_DEMO_DATA',
      message: 'set it to false: the demo accounts share a published password',
    });
  if (!config.cookieSecure)
    problems.push({
      path: 'BATON_COOKIE_SECURE',
      message: 'set it to true and serve Baton over HTTPS, so cookies are never sent in clear',
    });
  return problems;
}

/** Refuse (BATON_UNSAFE_CONFIGURATION, naming each setting) to serve production unsafely. */
export function assertSafeForProduction(
  config: Pick<Config, 'production' | 'demoData' | 'cookieSecure'>,
): void {
  const problems = config.production ? productionProblems(config) : [];
  if (problems.length > 0)
    throw new BatonError('BATON_UNSAFE_CONFIGURATION', { details: problems });
}

/** Read the configuration; throws with every bad variable named. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Configuration is not valid: ${problems}`);
  }
  const e = parsed.data;
  const ssoProviders = readSsoProviders(e.BATON_OIDC_PROVIDERS, e.BATON_OIDC_PROVIDERS_FILE);
  if (ssoProviders.length > 0 && e.BATON_PUBLIC_URL === undefined)
    throw new Error(
      'Configuration is not valid: BATON_PUBLIC_URL: set it (e.g. https://baton.example.gov.uk) so identity providers can send people back to Baton',
    );
  if (!e.BATON_PASSWORD_SIGN_IN && ssoProviders.length === 0)
    throw new Error(
      'Configuration is not valid: BATON_PASSWORD_SIGN_IN: with passwords off, configure an identity provider (BATON_OIDC_PROVIDERS or BATON_OIDC_PROVIDERS_FILE) or nobody can sign in',
    );
  const production = e.NODE_ENV === 'production' || e.BATON_ENV === 'production';
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    sqlitePath: e.BATON_SQLITE_PATH,
    policyDir: e.BATON_POLICY_DIR,
    demoData: e.BATON_DEMO_DATA,
    demoPassword: e.BATON_DEMO_PASSWORD,
    // A per-process secret only signs the CSRF cookie: a restart asks open forms to reload.
    cookieSecret: e.BATON_COOKIE_SECRET ?? randomBytes(32).toString('hex'),
    cookieSecure: e.BATON_COOKIE_SECURE,
    logLevel: e.BATON_LOG_LEVEL,
    signInLimit: e.BATON_SIGN_IN_LIMIT,
    packId: e.BATON_PACK,
    production,
    sessionLifetimes: {
      idleMinutes: e.BATON_SESSION_IDLE_MINUTES,
      maxHours: e.BATON_SESSION_MAX_HOURS,
    },
    publicUrl: e.BATON_PUBLIC_URL,
    ssoProviders,
    passwordSignIn: e.BATON_PASSWORD_SIGN_IN,
    outbox: {
      worker: e.BATON_OUTBOX_WORKER,
      leaseMs: e.BATON_OUTBOX_LEASE_SECONDS * 1000,
      idleMs: e.BATON_OUTBOX_IDLE_MS,
      notify:
        e.BATON_NOTIFY_API_KEY !== undefined && e.BATON_NOTIFY_TEMPLATE_ID !== undefined
          ? {
              baseUrl: e.BATON_NOTIFY_BASE_URL,
              apiKey: e.BATON_NOTIFY_API_KEY,
              templateId: e.BATON_NOTIFY_TEMPLATE_ID,
              publicUrl: e.BATON_PUBLIC_URL ?? `http://localhost:${String(e.PORT)}`,
            }
          : null,
    },
  };
  return config;
}
