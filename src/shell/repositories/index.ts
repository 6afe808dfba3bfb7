export * from './request-context.js';
export * from './audit-repository.js';
export * from './auth-repository.js';
export * from './sign-in-attempts.js';
export * from './threshold-check-repository.js';
export * from './child-access.js';
export * from './work-repository.js';
export * from './step-request-repository.js';
export * from './step-decision-repository.js';
export * from './consent-repository.js';
export * from './sharing-repository.js';
export * from './record-repository.js';
export { namesOf } from './person-names.js';
export {
  readFamily,
  readHousehold,
  type FamilyAdult,
  type FamilyChild,
  type FamilyView,
  type HouseholdChild,
} from './household-repository.js';
export * from './child-timeline-repository.js';
export * from './break-glass-review-repository.js';
export * from './my-work-repository.js';
export * from './contact-repository.js';
export * from './people-search-repository.js';
export * from './person-access.js';
export type { PersonDetail, RelatedPerson } from './person-detail.js';
export * from './person-record-repository.js';
export * from './person-update-repository.js';
export * from './person-merge-repository.js';
export * from './person-merge-preview-repository.js';
export * from './early-help/index.js';
export * from './contact-view-repository.js';
export * from './triage-repository.js';
export * from './work-view-repository.js';
export * from './carry-history-repository.js';
export * from './disagreement-repository.js';
export * from './disagreement-list-repository.js';
export * from './sso-repository.js';
export * from './api-client-repository.js';
export * from './admin-repository.js';
export * from './admin-user-lookup-repository.js';
export * from './admin-users-repository.js';
export * from './admin-role-grants-repository.js';
export * from './sign-in-link-repository.js';
export * from './outbox-view-repository.js';
export * from './social-care-record-repository.js';
export * from './notification-settings-repository.js';
export * from './allocation-repository.js';
export { applyEffects } from './effect-applier.js';
export * from './pre-proceedings-repository.js';
