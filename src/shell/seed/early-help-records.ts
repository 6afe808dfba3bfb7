/**
 * The early help records an episode keeps besides its state: the Early Help Assessment, the
 * Team Around the Family plan with SMART actions, TAF and review meetings with minutes sent to
 * the family, reviews tied to the step they decided, new concerns on an open case, and panel
 * agenda items.
 */
import { STATE_IDS, WORKFLOW_IDS } from '../../core/policy/index.js';
import type { SeedHousehold } from './household-generator.js';
import { DAY, dateAt, isoAt, type SeedUser, type SeedWorld } from './seed-world.js';
import type { AppliedStep, WorkOutcome } from './work-simulator.js';

const OUTCOMES = [
  'The children attend school every day',
  'Mornings at home are calm and on time',
  'The family’s debts are manageable',
  'Mum feels less isolated and knows where to get support',
  'Bedtimes are settled and the children sleep well',
];
const ACTIONS = [
  'Morning check-in with the learning mentor',
  'Referral to the debt advice service',
  'Four parenting sessions on routines',
  'Introduce the family to the children’s centre stay-and-play',
  'Health visitor home visit about sleep',
  'Apply for free school meals',
];

export interface EarlyHelpExtras {
  household: SeedHousehold;
  lead: SeedUser;
  openedAt: number;
  workItemId: string | null;
  planned: boolean;
  /** When a child protection concern was raised on the open case (it goes to the front door). */
  childProtectionConcernAt: number | null;
  finish(outcome: WorkOutcome): void;
}

/** State for one episode's records; `finish` adds what an open episode has part-done. */
export function earlyHelpExtras(
  world: SeedWorld,
  household: SeedHousehold,
  lead: SeedUser,
  openedAt: number,
): EarlyHelpExtras {
  const extras: EarlyHelpExtras = {
    household,
    lead,
    openedAt,
    workItemId: null,
    planned: false,
    childProtectionConcernAt: null,
    finish(outcome) {
      const id = outcome.workItemId;
      if (outcome.state === STATE_IDS.episodeAssessment && world.rand.chance(0.5))
        assessment(world, id, lead, openedAt + 7 * DAY, null, household);
      if (world.rand.chance(0.06)) panelItem(world, id, household, lead, openedAt);
      // New concerns on about one planned episode in ten, some time while it was open.
      if (extras.planned && world.rand.chance(0.1)) {
        const span = Math.max(DAY, outcome.endedAt - openedAt);
        concern(world, extras, id, world.workingMoment(openedAt + world.rand.next() * span));
      }
    },
  };
  return extras;
}

/** Rows for one applied step of an episode. */
export function recordEarlyHelpStep(
  world: SeedWorld,
  extras: EarlyHelpExtras,
  step: AppliedStep,
): void {
  const { rand } = world;
  const id = step.workItemId;
  extras.workItemId = id;
  const t = step.transition.id;
  // By role, not id: a pack names its own steps (src/core/policy/pack-contract.ts).
  const role = step.transition.role;
  if (role === 'complete-assessment') {
    assessment(world, id, extras.lead, extras.openedAt + 3 * DAY, step.at, extras.household);
    const outcomes = [rand.pick(OUTCOMES), rand.pick(OUTCOMES)];
    // A reassessment completes into the plan the episode already has (one plan per episode).
    if (!extras.planned)
      world.writer.add('eh_plans', {
        id: world.ids.next(),
        work_item_id: id,
        outcomes: JSON.stringify([...new Set(outcomes)]),
        next_review_date: dateAt(step.at + rand.int(42, 90) * DAY),
        created_by: extras.lead.id,
        created_at: isoAt(step.at),
        updated_by: extras.lead.id,
        updated_at: isoAt(step.at),
        version: 1,
      });
    const n = rand.int(2, 4);
    for (let i = 0; i < n; i++) {
      const due = step.at + rand.int(14, 120) * DAY;
      const owner = rand.pick(world.staff.partners);
      world.writer.add('eh_plan_actions', {
        id: world.ids.next(),
        work_item_id: id,
        outcome: rand.pick(outcomes),
        action: rand.pick(ACTIONS),
        owner_name: owner.displayName,
        owner_agency: owner.agency.name,
        due_date: dateAt(due),
        status:
          due < world.asOf
            ? rand.pick(['done', 'done', 'in-progress', 'dropped'])
            : rand.pick(['not-started', 'in-progress']),
        note: null,
        created_by: extras.lead.id,
        created_at: isoAt(step.at),
        updated_by: extras.lead.id,
        updated_at: isoAt(step.at),
        version: 1,
      });
    }
    distribute(world, id, 'plan', null, extras, step.at);
    extras.planned = true;
    const plan = world.pack.workflows.get(WORKFLOW_IDS.earlyHelpEpisode);
    const level = plan?.states.find((x) => x.id === step.transition.to)?.level;
    if (level === 3) meeting(world, id, 'taf', extras, step.at);
    return;
  }
  if (role === 'step-up-in-early-help') {
    meeting(world, id, 'taf', extras, step.at);
    return;
  }
  if (
    role === 'review-continue' ||
    role === 'step-down-in-early-help' ||
    closing(role) ||
    role === 'reassess'
  ) {
    if (!extras.planned) return;
    const meetingId = meeting(world, id, 'review', extras, step.at);
    world.writer.add('eh_reviews', {
      id: world.ids.next(),
      work_item_id: id,
      meeting_id: meetingId,
      review_date: dateAt(step.at),
      planned_date: dateAt(step.at - rand.int(0, 10) * DAY),
      brought_forward_reason: null,
      outcome: closing(role)
        ? 'positive-change'
        : rand.pick(['positive-change', 'no-change', 'deterioration']),
      decision: step.transition.name,
      summary: 'Progress against the plan reviewed with the family and the team around them.',
      transition_id: t,
      transition_record_id: step.transitionRecordId,
      transition_status: 'applied',
      created_by: extras.lead.id,
      created_at: isoAt(step.at),
      version: 1,
    });
  }
}

