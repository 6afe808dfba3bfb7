/**
 * What asking for a step that waits for authorisation does, and what deciding it does: access
 * granted to the authorisers' agency lives exactly as long as the request.
 */
import type { Effect, StepSetting, WorkSnapshot } from './step-effect-types.js';
import type { Transition } from './workflow-schema.js';

const dateOf = (at: string): string => at.slice(0, 10);

/**
 * Effects of a step that waits for authorisation: the authorisers are told and, when they work in
 * another agency (a step-down transfer goes to the early help manager), their agency may read the
 * children while — and only while — the request waits (`grantedFor` the decision).
 */
export function requestedStepEffects(
  t: Transition,
  work: WorkSnapshot,
  decisionId: string,
  setting: StepSetting,
): Effect[] {
  const authorising = t.authorisedIn
    ? (setting.agencyOfKind(t.authorisedIn) ?? work.ownerAgencyId)
    : work.ownerAgencyId;
  const effects: Effect[] = [];
  if (authorising !== work.ownerAgencyId)
    effects.push({
      kind: 'involve',
      childIds: work.childIds,
      agencyId: authorising,
      userId: null,
      role: 'transfer-request',
      from: dateOf(setting.at),
      grantedFor: decisionId,
    });
  effects.push(
    {
      kind: 'notify',
      to: { agencyId: authorising, roles: t.authorisedBy ?? [] },
      notification: 'authorisation-requested',
      text: `Authorisation requested: ${t.name}`,
      workItemId: work.id,
    },
    {
      kind: 'timeline',
      childIds: work.childIds,
      entry: 'transition.requested',
      summary: `Requested: ${t.name} (awaiting authorisation)`,
      objectType: 'transition',
      objectId: decisionId,
    },
  );
  return effects;
}

/** Effects of deciding a waiting request: the requester is told; access granted for it ends. */
export function decisionEffects(
  decision: 'authorise' | 'decline',
  t: Transition,
  work: WorkSnapshot,
  request: { id: string; requestedBy: string; note: string | null },
  on: string,
): Effect[] {
  return [
    { kind: 'end-involvements', grantedFor: request.id, on },
    {
      kind: 'notify',
      to: { userId: request.requestedBy },
      notification: decision === 'authorise' ? 'request-authorised' : 'request-declined',
      text:
        decision === 'authorise'
          ? `Authorised: ${t.name}`
          : `Declined: ${t.name}. ${request.note ?? ''}`,
      workItemId: work.id,
    },
  ];
}
