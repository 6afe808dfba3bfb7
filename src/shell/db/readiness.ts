/**
 * Whether the database can serve (issue 15 §6, `/health/ready`): it answers, and every migration
 * this Baton knows has been applied (none missing, none unknown from a newer Baton).
 */
import { sql } from 'kysely';
import type { DatabaseHandle } from './database.js';
import { MIGRATIONS } from './migrations/index.js';

export type CheckResult = { ok: true } | { ok: false; reason: string };

/** Ask the database a trivial question. */
export async function databaseAnswers(handle: DatabaseHandle): Promise<CheckResult> {
  try {
    await sql`select 1`.execute(handle.db);
    return { ok: true };
  } catch {
    // The reason names no host or credentials: the endpoint is public.
    return { ok: false, reason: 'the database does not answer' };
  }
}

/** Compare the applied migrations with this Baton's. */
export async function migrationsCurrent(handle: DatabaseHandle): Promise<CheckResult> {
  try {
    const rows = await sql<{ name: string }>`select name from baton_migrations`.execute(handle.db);
    const applied = new Set(rows.rows.map((r) => r.name));
    const missing = MIGRATIONS.filter((m) => !applied.has(m.name)).length;
    const known = new Set(MIGRATIONS.map((m) => m.name));
    const unknown = [...applied].filter((n) => !known.has(n)).length;
    if (missing > 0) return { ok: false, reason: `${String(missing)} migrations not applied` };
    if (unknown > 0)
      return { ok: false, reason: `${String(unknown)} migrations from a newer Baton applied` };
    return { ok: true };
  } catch {
    return { ok: false, reason: 'the migrations cannot be read' };
  }
}
