/**
 * Early help use-cases (issue 3): open an episode with the family's consent and a named lead
 * professional, the Early Help Assessment, the Team Around the Family plan, meetings, reviews,
 * new concerns, closure, and the panels that allocate lead professionals. Steps of the episode
 * go through the journey engine (work-repository): the pack's guards decide, not the page.
 */
export type { EarlyHelpDeps } from './early-help-support.js';
export type { ConsentInput } from './episode-consent.js';
export { openEpisode, type OpenEpisodeInput } from './open-episode-use-case.js';
export {
  heldEarlyHelpConsent,
  openEpisodeForm,
  type HeldConsent,
  type OpenEpisodeForm,
} from './open-episode-form.js';
export { completeAssessment, saveAssessment } from './assessment-use-cases.js';
export { addPlanAction, changePlanAction, updatePlan, type ActionInput } from './plan-use-cases.js';
export {
  changeMeeting,
  recordDistribution,
  recordMeeting,
  type DistributionInput,
  type MeetingInput,
} from './meeting-use-cases.js';
export {
  changeLevel,
  closeEpisode,
  closeReasonsOffered,
  closeReasons,
  recordReview,
  reviewDecisions,
  reviewOutcomes,
  transitionForDecision,
  type CloseReason,
  type ReviewDecision,
  type ReviewInput,
  type ReviewOutcome,
} from './review-use-cases.js';
export { raiseNewConcerns, type NewConcernsInput } from './new-concerns-use-cases.js';
export {
  addToAgenda,
  allocateLeadProfessional,
  listPanels,
  panelMeeting,
  panelMeetingPage,
  panelDecisionSteps,
  panelMeetings,
  recordDecision,
  type PanelView,
} from './panel-use-cases.js';
export type {
  AgendaItemView,
  AssessmentView,
  ConcernView,
  EpisodeView,
  PlanActionView,
} from '../../repositories/index.js';
