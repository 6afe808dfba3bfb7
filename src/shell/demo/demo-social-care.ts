/**
 * Demo families in social care (issue 4), seeded through the API at backdated moments like the
 * other demo families: a child protection plan whose first core group is due, and a child in need
 * plan stepping down to early help with its transfer request waiting in the early help manager's
 * tray (where the deployment's pack has Stockport's transfer request). Every name is invented.
 */
import type { ResolvedPack } from '../../core/policy/index.js';

type Caller = <T>(method: 'POST' | 'PUT' | 'GET', url: string, body?: object) => Promise<T>;
export type SessionAt = (daysAgo: number) => Promise<{ as(username: string): Promise<Caller> }>;

interface View {
  followedBy: { workItemId: string } | null;
}

async function childWithMother(
  caller: Caller,
  family: string,
  givenName: string,
  dateOfBirth: string,
): Promise<{ childId: string; motherId: string }> {
  const child = await caller<{ id: string }>('POST', '/api/people', {
    kind: 'child',
    givenName,
    familyName: family,
    dateOfBirth,
    postcode: 'SK3 8QT',
  });
  const withParent = await caller<{ relationships: { personId: string; relationship: string }[] }>(
    'POST',
    `/api/people/${child.id}/relationships`,
    {
      person: { kind: 'adult', givenName: 'Morgan', familyName: family, postcode: 'SK3 8QT' },
      relationship: 'mother',
      parentalResponsibility: true,
      livesWithChild: true,
    },
  );
  const motherId =
    withParent.relationships.find((r) => r.relationship === 'mother')?.personId ?? '';
  return { childId: child.id, motherId };
}

const step = (caller: Caller, id: string, transitionId: string, payload: object) =>
  caller('POST', `/api/work-items/${id}/transitions`, { transitionId, payload });

const next = async (caller: Caller, id: string): Promise<string> => {
  const v = await caller<View>('GET', `/api/work-items/${id}/view`);
  if (!v.followedBy) throw new Error(`demo: no work followed ${id}`);
  return v.followedBy.workItemId;
};

/** Seed the social care demo families; returns how many it created. */
export async function seedSocialCareFamilies(
  pack: ResolvedPack,
  sessionAt: SessionAt,
  birthDate: (years: number) => string,
): Promise<number> {
  const s47 = pack.workflows.get('s47');
  if (!s47?.startedBy.includes('social-worker') || !pack.workflows.has('cp-plan')) return 0;
  let created = 0;

  // 6. Oakhurst: s47 enquiries 16 days ago, a child protection plan made at the ICPC 10 days ago;
  // the first core group (10 working days) is due now.
  const manager16 = await (await sessionAt(16)).as('team-manager');
  const oak = await childWithMother(manager16, 'Oakhurst (demo)', 'Milo', birthDate(4));
  const enquiry = await manager16<{ id: string }>('POST', `/api/children/${oak.childId}/work`, {
    workflowId: 's47',
    rationale: 'A nursery worker saw fingertip bruising on Milo’s upper arm.',
  });
  await step(manager16, enquiry.id, 'hold-strategy-discussion', {
    attendees: 'Police, health visitor, nursery (referrer), children’s social care',
    decision: 'Section 47 enquiries and a child protection medical.',
  });
  const manager10 = await (await sessionAt(10)).as('team-manager');
  await step(manager10, enquiry.id, 'complete-enquiry-icpc', {
    rationale: 'The medical found the bruising consistent with being gripped.',
  });
  await step(manager10, enquiry.id, 'icpc-cp-plan', {
    chairIro: 'Independent chair (demo)',
    category: 'physical',
  });
  created += 1;

  // 7. Fairley: a child in need plan after an assessment; the step-down TAC meeting held and the
  // transfer request to early help waiting in the early help manager's tray (Stockport's rule).
  const cin = pack.workflows.get('cin-plan');
  if (cin?.transitions.some((t) => t.id === 'request-step-down-transfer')) {
    const manager40 = await (await sessionAt(40)).as('team-manager');
    const fair = await childWithMother(manager40, 'Fairley (demo)', 'Noor', birthDate(9));
    const assessment = await manager40<{ id: string }>(
      'POST',
      `/api/children/${fair.childId}/work`,
      {
        workflowId: 'cf-assessment',
        rationale: 'Noor’s school reports neglect of her health needs.',
      },
    );
    await step(manager40, assessment.id, 'cin-plan', {
      rationale: 'Needs can be met with a child in need plan under s17.',
    });
    const plan = await next(manager40, assessment.id);
    const worker2 = await (await sessionAt(2)).as('social-worker');
    await step(worker2, plan, 'cin-review', { decision: 'Good progress; consider a step down.' });
    await step(worker2, plan, 'step-down-tac-meeting', {
      minutes: 'Parents agree to a TAF plan led by the Early Help Hub; consent given verbally.',
    });
    await worker2('POST', `/api/children/${fair.childId}/consents`, {
      purpose: 'step-down-transfer',
      decision: 'given',
      givenByKind: 'parent-with-pr',
      givenByPersonId: fair.motherId,
      method: 'verbal',
      recordedOn: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10),
    });
    await step(worker2, plan, 'request-step-down-transfer', {
      leadProfessionalName: 'Lee Leadprof (demo)',
      leadProfessionalAgency: 'Millbrook Early Help Hub (demo)',
      stepDownPlan: 'Six-weekly TAF meetings; school nurse reviews Noor’s health appointments.',
      ifConcernsRise: 'The lead professional calls the front door the same day.',
      stepDownMeetingMinutes:
        'Step-down TAC meeting: parents, school, school nurse, social worker.',
      closureSummary: 'Health needs now met; parents engaging well.',
    });
    created += 1;
  }
  return created;
}