const closing = (role: string | undefined): boolean =>
  role === 'close-needs-met' ||
  role === 'close-single-agency' ||
  role === 'close-universal' ||
  role === 'close-consent-declined';

function assessment(
  world: SeedWorld,
  workItemId: string,
  lead: SeedUser,
  createdAt: number,
  completedAt: number | null,
  household: SeedHousehold,
): void {
  const names = household.children.map((c) => c.givenName).join(' and ');
  const at = Math.min(createdAt, world.asOf);
  world.writer.add('eh_assessments', {
    id: world.ids.next(),
    work_item_id: workItemId,
    status: completedAt === null ? 'draft' : 'complete',
    source: 'eha',
    source_note: null,
    family: `${names} live with ${household.adults[0]?.givenName ?? 'their carer'}.`,
    child_voice: '“I want things to be calmer at home.”',
    parent_views: 'Wants help with routines and would like the school to know what is going on.',
    strengths: 'A warm relationship between the children and their parent.',
    needs: 'School attendance; routines; money worries.',
    other_agencies: 'School; health visiting.',
    analysis: 'Needs are met best by a plan with the family and the school.',
    plan_level: completedAt === null ? null : world.rand.int(2, 3),
    completed_at: completedAt === null ? null : isoAt(completedAt),
    completed_by: completedAt === null ? null : lead.id,
    created_by: lead.id,
    created_at: isoAt(at),
    updated_by: lead.id,
    updated_at: isoAt(completedAt ?? at),
    version: completedAt === null ? 1 : 3,
  });
}

function meeting(
  world: SeedWorld,
  workItemId: string,
  kind: string,
  extras: EarlyHelpExtras,
  at: number,
): string {
  const id = world.ids.next();
  const parent = extras.household.adults[0];
  world.writer.add('eh_meetings', {
    id,
    work_item_id: workItemId,
    kind,
    held_on: dateAt(at),
    attendees: JSON.stringify([
      { name: extras.lead.displayName, role: 'Lead professional', family: false },
      ...(parent
        ? [
            {
              name: `${parent.givenName} ${parent.familyName}`,
              role: parent.relationship,
              family: true,
            },
          ]
        : []),
    ]),
    apologies: '[]',
    minutes: 'The family and the team reviewed what has changed and agreed the next steps.',
    decisions: JSON.stringify(['Continue the plan; review in six weeks']),
    created_by: extras.lead.id,
    created_at: isoAt(at),
    updated_by: extras.lead.id,
    updated_at: isoAt(at),
    version: 1,
  });
  distribute(world, workItemId, 'minutes', id, extras, at);
  return id;
}

function distribute(
  world: SeedWorld,
  workItemId: string,
  document: 'plan' | 'minutes',
  meetingId: string | null,
  extras: EarlyHelpExtras,
  at: number,
): void {
  const parent = extras.household.adults[0];
  if (!parent) return;
  world.writer.add('eh_distributions', {
    id: world.ids.next(),
    work_item_id: workItemId,
    document,
    meeting_id: meetingId,
    recipient: `${parent.givenName} ${parent.familyName}`,
    recipient_kind: 'family',
    method: world.rand.pick(['email', 'post', 'by-hand']),
    sent_on: dateAt(Math.min(world.asOf, at + DAY)),
    recorded_by: extras.lead.id,
    recorded_at: isoAt(Math.min(world.asOf, at + DAY)),
  });
}

function concern(world: SeedWorld, extras: EarlyHelpExtras, workItemId: string, at: number): void {
  const protection = world.rand.chance(0.3);
  const raisedBy = world.rand.pick(world.staff.partners);
  world.writer.add('eh_concerns', {
    id: world.ids.next(),
    work_item_id: workItemId,
    concerns: 'New worries about the youngest child’s safety at home.',
    raised_by_name: raisedBy.displayName,
    raised_by_agency: raisedBy.agency.name,
    child_protection: protection ? 1 : 0,
    front_door_phoned_at: protection ? isoAt(at) : null,
    responsible_name: extras.lead.displayName,
    responsible_user_id: extras.lead.id,
    transition_record_id: null,
    transition_status: null,
    created_by: extras.lead.id,
    created_at: isoAt(at),
  });
  if (protection) extras.childProtectionConcernAt = at + 3_600_000;
}

function panelItem(
  world: SeedWorld,
  workItemId: string,
  household: SeedHousehold,
  lead: SeedUser,
  openedAt: number,
): void {
  const panel = world.pack.panels[0];
  if (!panel) return;
  const child = household.children[0];
  const allocated = openedAt < world.asOf - 14 * DAY;
  world.writer.add('panel_agenda_items', {
    id: world.ids.next(),
    pack_id: world.pack.id,
    panel_id: panel.id,
    meeting_date: dateAt(openedAt + 7 * DAY),
    subject_type: 'episode',
    subject_id: workItemId,
    child_id: child?.id ?? null,
    reason: 'Needs a multi-agency discussion to agree the lead professional',
    status: allocated ? 'allocated' : 'listed',
    allocated_user_id: allocated ? lead.id : null,
    allocated_name: allocated ? lead.displayName : null,
    allocated_agency: allocated ? lead.agency.name : null,
    allocation_note: allocated ? 'Agreed at panel' : null,
    allocated_by: allocated ? lead.id : null,
    allocated_at: allocated ? isoAt(openedAt + 7 * DAY) : null,
    added_by: lead.id,
    added_at: isoAt(openedAt),
    version: allocated ? 2 : 1,
  });
}
