/**
 * Baton users given work or named on it, and those a disagreement is raised with: each is involved
 * where they need to see the children, and told at once.
 */
import type { Effect } from './step-effect-types.js';
import type { LeadProfessional } from './step-rules.js';

const dateOf = (at: string): string => at.slice(0, 10);

/**
 * A Baton user given work by name (a team manager allocating a social worker; a lead
 * professional chosen on a panel): they lead it, its open deadlines are theirs, they can see each
 * child, and they are told — all at once.
 */
export function allocationEffects(
  work: { id: string; childIds: readonly string[]; workflowName: string },
  person: LeadProfessional & { userId: string; agencyId: string },
  as: 'allocated-worker' | 'lead-professional',
  at: string,
): Effect[] {
  const title = as === 'allocated-worker' ? 'allocated worker' : 'lead professional';
  return [
    {
      kind: 'set-lead-professional',
      workItemId: work.id,
      lead: { name: person.name, agency: person.agency, userId: person.userId },
    },
    { kind: 'assign-deadlines', workItemId: work.id, ownerUserId: person.userId },
    {
      kind: 'involve',
      childIds: work.childIds,
      agencyId: person.agencyId,
      userId: person.userId,
      role: as,
      from: dateOf(at),
      grantedFor: null,
    },
    {
      kind: 'notify',
      to: { userId: person.userId },
      notification: 'allocation',
      text: `You are the ${title}: ${work.workflowName}`,
      workItemId: work.id,
    },
    {
      kind: 'timeline',
      childIds: work.childIds,
      entry: `work.${as}`,
      summary: `${person.name} (${person.agency}) is the ${title}: ${work.workflowName}`,
      objectType: 'work-item',
      objectId: work.id,
    },
  ];
}

/**
 * Baton users named on a plan or a meeting (issue 14 §1): an action's owner, a meeting's
 * attendee or a recipient of its minutes. Each can see every child of the work and is told, at
 * once; nobody is told twice, and whoever names them is not told of their own doing.
 */
export function namedOnPlanEffects(
  work: { id: string; childIds: readonly string[]; workflowName: string },
  people: readonly { userId: string; agencyId: string }[],
  named: { as: 'plan-action-owner' | 'meeting-attendee' | 'minutes-recipient'; text: string },
  by: string,
  at: string,
): Effect[] {
  const seen = new Set<string>([by]);
  return people.flatMap((p): Effect[] => {
    if (seen.has(p.userId)) return [];
    seen.add(p.userId);
    return [
      {
        kind: 'involve',
        childIds: work.childIds,
        agencyId: p.agencyId,
        userId: p.userId,
        role: named.as,
        from: dateOf(at),
        grantedFor: null,
      },
      {
        kind: 'notify',
        to: { userId: p.userId },
        notification: named.as,
        text: `${named.text}: ${work.workflowName}`,
        workItemId: work.id,
      },
    ];
  });
}

/** A disagreement raised with a Baton user (a manager whose decision is disputed) tells them. */
export function disagreementRaisedEffects(
  disagreementId: string,
  withUserIds: readonly string[],
  raisedBy: string,
): Effect[] {
  return [...new Set(withUserIds)].map((userId) => ({
    kind: 'notify' as const,
    to: { userId },
    notification: 'disagreement',
    text: `${raisedBy} has raised a professional disagreement with you`,
    workItemId: disagreementId,
  }));
}
