/**
 * Social care recording (issue 14 item 6; issue 16 §1): the assessment itself (start, factors
 * identified, findings, primary need, the manager's authorisation), the child in need plan (needs,
 * outcomes, actions, start, next review; its reviews are the CIN review steps already taken), the
 * child protection plan's latest category of abuse, and visits (seen, seen alone). Each is asked
 * once, on the work the practitioner is on; the census reads them (census-repository.ts). Every
 * use-case runs on the Session: access to each child checked and audited, one transaction.
 */
export { RECORDING_PAGES } from './record-access.js';
export { getSocialCareRecord, type PlanActionView, type SocialCareRecord } from './record-view.js';
export {
  authoriseAssessment,
  recordAssessment,
  type RecordAssessment,
} from './assessment-recording.js';
export {
  addCinPlanAction,
  recordLatestCategory,
  saveCinPlan,
  type SaveCinPlan,
} from './plan-recording.js';
export {
  getVisitsPage,
  listChildVisits,
  recordVisit,
  type RecordVisit,
} from './visit-use-cases.js';
