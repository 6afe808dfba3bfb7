/**
 * Demo families in social care (issue 4), seeded through the API at backdated moments like the
 * other demo families: a child protection plan whose first core group is due, and a child in need
 * plan stepping down to early help with its request waiting in a manager's tray. The steps are
 * chosen from the deployment's pack (issue 12 §1), so every authority's route is the one its
 * guidance describes. Every name is invented.
 */
import type { ResolvedPack } from '../../core/policy/index.js';
import { startStatutoryWork } from './pack-journey.js';
import {
  CIN_PLAN_WORKFLOW,
  CP_PLAN_WORKFLOW,
  planRoute,
  startableRoute,
  startsEarlyHelp,
  startsWorkflow,
} from './pack-steps.js';
import { DEMO_ROLES, type StepDriver } from './step-driver.js';

/** A driver whose clock stands this many days ago. */
export type SessionAt = (daysAgo: number) => Promise<StepDriver>;

async function childWithMother(
  driver: StepDriver,
  family: string,
  givenName: string,
  dateOfBirth: string,
): Promise<string> {
  const child = await driver.call<{ id: string }>('team-manager', 'POST', '/api/people', {
    kind: 'child',
    givenName,
    familyName: family,
    dateOfBirth,
    postcode: 'SK3 8QT',
  });
  await driver.call('team-manager', 'POST', `/api/people/${child.id}/relationships`, {
    person: { kind: 'adult', givenName: 'Morgan', familyName: family, postcode: 'SK3 8QT' },
    relationship: 'mother',
    parentalResponsibility: true,
    livesWithChild: true,
  });
  return child.id;
}

/** Seed the social care demo families the pack has the workflows for; returns how many. */
export async function seedSocialCareFamilies(
  pack: ResolvedPack,
  sessionAt: SessionAt,
  birthDate: (years: number) => string,
): Promise<number> {
  let created = 0;

  // 6. Oakhurst: statutory work begun 16 days ago that reached a child protection plan 10 days
  // ago; the first core group (10 working days) is due now.
  const toCp = startableRoute(pack, startsWorkflow(CP_PLAN_WORKFLOW), DEMO_ROLES);
  if (toCp) {
    const d16 = await sessionAt(16);
    const childId = await childWithMother(d16, 'Oakhurst (demo)', 'Milo', birthDate(4));
    const id = await startStatutoryWork(
      d16,
      childId,
      toCp.workflow.id,
      'A nursery worker saw fingertip bruising on Milo’s upper arm.',
    );
    const end = await d16.walk(id, toCp.route.slice(0, 1));
    await (await sessionAt(10)).walk(end, toCp.route.slice(1));
    created += 1;
  }

  // 7. Fairley: a child in need plan after an assessment 40 days ago; two days ago the plan's
  // step down to early help was asked for and waits in a manager's tray.
  const toCin = startableRoute(pack, startsWorkflow(CIN_PLAN_WORKFLOW), DEMO_ROLES);
  const cin = pack.workflows.get(CIN_PLAN_WORKFLOW);
  const down = cin
    ? planRoute(
        pack,
        { workflowId: cin.id, state: cin.initial, level: 4 },
        startsEarlyHelp,
        DEMO_ROLES,
      )
    : null;
  if (toCin && down) {
    const d40 = await sessionAt(40);
    const childId = await childWithMother(d40, 'Fairley (demo)', 'Noor', birthDate(9));
    const id = await startStatutoryWork(
      d40,
      childId,
      toCin.workflow.id,
      'Noor’s school reports neglect of her health needs.',
    );
    const plan = await d40.walk(id, toCin.route);
    await (await sessionAt(2)).walk(plan, down, { leaveLastInTray: true });
    created += 1;
  }
  return created;
}
