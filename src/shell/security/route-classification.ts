/**
 * Every route, classified for the security suites. The access-matrix test fails on a route that
 * is missing here, so a new route cannot ship without someone deciding who may call it.
 *
 * - `public`: answers without signing in (sign-in, assets, the API description).
 * - `signed-in`: any signed-in user; lists are filtered in SQL by `readableChildren`.
 * - `role`: gated by role or by ownership of something other than one child's record (the audit
 *   trail, the authorisation tray, panels, merges); `note` says where that rule is tested.
 * - `child`: reads or writes one child's record; `subject` says which id in the URL leads to
 *   the child, and the matrix compares every answer with `decideChildAccess`.
 */
import type { ChildAction } from '../../core/access/index.js';

/** Which fixture id fills the URL's main parameter. */
export type ChildSubject = 'child' | 'episode' | 'contact' | 'work-item';

export type RouteClass =
  | { kind: 'public' }
  | { kind: 'signed-in' }
  | { kind: 'role'; note: string }
  | {
      kind: 'child';
      subject: ChildSubject;
      action: Exclude<ChildAction, 'merge'>;
      /** A further gate (by role or state) that may refuse, coded and audited, what the policy allows. */
      narrower?: string;
    };

const PUBLIC: RouteClass = { kind: 'public' };
const SIGNED_IN: RouteClass = { kind: 'signed-in' };
const role = (note: string): RouteClass => ({ kind: 'role', note });
const child = (
  subject: ChildSubject,
  action: Exclude<ChildAction, 'merge'>,
  narrower?: string,
): Extract<RouteClass, { kind: 'child' }> => ({
  kind: 'child',
  subject,
  action,
  ...(narrower === undefined ? {} : { narrower }),
});
const FRONT_DOOR = 'front-door staff only (MASH enquiries, consent at triage, decisions)';
const STEP_OPEN = 'the step must be open from where the work is (409 otherwise)';
const STARTED_BY = "the pack's startedBy roles; one open at a time (409 otherwise)";
const ADMINISTRATION = role(
  'decideAdministration: administrators only, checked against the policy in the access matrix; four eyes in admin.int.test.ts',
);
const SC_KIND = 'the work must be of the kind the page records (404 otherwise)';
const SC_RECORD =
  "the work's kind (404 otherwise) and the pack's askers for its steps (403 otherwise, audited)";
const SC_AUTHORISE =
  "the work's kind (404 otherwise) and the pack's authorisers of its steps (403 otherwise, audited)";
const DISAGREEMENT = 'the work must be a disagreement (404 otherwise)';
const PLO_START =
  "open social care work on the child (400 otherwise) and the pack's askers for its steps (403 otherwise, audited)";
const PLO_RECORD =
  "the record must be this child's (404 otherwise); written by the pack's askers for its work's steps (403 otherwise, audited)";
const ALLOCATE =
  'mayAllocateWorker: a team manager of the team holding open statutory work (403 otherwise; named-and-told.int.test.ts)';

