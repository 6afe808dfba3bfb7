/** Every migration, in order. Append new ones; never edit one that has landed. */
import { agenciesAndUsers } from './20261123-0001-agencies-and-users.js';
import { sessions } from './20261123-0002-sessions.js';
import { auditEvents } from './20261123-0003-audit-events.js';
import { thresholdChecks } from './20261123-0004-threshold-checks.js';
import { peopleAndInvolvements } from './20261123-0005-people-and-involvements.js';
import { consentAndSharing } from './20261123-0006-consent-and-sharing.js';
import { workAndDeadlines } from './20261123-0007-work-and-deadlines.js';
import { earlyHelp } from './20261123-0008-early-help.js';
import { indexesForWorkLists } from './20261123-0009-indexes-for-work-lists.js';
import { familyBirthKeys } from './20261123-0010-family-birth-keys.js';
import { indexesThePlannerReadsRight } from './20261123-0011-indexes-the-planner-reads-right.js';
import { signInAttempts } from './20261123-0012-sign-in-attempts.js';
import { involvementBounds } from './20261123-0013-involvement-bounds.js';
import { whenItHappened } from './20261123-0015-when-it-happened.js';
import { panelDecisions } from './20261123-0016-panel-decisions.js';
import { censusItems } from './20261123-0017-census-items.js';
import { administration } from './20261123-0018-administration.js';
import { ssoAndClients } from './20261123-0019-sso-and-clients.js';
import { outbox } from './20261123-0020-outbox.js';
import { socialCareRecording } from './20261123-0022-social-care-recording.js';
import { judgementCitationsAndWebhookClients } from './20261123-0024-judgement-citations-and-webhook-clients.js';
import { consentGivenByName } from './20261123-0025-consent-given-by-name.js';
import { preProceedings } from './20261123-0026-pre-proceedings.js';
import { pickedBatonUsers } from './20261123-0027-picked-baton-users.js';
import { personPhone } from './20261123-0028-person-phone.js';
import type { BatonMigration } from './migration.js';

export type { BatonMigration, Dialect } from './migration.js';

export const MIGRATIONS: readonly BatonMigration[] = [
  agenciesAndUsers,
  sessions,
  auditEvents,
  thresholdChecks,
  peopleAndInvolvements,
  consentAndSharing,
  workAndDeadlines,
  earlyHelp,
  indexesForWorkLists,
  familyBirthKeys,
  indexesThePlannerReadsRight,
  signInAttempts,
  involvementBounds,
  whenItHappened,
  panelDecisions,
  censusItems,
  administration,
  ssoAndClients,
  outbox,
  socialCareRecording,
  judgementCitationsAndWebhookClients,
  consentGivenByName,
  preProceedings,
  pickedBatonUsers,
  personPhone,
];
