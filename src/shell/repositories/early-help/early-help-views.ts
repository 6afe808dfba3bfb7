/**
 * What early help keeps, as the pages and the API see it. The views are declared once, as zod
 * schemas in `schemas/early-help-views.ts`; this module names them for the repositories.
 */
import { WORKFLOW_IDS } from '../../../core/policy/index.js';
import type { DistributionMethod } from '../../schemas/index.js';

export {
  actionStatuses,
  distributionMethods,
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
  type ReviewView,
} from '../../schemas/index.js';

export const EPISODE_WORKFLOW = WORKFLOW_IDS.earlyHelpEpisode;

/** Someone a plan or minutes were sent to (what the forms and API take, not a view). */
export interface Recipient {
  name: string;
  kind: 'family' | 'partner';
  method: DistributionMethod;
  /** The Baton user, when one was picked (issue 14 §1); absent for people outside Baton. */
  userId?: string | null | undefined;
}