export const ROUTE_CLASSES: Readonly<Record<string, RouteClass>> = {
  // Public: signing in, static assets, the API's description.
  'GET /api/docs': PUBLIC,
  'GET /api/docs/*': PUBLIC,
  'GET /api/openapi.json': PUBLIC,
  'GET /api/reference': PUBLIC,
  // Policy packs are published local guidance (with citations), not personal data.
  'GET /api/policy-packs': PUBLIC,
  'GET /api/policy-packs/:packId': PUBLIC,
  'POST /api/session': PUBLIC,
  'DELETE /api/session': PUBLIC,
  'GET /assets/*': PUBLIC,
  'GET /govuk/*': PUBLIC,
  'GET /static/*': PUBLIC,
  'GET /health': PUBLIC,
  'GET /health/live': PUBLIC,
  'GET /health/ready': PUBLIC,
  'GET /accessibility': PUBLIC,
  'GET /policy-packs': PUBLIC,
  'GET /policy-packs/:packId': PUBLIC,
  // The pack's glossary of abbreviations: published local words, not personal data.
  'GET /glossary': PUBLIC,
  'GET /sign-in': PUBLIC,
  'POST /sign-in': PUBLIC,
  'POST /sign-out': PUBLIC,
  // Single sign-on: off to the provider and back (sso.int.test.ts), and its signed-out page.
  'GET /sign-in/sso/:provider': PUBLIC,
  'GET /sign-in/sso/:provider/callback': PUBLIC,
  'GET /signed-out': PUBLIC,
  // A one-time link is its own credential (256 random bits, used once, hashed at rest).
  'POST /api/session/link': PUBLIC,
  'GET /sign-in/link/:token': PUBLIC,
  'POST /sign-in/link/:token': PUBLIC,

  // Administration: administrators only (decideAdministration), never a child's record.
  ...Object.fromEntries(
    [
      'GET /api/admin/agencies',
      'POST /api/admin/agencies',
      'POST /api/admin/agencies/:id/teams',
      'GET /api/admin/users',
      'POST /api/admin/users',
      'GET /api/admin/users/:id',
      'POST /api/admin/users/:id/roles',
      'DELETE /api/admin/users/:id/roles/:role',
      'POST /api/admin/users/:id/deactivate',
      'POST /api/admin/users/:id/reactivate',
      'POST /api/admin/users/:id/sign-in-links',
      'GET /api/admin/role-grants',
      'GET /api/admin/outbox',
      'GET /admin/outbox',
      'POST /api/admin/role-grants/:id/approve',
      'POST /api/admin/role-grants/:id/refuse',
      'GET /admin',
      'GET /admin/agencies/new',
      'POST /admin/agencies/check',
      'POST /admin/agencies',
      'POST /admin/agencies/:id/teams',
      'GET /admin/users/new',
      'POST /admin/users/check',
      'POST /admin/users',
      'GET /admin/users/:id',
      'POST /admin/users/:id/roles',
      'POST /admin/users/:id/roles/:role/remove',
      'POST /admin/users/:id/deactivate',
      'POST /admin/users/:id/reactivate',
      'POST /admin/users/:id/sign-in-link',
      'POST /admin/role-grants/:id/approve',
      'POST /admin/role-grants/:id/refuse',
    ].map((key) => [key, ADMINISTRATION]),
  ),

  // Any signed-in user; what they see is filtered to their children in SQL.
  'POST /api/threshold-checks': role('decideAccess threshold-check.create: api.int.test.ts'),
  'GET /api/threshold-checks/:id': role('decideAccess threshold-check.read: api.int.test.ts'),
  'PUT /api/threshold-checks/:id/judgement': role('only the maker: api.int.test.ts'),
  'GET /api/people/search': SIGNED_IN,
  'POST /api/people': SIGNED_IN,
  'GET /api/early-help-episodes': SIGNED_IN,
  'GET /api/my-work': SIGNED_IN,
  'POST /api/notifications/:id/read': role('only the addressee: early-help.int.test.ts'),
  'POST /api/contacts': SIGNED_IN,
  'GET /': SIGNED_IN,
  'GET /check': SIGNED_IN,
  'GET /check/:packId': SIGNED_IN,
  'POST /check/:packId': SIGNED_IN,
  'GET /checks': SIGNED_IN,
  'GET /checks/:id': role('decideAccess threshold-check.read'),
  'POST /checks/:id/judgement': role('only the maker'),
  'GET /people/find': SIGNED_IN,
  'GET /people/new': SIGNED_IN,
  'POST /people/new': SIGNED_IN,
  'GET /early-help': SIGNED_IN,
  'GET /my-work': SIGNED_IN,
  'POST /notifications/:id/read': role('only the addressee'),
  'GET /notifications': SIGNED_IN,
  'GET /contacts/new': SIGNED_IN,
  'POST /contacts/new': SIGNED_IN,
  'GET /contacts/new/referrer': SIGNED_IN,
  'POST /contacts/new/referrer': SIGNED_IN,
  'GET /contacts/new/family': SIGNED_IN,
  'POST /contacts/new/family': SIGNED_IN,
  'GET /contacts/new/check': SIGNED_IN,
  'POST /contacts/new/check': SIGNED_IN,
  'GET /contacts/new/concerns': SIGNED_IN,
  'POST /contacts/new/concerns': SIGNED_IN,
  // A blank form that shows nothing about the child; its POST is checked as a write.
  // Shows the consent to early help already in the child's ledger, and who gave it.
  'GET /children/:childId/early-help/new': child('child', 'read'),
  'GET /children/:id/work/new': SIGNED_IN,
  // The signed-in user's own settings: nobody else's (notification-settings.int.test.ts).
  'GET /api/me/notification-settings': SIGNED_IN,
  'PUT /api/me/notification-settings': SIGNED_IN,
  'GET /account/notifications': SIGNED_IN,
  'POST /account/notifications': SIGNED_IN,

  // Role-gated, not one child's record.
  'GET /api/audit-events': role('decideAccess audit.read: checked against the policy here'),
  'GET /api/audit-events.csv': role('decideAccess audit.read: checked against the policy here'),
  'GET /audit': role('decideAccess audit.read: checked against the policy here'),
  // Statutory returns: the performance and data team only (returns-page.int.test.ts).
  'GET /returns': role('decideAccess returns.read: data team only (returns-page.int.test.ts)'),
  'GET /returns/cin.xml': role(
    'decideAccess returns.read: data team only (returns-page.int.test.ts)',
  ),
  'GET /returns/annex-a.xlsx': role(
    'decideAccess returns.read: data team only (annex-a.int.test.ts)',
  ),
  'GET /returns/data-quality': role(
    'decideAccess returns.read: data team only; records open through the child policy (annex-a.int.test.ts)',
  ),
  // Webhook subscriptions: API clients with webhooks:receive, each its own (webhook-clients.int.test.ts).
  'POST /api/webhooks': role('API clients with webhooks:receive only; people are refused'),
  'GET /api/webhooks': role('API clients with webhooks:receive only; each sees its own'),
  'DELETE /api/webhooks/:id': role('API clients with webhooks:receive only; each its own'),
  'GET /api/returns/cin': role(
    'decideAccess returns.read: data team, or a client with returns:read (api-clients.int.test.ts)',
  ),
  'GET /api/triage': role('the front door only: contact.int.test.ts'),
  'GET /triage': role('the front door only'),
  'GET /api/tray': role('requests the actor may authorise'),
  'POST /api/tray/:id/decision': role('authorisedBy roles, then child write: work-items'),
  'GET /tray': role('requests the actor may authorise'),
  'POST /tray/:id': role('authorisedBy roles, then child write'),
  'GET /api/break-glass': role('team managers and auditors review emergency access'),
  'POST /api/break-glass/:id/review': role('team managers review emergency access'),
  'GET /break-glass': role('team managers and auditors review emergency access'),
  'POST /break-glass/:id/review': role('team managers review emergency access'),
  'POST /api/people/merges': role('decideChildAccess merge on both records: people.int.test.ts'),
  'POST /api/people/merges/:id/undo': role('decideChildAccess merge: people.int.test.ts'),
  'GET /people/merge': role('decideChildAccess merge'),
  'GET /people/merge/compare': role('decideChildAccess merge'),
  'POST /people/merge': role('decideChildAccess merge'),
  'GET /people/merges/:id': role('decideChildAccess merge'),
  'POST /people/merges/:id/undo': role('decideChildAccess merge'),
  'GET /api/panels': role('panel coordinators: early-help.int.test.ts'),
  'GET /api/panels/:panelId/meetings': role('panel coordinators'),
  'GET /api/panels/:panelId/meetings/:date': role('panel coordinators'),
  'POST /api/panels/:panelId/meetings/:date/agenda': role('coordinators, then child write'),
  'POST /api/panels/:panelId/meetings/:date/allocations': role('coordinators, then child write'),
  'POST /api/panels/:panelId/meetings/:date/decisions': role(
    'coordinators, then the work step: panel-decisions.int.test.ts',
  ),
  'GET /panels': role('panel coordinators'),
  'GET /panels/:panelId/:date': role('panel coordinators'),
  'POST /panels/:panelId/:date/agenda': role('coordinators, then child write'),
  'POST /panels/:panelId/:date/allocations': role('coordinators, then child write'),
  'GET /panels/:panelId/:date/decisions/:itemId/:transitionId': role(
    'coordinators; the work is read with child access',
  ),
  'POST /panels/:panelId/:date/decisions/:itemId/:transitionId': role(
    'coordinators, then the work step',
  ),

  // One child's record, through the child's id.
  'GET /api/children/:id': child('child', 'read'),
  'GET /api/children/:id/timeline': child('child', 'read'),
  'POST /api/children/:id/break-glass': child('child', 'break-glass'),
  'POST /api/children/:id/consents': child('child', 'write'),
  'GET /api/children/:id/consents': child('child', 'read'),
  'POST /api/children/:id/sharing-decisions': child('child', 'write'),
  'GET /api/children/:id/sharing-decisions': child('child', 'read'),
  'POST /api/children/:childId/early-help-episodes': child('child', 'write'),
  'GET /api/children/:childId/early-help-episodes': child('child', 'read'),
  'POST /api/children/:childId/disagreements': child('child', 'read'),
  'GET /api/children/:childId/disagreements': child('child', 'read'),
  'GET /api/people/:id': child('child', 'read'),
  'PATCH /api/people/:id': child('child', 'write'),
  'POST /api/people/:id/relationships': child('child', 'write'),
  'GET /children/:id': child('child', 'read'),
  'POST /children/:id/break-glass': child('child', 'break-glass'),
  'GET /children/:id/consents/new': child('child', 'read'),
  'GET /children/:id/family': child('child', 'read'),
  'GET /children/:id/census-details': child('child', 'read'),
  'POST /children/:id/census-details': child('child', 'write'),
  'POST /children/:id/consents': child('child', 'write'),
  'GET /children/:id/sharing/new': child('child', 'read'),
  'POST /children/:id/sharing': child('child', 'write'),
  'POST /children/:childId/early-help/new': child('child', 'write'),
  'GET /people/:id': child('child', 'read'),

  // Through an early help episode (a work item about the child).
  'GET /api/early-help-episodes/:id': child('episode', 'read'),
  'PUT /api/early-help-episodes/:id/assessment': child('episode', 'write'),
  'POST /api/early-help-episodes/:id/assessment/complete': child('episode', 'write'),
  'PUT /api/early-help-episodes/:id/plan': child('episode', 'write'),
  'POST /api/early-help-episodes/:id/plan/actions': child('episode', 'write'),
  'PATCH /api/early-help-episodes/:id/plan/actions/:actionId': child('episode', 'write'),
  'POST /api/early-help-episodes/:id/meetings': child('episode', 'write'),
  'PATCH /api/early-help-episodes/:id/meetings/:meetingId': child('episode', 'write'),
  'POST /api/early-help-episodes/:id/distributions': child('episode', 'write'),
  'POST /api/early-help-episodes/:id/reviews': child('episode', 'write'),
  'POST /api/early-help-episodes/:id/close': child('episode', 'write'),
  'POST /api/early-help-episodes/:id/step-up': child('episode', 'write'),
  'POST /api/early-help-episodes/:id/step-down': child('episode', 'write'),
  'POST /api/early-help-episodes/:id/new-concerns': child('episode', 'write'),
  'GET /early-help/:id': child('episode', 'read'),
  'GET /early-help/:id/assessment': child('episode', 'read'),
  'POST /early-help/:id/assessment': child('episode', 'write'),
  'GET /early-help/:id/plan': child('episode', 'read'),
  'POST /early-help/:id/plan': child('episode', 'write'),
  'POST /early-help/:id/plan/actions': child('episode', 'write'),
  'POST /early-help/:id/plan/actions/:actionId': child('episode', 'write'),
  'GET /early-help/:id/meetings/new': child('episode', 'read'),
  'POST /early-help/:id/meetings/new': child('episode', 'write'),
  'GET /early-help/:id/review': child('episode', 'read'),
  'POST /early-help/:id/review': child('episode', 'write'),
  'GET /early-help/:id/close': child('episode', 'read'),
  'POST /early-help/:id/close': child('episode', 'write'),
  'GET /early-help/:id/new-concerns': child('episode', 'read'),
  'POST /early-help/:id/new-concerns': child('episode', 'write'),

  // Through a contact to the front door.
  'GET /api/contacts/:workItemId': child('contact', 'read'),
  'POST /api/contacts/:workItemId/mash-requests': child('contact', 'write', FRONT_DOOR),
  'POST /api/contacts/:workItemId/mash-requests/:requestId/answer': child(
    'contact',
    'write',
    FRONT_DOOR,
  ),
  'POST /api/contacts/:workItemId/consents': child('contact', 'write', FRONT_DOOR),
  'POST /api/contacts/:workItemId/decision': child('contact', 'write', FRONT_DOOR),
  'GET /contacts/:workItemId': child('contact', 'read'),
  'GET /triage/:workItemId': child('contact', 'read'),
  'POST /triage/:workItemId/decision': child('contact', 'write', FRONT_DOOR),
  'POST /triage/:workItemId/mash-requests': child('contact', 'write', FRONT_DOOR),
  'POST /triage/:workItemId/mash-requests/:requestId/answer': child('contact', 'write', FRONT_DOOR),
  'POST /triage/:workItemId/consent': child('contact', 'write', FRONT_DOOR),

  // Any work item (the generic journey API), through the children it concerns.
  'GET /api/work-items/:id': child('work-item', 'read'),
  'GET /api/work-items/:id/transitions': child('work-item', 'read'),
  'POST /api/work-items/:id/transitions': child('work-item', 'write'),
  'POST /api/work-items/:id/allocation': child('work-item', 'write', ALLOCATE),
  'GET /api/work-items/:id/view': child('work-item', 'read'),
  // Social care recording (assessment, CIN plan, CP plan, s47 dates): the page or record of one
  // kind of work (404 for another kind); recorded by the pack's askers, authorised by its
  // authorisers (social-care-record.int.test.ts).
  'GET /api/work-items/:id/record': child('work-item', 'read', SC_KIND),
  'PUT /api/work-items/:id/assessment': child('work-item', 'write', SC_RECORD),
  'POST /api/work-items/:id/assessment/authorisation': child('work-item', 'write', SC_AUTHORISE),
  'PUT /api/work-items/:id/cin-plan': child('work-item', 'write', SC_RECORD),
  'POST /api/work-items/:id/cin-plan/actions': child('work-item', 'write', SC_RECORD),
  'PUT /api/work-items/:id/cp-plan/latest-category': child('work-item', 'write', SC_RECORD),
  'GET /work/:id/assessment': child('work-item', 'read', SC_KIND),
  'POST /work/:id/assessment': child('work-item', 'write', SC_RECORD),
  'POST /work/:id/assessment/authorise': child('work-item', 'write', SC_AUTHORISE),
  'GET /work/:id/cin-plan': child('work-item', 'read', SC_KIND),
  'POST /work/:id/cin-plan': child('work-item', 'write', SC_RECORD),
  'POST /work/:id/cin-plan/actions': child('work-item', 'write', SC_RECORD),
  'GET /work/:id/cp-plan': child('work-item', 'read', SC_KIND),
  'POST /work/:id/cp-plan': child('work-item', 'write', SC_RECORD),
  'GET /work/:id/s47': child('work-item', 'read', SC_KIND),
  // Visits to the child (seen, seen alone).
  'POST /api/children/:childId/visits': child('child', 'write'),
  'GET /api/children/:childId/visits': child('child', 'read'),
  'GET /children/:id/visits': child('child', 'read'),
  'POST /children/:id/visits': child('child', 'write'),
  // Pre-proceedings (PLO): begun on open social care work by its askers (403 otherwise, audited);
  // one record must be this child's (404 otherwise) (pre-proceedings.int.test.ts).
  'GET /api/children/:childId/pre-proceedings': child('child', 'read'),
  'POST /api/children/:childId/pre-proceedings': child('child', 'write', PLO_START),
  'GET /api/children/:childId/pre-proceedings/:id': child('child', 'read', PLO_RECORD),
  'PATCH /api/children/:childId/pre-proceedings/:id': child('child', 'write', PLO_RECORD),
  'POST /api/children/:childId/pre-proceedings/:id/meetings': child('child', 'write', PLO_RECORD),
  'GET /children/:id/pre-proceedings': child('child', 'read'),
  'POST /children/:id/pre-proceedings': child('child', 'write', PLO_START),
  'GET /children/:id/pre-proceedings/:recordId': child('child', 'read', PLO_RECORD),
  'POST /children/:id/pre-proceedings/:recordId': child('child', 'write', PLO_RECORD),
  'POST /children/:id/pre-proceedings/:recordId/meetings': child('child', 'write', PLO_RECORD),
  'GET /work/:id': child(
    'work-item',
    'read',
    "an early help episode's page is its episode page (303 to /early-help/:id)",
  ),
  'GET /work/:id/steps/:transitionId': child('work-item', 'read', STEP_OPEN),
  'POST /work/:id/steps/:transitionId': child('work-item', 'write', STEP_OPEN),
  'POST /work/:id/allocation': child('work-item', 'write', ALLOCATE),

  // Starting statutory work on a child (the pack's `startedBy` roles, one open at a time).
  'POST /api/children/:childId/work': child('child', 'write', STARTED_BY),
  'POST /children/:id/work': child('child', 'write', STARTED_BY),

  // Professional disagreements: a work item of the `disagreement` workflow about the child.
  'GET /children/:id/disagreements/new': child('child', 'read'),
  'POST /children/:id/disagreements': child('child', 'read'),
  'GET /disagreements/:id': child('work-item', 'read', DISAGREEMENT),
  'GET /disagreements/:id/steps/:transitionId': child('work-item', 'read', DISAGREEMENT),
  'POST /disagreements/:id/steps/:transitionId': child('work-item', 'write', DISAGREEMENT),
};
