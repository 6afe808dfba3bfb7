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
  locality: string | null;
  /** The local authority the agency belongs to (its area). */
  authority: string | null;
  /** DfE URN for a school, ODS code for a health organisation, where one exists. */
  code: string | null;
}

export interface TeamTable {
  id: string;
  agency_id: string;
  name: string;
  created_at: string;
}

export interface RoleGrantTable {
  id: string;
  user_id: string;
  role: string;
  /** pending | approved | refused */
  status: string;
  requested_by: string | null;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

export interface SignInLinkTable {
  /** SHA-256 of the token. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  agency_id: string;
  password_hash: string;
  active: number;
  created_at: string;
  /** Lower-case; unique when present (a single sign-on email maps to one user). */
  email: string | null;
  team_id: string | null;
  /** 'in-app' (default) or 'email': whether notifications also go out by GOV.UK Notify. */
  notify_by: Generated<string>;
  /** The address Notify sends to; null until the user gives one. */
  notification_email: string | null;
  /** Bumped by each change of notify_by / notification_email (migration 0024). */
  notification_settings_version: Generated<number>;
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
  /** Single sign-on: the provider and ID token (for its end-session); null for passwords. */
  sso_provider_id: string | null;
  id_token: string | null;
}

/** A provider's (issuer, subject) linked to a Baton user (single sign-on). */
export interface UserIdentityTable {
  issuer: string;
  subject: string;
  user_id: string;
  provider_id: string;
  created_at: string;
}

/** A single sign-on started and not yet finished; keyed by SHA-256 of the state; single use. */
export interface SsoSignInTable {
  state_hash: string;
  provider_id: string;
  code_verifier: string;
  nonce: string;
  return_to: string;
  created_at: string;
  expires_at: string;
}

/** Another system's API token: SHA-256 only, tied to an agency, a service user and scopes. */
export interface ApiClientTable {
  id: string;
  name: string;
  agency_id: string;
  user_id: string;
  scopes: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface SignInAttemptTable {
  id: string;
  /** SHA-256 of the remote address and the normalised username. */
  key: string;
  attempted_at: string;
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
  /** An administrative change: `{ before, after }` as JSON. */
  changes_json?: string | null;
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
  /** JSON RuleCitation[]: the level (and state) the judgement was made under. */
  judgement_citations: Generated<string | null>;
  created_by: string;
  agency_id: string;
  created_at: string;
  version: number;
}

export interface Database {
  agencies: AgencyTable;
  users: UserTable;
  user_roles: UserRoleTable;
  teams: TeamTable;
  role_grants: RoleGrantTable;
  sign_in_links: SignInLinkTable;
  sessions: SessionTable;
  sign_in_attempts: SignInAttemptTable;
  user_identities: UserIdentityTable;
  sso_sign_ins: SsoSignInTable;
  api_clients: ApiClientTable;
  audit_events: AuditEventTable;
  threshold_checks: ThresholdCheckTable;
  people: PersonTable;
  person_keys: PersonKeyTable;
  relationships: RelationshipTable;
  involvements: InvolvementTable;
  break_glass: BreakGlassTable;
  person_merges: PersonMergeTable;
  child_timeline: ChildTimelineTable;
  consents: ConsentTable;
  sharing_decisions: SharingDecisionTable;
  contacts: ContactTable;
  contact_people: ContactPersonTable;
  work_items: WorkItemTable;
  work_item_children: WorkItemChildTable;
  transitions: TransitionTable;
  deadlines: DeadlineTable;
  notifications: NotificationTable;
  idempotency_keys: IdempotencyKeyTable;
  eh_assessments: EhAssessmentTable;
  eh_plans: EhPlanTable;
  eh_plan_actions: EhPlanActionTable;
  eh_meetings: EhMeetingTable;
  eh_distributions: EhDistributionTable;
  eh_reviews: EhReviewTable;
  eh_concerns: EhConcernTable;
  panel_agenda_items: PanelAgendaItemTable;
  outbox_messages: OutboxMessageTable;
  outbox_attempts: OutboxAttemptTable;
  webhook_subscriptions: WebhookSubscriptionTable;
  child_visits: ChildVisitTable;
  pre_proceedings: PreProceedingsTable;
  pre_proceedings_meetings: PreProceedingsMeetingTable;
}

/** A period of pre-proceedings under the Public Law Outline (migration 0026). */
export interface PreProceedingsTable {
  id: string;
  child_id: string;
  work_item_id: string;
  started_on: string;
  lbp_sent_on: string | null;
  fgdm_offered: number | null;
  fgdm_facilitated: number | null;
  step_decision_on: string | null;
  outcome: string | null;
  court_application_on: string | null;
  letter_initiating_on: string | null;
  version: Generated<number>;
  recorded_by: string;
  recorded_at: string;
  updated_by: string;
  updated_at: string;
}

/** A pre-proceedings meeting: the first, or a review (migration 0026). */
export interface PreProceedingsMeetingTable {
  id: string;
  pre_proceedings_id: string;
  kind: string;
  held_on: string;
  recorded_by: string;
  recorded_at: string;
}

/** A visit to a child: seen, seen alone (migration 0022). */
export interface ChildVisitTable {
  id: string;
  child_id: string;
  work_item_id: string | null;
  visited_on: string;
  seen: number;
  seen_alone: string | null;
  reason: string | null;
  seen_by_name: string;
  seen_by_user_id: string | null;
  recorded_by: string;
  recorded_at: string;
}

export interface OutboxMessageTable {
  id: string;
  channel: 'email' | 'webhook';
  event_type: string;
  event_id: string;
  recipient: string;
  payload: string;
  state: 'queued' | 'sent' | 'failed';
  attempts: number;
  created_at: string;
  next_attempt_at: string;
  claimed_by: string | null;
  claimed_until: string | null;
  sent_at: string | null;
  last_error: string | null;
}

export interface OutboxAttemptTable {
  id: string;
  message_id: string;
  attempt: number;
  worker: string;
  started_at: string;
  finished_at: string;
  outcome: 'sent' | 'error';
  status_code: number | null;
  error: string | null;
}

export interface WebhookSubscriptionTable {
  id: string;
  name: string;
  url: string;
  secret: string;
  event_types: string;
  active: number;
  created_at: string;
  /** The API client that registered it; null for the operator's own. */
  client_id: Generated<string | null>;
}

export interface PersonTable {
  id: string;
  kind: string;
  given_name: string;
  family_name: string;
  other_names: string | null;
  date_of_birth: string | null;
  expected_date: string | null;
  gender: string | null;
  nhs_number: string | null;
  upn: string | null;
  local_id: string | null;
  postcode: string | null;
  address: string | null;
  /** Migration 0028: a telephone number as typed, tidied; null when none is recorded. */
  phone: string | null;
  language: string | null;
  communication_needs: string;
  disabled: number;
  disability_details: string | null;
  merged_into: string | null;
  /** Census items (migration 0017): DfE codes; null is "not recorded". */
  sex: string | null;
  ethnicity: string | null;
  /** JSON array of DfE disability codes. */
  disabilities: string | null;
  former_upn: string | null;
  upn_unknown_reason: string | null;
  date_of_death: string | null;
  created_by: string;
  created_at: string;
  version: number;
}

export interface PersonKeyTable {
  person_id: string;
  key: string;
}

export interface RelationshipTable {
  id: string;
  child_id: string;
  person_id: string;
  relationship: string;
  parental_responsibility: number;
  lives_with_child: number;
  created_at: string;
}

export interface InvolvementTable {
  id: string;
  child_id: string;
  agency_id: string;
  user_id: string | null;
  role: string;
  from_date: string;
  to_date: string | null;
  created_at: string;
  /** The pending decision whose lifetime bounds this involvement (migration 0013), if any. */
  granted_for: string | null;
}

export interface BreakGlassTable {
  id: string;
  user_id: string;
  child_id: string;
  reason: string;
  granted_at: string;
  expires_at: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
}

export interface PersonMergeTable {
  id: string;
  kept_id: string;
  merged_id: string;
  moved_json: string;
  merged_by: string;
  merged_at: string;
  undone_by: string | null;
  undone_at: string | null;
}

export interface ChildTimelineTable {
  id: string;
  child_id: string;
  at: string;
  kind: string;
  summary: string;
  object_type: string | null;
  object_id: string | null;
  actor_user_id: string | null;
}

export interface ConsentTable {
  id: string;
  child_id: string;
  purpose: string;
  decision: string;
  given_by_person_id: string | null;
  /** The name typed when the person who answered is not on the record (migration 0025). */
  given_by_name: string | null;
  given_by_kind: string | null;
  method: string | null;
  document_ref: string | null;
  scope: string;
  recorded_on: string;
  expires_on: string | null;
  not_sought_reason: string | null;
  consulted: string | null;
  notes: string | null;
  recorded_by: string;
  created_at: string;
}

export interface SharingDecisionTable {
  id: string;
  child_id: string;
  decision: string;
  what: string;
  with_whom: string;
  purpose: string;
  lawful_basis: string;
  with_consent: number;
  reason_without_consent: string | null;
  decided_by: string;
  decided_at: string;
}

export interface ContactTable {
  id: string;
  referrer_user_id: string | null;
  referrer_name: string;
  referrer_agency_id: string | null;
  referrer_agency_name: string;
  referrer_phone: string | null;
  channel: string;
  concerns: string;
  threshold_check_id: string | null;
  referrer_level: number;
  urgency: string;
  consent_decision: string;
  consent_reason: string | null;
  consulted: string | null;
  family_spoken_to: number;
  received_at: string;
  idempotency_key: string | null;
  /** DfE referral source code (migration 0017), pre-selected from the referrer's agency kind. */
  referral_source: string | null;
  created_by: string;
}

export interface ContactPersonTable {
  contact_id: string;
  person_id: string;
  role: string;
}

export interface WorkItemTable {
  id: string;
  workflow_id: string;
  pack_id: string;
  pack_version: string;
  subject_type: string;
  subject_id: string;
  state: string;
  level: number | null;
  lead_professional_name: string | null;
  lead_professional_agency: string | null;
  lead_professional_user_id: string | null;
  owner_agency_id: string;
  events: string;
  data: string;
  opened_at: string;
  opened_by: string;
  closed_at: string | null;
  version: number;
  /** When the work began (follow-on work: when the step that started it happened); null: opened_at. */
  began_at: string | null;
}

export interface WorkItemChildTable {
  work_item_id: string;
  child_id: string;
}

export interface TransitionTable {
  id: string;
  work_item_id: string;
  transition_id: string;
  from_state: string;
  to_state: string;
  outcome: string | null;
  status: string;
  payload: string;
  pack_id: string;
  pack_version: string;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  /** When the step happened (date, or date-time); null on older rows: read requested_at. */
  occurred_at: string | null;
  /** JSON `RuleCitation[]`: the step's citation and each guard it passed; null on older rows. */
  citations: string | null;
}

export interface DeadlineTable {
  id: string;
  work_item_id: string;
  timescale_id: string;
  name: string;
  due: string;
  citation: string;
  owner_agency_id: string;
  owner_user_id: string | null;
  opened_at: string;
  met_at: string | null;
}

export interface NotificationTable {
  id: string;
  user_id: string | null;
  agency_id: string | null;
  role: string | null;
  kind: string;
  text: string;
  object_type: string | null;
  object_id: string | null;
  created_at: string;
  read_at: string | null;
}

export interface IdempotencyKeyTable {
  key: string;
  user_id: string;
  route: string;
  request_hash: string;
  status: number;
  response: string;
  created_at: string;
}

export interface EhAssessmentTable {
  id: string;
  work_item_id: string;
  status: string;
  source: string;
  source_note: string | null;
  family: string;
  child_voice: string;
  parent_views: string;
  strengths: string;
  needs: string;
  other_agencies: string;
  analysis: string;
  plan_level: number | null;
  completed_at: string | null;
  completed_by: string | null;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  version: number;
}

export interface EhPlanTable {
  id: string;
  work_item_id: string;
  outcomes: string;
  next_review_date: string | null;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  version: number;
}

export interface EhPlanActionTable {
  id: string;
  work_item_id: string;
  outcome: string | null;
  action: string;
  owner_name: string;
  owner_agency: string;
  /** The Baton user who owns the action, when one was picked (migration 0027). */
  owner_user_id: string | null;
  due_date: string;
  status: string;
  note: string | null;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  version: number;
}

export interface EhMeetingTable {
  id: string;
  work_item_id: string;
  kind: string;
  held_on: string;
  attendees: string;
  apologies: string;
  minutes: string;
  decisions: string;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  version: number;
}

export interface EhDistributionTable {
  id: string;
  work_item_id: string;
  document: string;
  meeting_id: string | null;
  recipient: string;
  recipient_kind: string;
  /** The Baton user the minutes went to, when one was picked (migration 0027). */
  recipient_user_id: string | null;
  method: string;
  sent_on: string;
  recorded_by: string;
  recorded_at: string;
}

export interface EhReviewTable {
  id: string;
  work_item_id: string;
  meeting_id: string | null;
  review_date: string;
  planned_date: string | null;
  brought_forward_reason: string | null;
  outcome: string;
  decision: string;
  summary: string;
  transition_id: string;
  transition_record_id: string;
  transition_status: string;
  created_by: string;
  created_at: string;
  version: number;
}

export interface EhConcernTable {
  id: string;
  work_item_id: string;
  concerns: string;
  raised_by_name: string;
  raised_by_agency: string;
  child_protection: number;
  front_door_phoned_at: string | null;
  responsible_name: string;
  responsible_user_id: string | null;
  transition_record_id: string | null;
  transition_status: string | null;
  created_by: string;
  created_at: string;
  /** The day the concerns arose (null on older rows: created_at). */
  occurred_on: string | null;
}

export interface PanelAgendaItemTable {
  id: string;
  pack_id: string;
  panel_id: string;
  meeting_date: string;
  subject_type: string;
  subject_id: string;
  child_id: string | null;
  reason: string;
  status: string;
  allocated_user_id: string | null;
  allocated_name: string | null;
  allocated_agency: string | null;
  allocation_note: string | null;
  allocated_by: string | null;
  allocated_at: string | null;
  added_by: string;
  added_at: string;
  version: number;
  /** The step the panel's decision took on the work it heard, and that step's record. */
  decision_transition_id: string | null;
  decision_record_id: string | null;
  decided_by: string | null;
  decided_at: string | null;
}
