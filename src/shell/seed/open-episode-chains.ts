/**
 * What comes before a social care episode that `--open-episodes` opens, so the padded authority's
 * CIN census validates as the realistic seed's does: a front-door contact with its referral
 * source (census rule 8866), and the closed work the episode follows, recorded as practitioners
 * record it — a Child and Family assessment with its primary need and factors (8610, 8897Q) before
 * a plan, care or s47 enquiries, and s47 enquiries whose ICPC made the plan, with its category of
 * abuse, the day a child protection plan begins (8905, 2885). Each piece records the one it
 * followed (`data.steppedFrom`), as the step effects do. Rows go on the world's batched writer.
 */
import type { AgencyKind } from '../../core/access/index.js';
import { referralSourceForAgencyKind } from '../../core/returns/index.js';
import { abuseCategoryOf, factorsOf, latestCategoryOf, primaryNeedOf } from './census-items.js';
import { DAY, isoAt, type SeedAgency, type SeedUser, type SeedWorld } from './seed-world.js';

/** The most days a chain's front door comes before the episode it leads to. */
export const CHAIN_DAYS = 70;

interface Link {
  workItemId: string;
  workflowId: string;
  transitionId: string | null;
  outcome: string | null;
}

/** Who holds the chain's work: the episode's worker, their manager and the owning agency. */
export interface ChainStaff {
  worker: SeedUser;
  manager: SeedUser;
  owner: SeedAgency;
}

/**
 * Queue the contact and closed work that `workflowId`, opening at `openedAt`, follows; returns
 * what the episode's own `data` records: where it stepped from and its census items.
 */
export function chainBefore(
  world: SeedWorld,
  staff: ChainStaff,
  childId: string,
  workflowId: string,
  openedAt: number,
): Record<string, unknown> {
  const { rand } = world;
  if (workflowId === 'cf-assessment') {
    const contact = frontDoor(world, staff, childId, openedAt - rand.int(0, 2) * DAY);
    return { steppedFrom: contact, census: { primaryNeed: primaryNeedOf(rand) } };
  }
  // s47 enquiries, and a CP plan's, follow an assessment that found significant harm.
  const harm = workflowId === 's47' || workflowId === 'cp-plan';
  const s47At = workflowId === 'cp-plan' ? world.workingMoment(openedAt - 20 * DAY) : openedAt;
  const assessedAt = world.workingMoment(s47At - rand.int(20, 40) * DAY);
  const contact = frontDoor(world, staff, childId, assessedAt - rand.int(0, 2) * DAY);
  const assessment = closedWork(world, staff, childId, {
    workflowId: 'cf-assessment',
    openedAt: assessedAt,
    closedAt: s47At,
    state: harm ? 'strategy-discussion' : 'outcome-cin',
    outcome: harm ? 's47-strategy-discussion' : 'child-in-need-plan',
    data: {
      steppedFrom: contact,
      census: { primaryNeed: primaryNeedOf(rand), factors: factorsOf(rand, false) },
    },
  });
  if (workflowId !== 'cp-plan') return { steppedFrom: assessment };
  // The ICPC that makes the plan is held the day it begins, and records the category.
  const category = abuseCategoryOf(rand);
  const s47 = closedWork(world, staff, childId, {
    workflowId: 's47',
    openedAt: s47At,
    closedAt: openedAt,
    state: 'cp-plan-made',
    outcome: 'cp-plan',
    data: { steppedFrom: assessment },
    step: { id: 'icpc-cp-plan', from: 'icpc-due', payload: { category } },
  });
  return { steppedFrom: s47, census: { latestCategory: latestCategoryOf(rand, category) } };
}

/** A contact about the child, received at `at` and sent for assessment: returns its link. */
function frontDoor(world: SeedWorld, staff: ChainStaff, childId: string, at: number): Link {
  const { rand, writer } = world;
  const received = world.workingMoment(at);
  const referrer = rand.pick(world.staff.partners);
  const contactId = world.ids.next();
  writer.add('contacts', {
    id: contactId,
    referrer_user_id: referrer.id,
    referrer_name: referrer.displayName,
    referrer_agency_id: referrer.agency.id,
    referrer_agency_name: referrer.agency.name,
    referrer_phone: null,
    channel: 'online',
    concerns: 'Concerns for the child’s welfare (synthetic).',
    threshold_check_id: null,
    referrer_level: 4,
    referral_source: referralSourceForAgencyKind(referrer.agency.kind as AgencyKind),
    urgency: 'routine',
    consent_decision: 'given',
    consent_reason: null,
    consulted: null,
    family_spoken_to: 1,
    received_at: isoAt(received),
    idempotency_key: null,
    created_by: referrer.id,
  });
  writer.add('contact_people', { contact_id: contactId, person_id: childId, role: 'child' });
  const front = rand.pick(world.staff.frontDoor);
  return closedWork(
    world,
    { ...staff, worker: front },
    childId,
    {
      workflowId: 'contact',
      openedAt: received,
      closedAt: received + 3_600_000,
      state: 'referred-to-social-care',
      outcome: 'cf-assessment',
      data: { reference: `FD-${contactId.slice(0, 8).toUpperCase()}` },
      step: { id: 'decide-cf-assessment', from: 'received', payload: {} },
    },
    { type: 'contact', id: contactId },
  );
}

interface ClosedWork {
  workflowId: string;
  openedAt: number;
  closedAt: number;
  state: string;
  outcome: string;
  data: Record<string, unknown>;
  /** The step that closed it, when the census reads it (an ICPC's category, a decision). */
  step?: { id: string; from: string; payload: Record<string, unknown> };
}

/** A closed piece of work about the child; returns the link the next piece records. */
function closedWork(
  world: SeedWorld,
  staff: ChainStaff,
  childId: string,
  w: ClosedWork,
  subject: { type: string; id: string } = { type: 'child', id: childId },
): Link {
  const { writer, pack } = world;
  const id = world.ids.next();
  const closed = isoAt(w.closedAt);
  writer.add('work_items', {
    id,
    workflow_id: w.workflowId,
    pack_id: pack.id,
    pack_version: pack.version,
    subject_type: subject.type,
    subject_id: subject.id,
    state: w.state,
    level: 4,
    lead_professional_name: staff.worker.displayName,
    lead_professional_agency: staff.worker.agency.name,
    lead_professional_user_id: staff.worker.id,
    owner_agency_id: staff.owner.id,
    events: JSON.stringify(w.step ? [{ id: w.step.id, on: closed.slice(0, 10) }] : []),
    data: JSON.stringify(w.data),
    opened_at: isoAt(w.openedAt),
    opened_by: staff.worker.id,
    closed_at: closed,
    version: w.step ? 2 : 1,
  });
  writer.add('work_item_children', { work_item_id: id, child_id: childId });
  if (w.step)
    writer.add('transitions', {
      id: world.ids.next(),
      work_item_id: id,
      transition_id: w.step.id,
      from_state: w.step.from,
      to_state: w.state,
      outcome: w.outcome,
      status: 'applied',
      payload: JSON.stringify({ rationale: 'Agreed at the meeting.', ...w.step.payload }),
      pack_id: pack.id,
      pack_version: pack.version,
      requested_by: staff.worker.id,
      requested_at: closed,
      decided_by: staff.manager.id,
      decided_at: closed,
      decision_note: 'Agreed',
    });
  return {
    workItemId: id,
    workflowId: w.workflowId,
    transitionId: w.step?.id ?? null,
    outcome: w.outcome,
  };
}
