/**
 * Table types for Kysely. Both databases store timestamps as ISO-8601 UTC text and booleans as
 * integers 0/1, so one query layer serves SQLite and PostgreSQL without dialect branches.
 */
import type { Generated } from 'kysely';

export interface AgencyTable {
  id: string;
  name: string;
  kind: string;
  created_at: string;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  agency_id: string;
  password_hash: string;
  active: number;
  created_at: string;
}

export interface UserRoleTable {
  user_id: string;
  role: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a leaked table cannot be replayed as cookies. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface AuditEventTable {
  /** bigserial: PostgreSQL returns it as a string. */
  seq: Generated<number | string>;
  id: string;
  at: string;
  request_id: string;
  actor_user_id: string | null;
  actor_agency_id: string | null;
  actor_roles: string;
  action: string;
  object_type: string | null;
  object_id: string | null;
  outcome: string;
  reason: string | null;
  remote_address: string | null;
}

export interface ThresholdCheckTable {
  id: string;
  pack_id: string;
  pack_version: string;
  base_pack_id: string | null;
  base_pack_version: string | null;
  input_json: string;
  result_json: string;
  suggested_level: number;
  state_id: string | null;
  immediate_danger: number;
  practitioner_level: number | null;
  practitioner_reason: string | null;
  judged_at: string | null;
  created_by: string;
  agency_id: string;
  created_at: string;
  version: number;
}

export interface Database {
  agencies: AgencyTable;
  users: UserTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  audit_events: AuditEventTable;
  threshold_checks: ThresholdCheckTable;
}
