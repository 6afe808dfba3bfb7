/**
 * Storage for early help: the Early Help Assessment, the Team Around the Family plan and its
 * SMART actions, TAF meetings and who their minutes went to, reviews, new concerns, and panel
 * agendas. The episode itself is a work item moved by the journey engine (work-repository); this
 * module keeps what the family and the professionals write down along the way. Every write checks
 * access to the child, is audited and goes on the child's timeline in the same transaction.
 */
export {
  actionStatuses,
  distributionMethods,
  EPISODE_WORKFLOW,
  meetingKinds,
  type ActionStatus,
  type AssessmentFields,
  type AssessmentView,
  type Attendee,
  type ConcernView,
  type DeadlineView,
  type DistributionMethod,
  type DistributionView,
  type EpisodeSummary,
  type EpisodeView,
  type HistoryView,
  type MeetingKind,
  type MeetingView,
  type PlanActionView,
  type Recipient,
  type ReviewView,
} from './early-help-views.js';
export {
  childName,
  consentFactsFor,
  findPractitioner,
  insertConsentDecision,
  listLeadProfessionalCandidates,
  parentalResponsibility,
} from './episode-people-repository.js';
export {
  authoriseEpisodeWrite,
  changeLeadProfessional,
  listEpisodes,
  loadEpisode,
  notifyUser,
  openDeadlineDue,
  plannedReviewDate,
} from './episode-repository.js';
export { readEpisode } from './episode-view-repository.js';
export {
  findAssessment,
  markAssessmentComplete,
  saveAssessmentDraft,
} from './assessment-repository.js';
export { insertPlanAction, savePlan, updatePlanAction } from './plan-repository.js';
export {
  insertDistribution,
  insertMeeting,
  meetingOnEpisode,
  updateMeeting,
} from './meeting-repository.js';
export { insertReview } from './review-repository.js';
export { insertConcern } from './concern-repository.js';
export {
  agendaCounts,
  contactChildren,
  findAgendaItem,
  insertAgendaItem,
  involveAllocatedProfessional,
  listAgenda,
  recordAllocation,
  recordPanelDecision,
  type AgendaItemView,
  type AgendaSubjectType,
} from './panel-agenda-repository.js';
