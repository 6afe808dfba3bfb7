/** Configuration from environment variables (documented in the README). */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_SQLITE_PATH } from '../db/index.js';
import { DEFAULT_POLICY_DIR } from '../policy/pack-files.js';

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
}

/** Read the configuration; throws with every bad variable named. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Configuration is not valid: ${problems}`);
  }
  const e = parsed.data;
  return {
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
  };
}
