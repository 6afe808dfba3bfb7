/**
 * A family's journey through services over the last three years: contacts to the front door at
 * a plausible yearly rate, and what follows each decision — early help episodes, Child and
 * Family assessments, s47 enquiries, CP and CIN plans, looked-after episodes — with the step-up
 * and step-down between them, the consents, threshold checks and information-sharing decisions
 * that go with them.
 */
import { evaluateThreshold, type ThresholdInput } from '../../core/threshold/index.js';
import { roleOf } from '../../core/policy/index.js';
import type { SeedHousehold } from './household-generator.js';
import { DAY, dateAt, isoAt, type SeedUser, type SeedWorld } from './seed-world.js';
import { recordEarlyHelpStep, earlyHelpExtras } from './early-help-records.js';
import { simulateWork, type WorkOutcome } from './work-simulator.js';
import {
  abuseCategoryOf,
  closureReasonOf,
  factorsOf,
  latestCategoryOf,
  primaryNeedOf,
} from './census-items.js';
import { referralSourceForAgencyKind } from '../../core/returns/index.js';
import type { AgencyKind } from '../../core/access/roles.js';

/** Contacts a year per household, by how much the family needs (0 = rarely known). */
const CONTACTS_A_YEAR = [0.06, 0.45, 1.3] as const;
export const HISTORY_YEARS = 3;

/** Social care work: a chain of it from one referral is a CIN episode in the census. */
const SOCIAL_CARE = new Set(['cf-assessment', 's47', 'cp-plan', 'cin-plan', 'looked-after']);

/** The work a new piece follows (`data.steppedFrom`, as the step effects link it). */
interface SteppedFrom {
  outcome: WorkOutcome;
  workflowId: string;
  /** The category of abuse the ICPC recorded, when the new work is its CP plan. */
  category?: string | undefined;
}

/** The work that follows a finished piece of work, by workflow and final state. */
const FOLLOW_ON: Readonly<Record<string, string>> = {
  'contact:referred-to-social-care': 'cf-assessment',
  'contact:strategy-discussion': 's47',
  'contact:referred-to-early-help': 'early-help-episode',
  'cf-assessment:outcome-cin': 'cin-plan',
  'cf-assessment:strategy-discussion': 's47',
  'cf-assessment:stepped-down-to-early-help': 'early-help-episode',
  's47:cp-plan-made': 'cp-plan',
  's47:no-plan': 'cin-plan',
  'cp-plan:discharged-to-cin': 'cin-plan',
  'cin-plan:closed-to-early-help': 'early-help-episode',
  'cin-plan:stepped-up-to-s47': 's47',
};

const CONCERNS = [
  'Child has come to school hungry and unkempt on several days this half-term.',
  'Police attended a domestic incident; the children were present.',
  'Parent’s low mood is affecting the baby’s routines; missed health appointments.',
  'Attendance has fallen below 85%; the young person says things are difficult at home.',
  'Neighbour reports children left alone in the evenings.',
  'Young person missing overnight twice this month; possible exploitation.',
  'Housing arrears and a notice to quit; family is struggling with debt.',
  'Unexplained bruising noticed during a PE lesson.',
];

const REFERRER_KIND_WEIGHTS = [
  ['partner', 0.82],
  ['public', 0.18],
] as const;

/** Queue the whole journey of one household. */
export function generateFamilyJourney(world: SeedWorld, household: SeedHousehold): void {
  const { rand } = world;
  const rate = CONTACTS_A_YEAR[household.need] ?? 0;
  const start = world.asOf - HISTORY_YEARS * 365 * DAY;
  // Contacts arrive as a Poisson process over the history window.
  let at = start + exponentialDays(world, rate) * DAY;
  let busyUntil = 0;
  const worker = rand.pick(world.staff.socialWorkers);
  while (at < world.asOf) {
    // A family already in the middle of statutory work is not re-referred through the front door.
    if (at > busyUntil)
      busyUntil = Math.max(busyUntil, contactAndWhatFollows(world, household, at, worker));
    at += exponentialDays(world, rate) * DAY;
  }
  if (rand.chance(0.002)) breakGlass(world, household, start);
}

function exponentialDays(world: SeedWorld, ratePerYear: number): number {
  if (ratePerYear <= 0) return Number.POSITIVE_INFINITY;
  return Math.ceil((-Math.log(1 - world.rand.next()) / ratePerYear) * 365);
}

/** One contact and the chain of work it leads to; returns when the chain ended (or "as of"). */
function contactAndWhatFollows(
  world: SeedWorld,
  household: SeedHousehold,
  receivedAt: number,
  allocated: SeedUser,
): number {
  const { rand, staff, writer } = world;
  const at = world.workingMoment(receivedAt);
  if (at > world.asOf) return at;
  // A family already in the middle of social care work is not re-referred through the front
  // door: a new referral would overlap the open CIN episode (census rule 8820).
  if (at <= household.socialCareUntil) return household.socialCareUntil;
  // Contacts are about the children born by then (or the unborn child of this pregnancy): a
  // child born since is not on a referral made before their birth.
  const children = household.children.filter((c) =>
    c.age === -1 ? at >= c.born - 250 * DAY : c.born <= at,
  );
  if (children.length === 0) return at;
  const childIds = children.map((c) => c.id);
  // What follows is about the children on the contact (statutory work: the first of them).
  const known: SeedHousehold = { ...household, children };
  const partner = rand.weighted(REFERRER_KIND_WEIGHTS) === 'partner';
  const referrer = partner ? rand.pick(staff.partners) : null;
  const frontDoor = rand.pick(staff.frontDoor);
  const contactId = world.ids.next();
  const eldest = children[0];

  let checkId: string | null = null;
  let snapshot: Record<string, unknown> | null = null;
  let level = rand.int(2, 4);
  if (referrer && rand.chance(0.6)) {
    const input: ThresholdInput = {
      indicatorIds: Array.from(
        { length: rand.int(1, 5) },
        () => rand.pick(world.pack.indicators).id,
      ),
      ageYears: eldest && eldest.age >= 0 ? eldest.age : undefined,
      unborn: eldest?.age === -1,
      immediateDanger: rand.chance(0.03),
      openTo: 'none',
    };
    const result = evaluateThreshold(world.pack, input);
    checkId = world.ids.next();
    const judged = rand.chance(0.15) ? Math.min(4, result.suggestedLevel + 1) : null;
    level = judged ?? result.suggestedLevel;
    writer.add('threshold_checks', {
      id: checkId,
      pack_id: result.packId,
      pack_version: result.packVersion,
      base_pack_id: result.basePack?.id ?? null,
      base_pack_version: result.basePack?.version ?? null,
      input_json: JSON.stringify(input),
      result_json: JSON.stringify(result),
      suggested_level: result.suggestedLevel,
      state_id: result.state?.id ?? null,
      immediate_danger: result.immediateDanger ? 1 : 0,
      practitioner_level: judged,
      practitioner_reason: judged === null ? null : 'Accumulating concerns over the last month',
      judged_at: judged === null ? null : isoAt(at),
      created_by: referrer.id,
      agency_id: referrer.agency.id,
      created_at: isoAt(at - 20 * 60_000),
      version: judged === null ? 1 : 2,
    });
    world.audit(at - 20 * 60_000, referrer, 'threshold-check.create', 'threshold-check', checkId);
    snapshot = {
      id: checkId,
      packId: result.packId,
      packVersion: result.packVersion,
      suggestedLevel: result.suggestedLevel,
      judgedLevel: judged,
      reasons: result.reasons
        .filter((r) => r.drivesLevel)
        .map((r) => ({ text: r.text, level: r.level, citation: r.citation })),
    };
  }
  const online = referrer !== null && rand.chance(0.7);
  const consent = rand.weighted([
    ['given', 0.72],
    ['not-sought', 0.2],
    ['refused', 0.08],
  ] as const);
  const idempotencyKey = online && rand.chance(0.4) ? world.ids.next() : null;
  const concerns = rand.pick(CONCERNS);
  writer.add('contacts', {
    id: contactId,
    referrer_user_id: referrer?.id ?? null,
    referrer_name: referrer?.displayName ?? 'A member of the public (synthetic)',
    referrer_agency_id: referrer?.agency.id ?? null,
    referrer_agency_name: referrer?.agency.name ?? 'Member of the public',
    referrer_phone: referrer ? null : '01632 960000',
    channel: online ? 'online' : 'telephone',
    concerns,
    threshold_check_id: checkId,
    referrer_level: level,
    // The front door pre-selects the source from the referrer's agency kind (a member of the
    // public on the telephone is an individual, 1D), as the contact form does.
    referral_source: referrer
      ? referralSourceForAgencyKind(referrer.agency.kind as AgencyKind)
      : '1D',
    urgency:
      level === 4 && rand.chance(0.3) ? 'today' : rand.chance(0.02) ? 'immediate' : 'routine',
    consent_decision: consent,
    consent_reason: consent === 'not-sought' ? 'risk-of-significant-harm' : null,
    consulted: consent === 'not-sought' ? 'safeguarding-lead' : null,
    family_spoken_to: consent === 'not-sought' ? 0 : 1,
    received_at: isoAt(at),
    idempotency_key: idempotencyKey,
    created_by: referrer && online ? referrer.id : frontDoor.id,
  });
  if (idempotencyKey !== null && referrer)
    writer.add('idempotency_keys', {
      key: idempotencyKey,
      user_id: referrer.id,
      route: 'POST /api/contacts',
      request_hash: idempotencyKey.replaceAll('-', ''),
      status: 201,
      response: JSON.stringify({ contactId }),
      created_at: isoAt(at),
    });
  for (const c of children)
    writer.add('contact_people', { contact_id: contactId, person_id: c.id, role: 'child' });
  for (const a of household.adults)
    writer.add('contact_people', {
      contact_id: contactId,
      person_id: a.id,
      role: a.relationship === 'mother' || a.relationship === 'father' ? a.relationship : 'adult',
    });
  const parent = household.adults.find((a) => a.pr);
  for (const c of children) {
    consentRow(
      world,
      c.id,
      'front-door-referral',
      consent,
      parent?.id ?? null,
      at,
      referrer ?? frontDoor,
    );
    if (referrer) world.involvement(c.id, referrer.agency, referrer, 'referrer', at, null);
  }
  const creator = referrer && online ? referrer : frontDoor;
  world.audit(
    at,
    creator,
    'contact.create',
    'contact',
    contactId,
    online ? null : 'telephone contact',
  );
  const reference = `FD-${contactId.slice(0, 4).toUpperCase()}-${contactId.slice(4, 8).toUpperCase()}`;
  for (const c of children)
    world.timeline(
      c.id,
      at,
      'contact.received',
      `Contact ${reference} from ${referrer?.displayName ?? 'a member of the public'} by ${online ? 'online' : 'telephone'}: referrer's level ${String(level)}; consent ${consent}`,
      'contact',
      contactId,
      creator,
    );

  const contact = simulateWork(world, {
    workflowId: 'contact',
    childIds,
    subjectType: 'contact',
    subjectId: contactId,
    at,
    owner: staff.socialCare,
    worker: frontDoor,
    manager: rand.pick(staff.socialCareManagers),
    level,
    lead: null,
    data: {
      reference,
      thresholdCheck: snapshot,
      familyNotSpokenToReason:
        consent === 'not-sought' ? 'Speaking to the family first could increase the risk.' : null,
      parentDetailsUnknown: [],
      mashRequests: [],
    },
    referrer,
    readers: referrer ? [referrer] : [],
  });
  const ended = followOn(world, known, 'contact', contact, allocated, referrer, null);
  household.socialCareUntil = Math.max(household.socialCareUntil, known.socialCareUntil);
  return ended;
}

/** Start what follows a finished piece of work, and so on down the chain. */
function followOn(
  world: SeedWorld,
  household: SeedHousehold,
  workflowId: string,
  outcome: WorkOutcome & { category?: string },
  allocated: SeedUser,
  referrer: SeedUser | null,
  parentWorkflowId: string | null,
): number {
  if (outcome.finalState === null) return world.asOf;
  const next = FOLLOW_ON[`${workflowId}:${outcome.finalState}`];
  // The last piece of social care work closes the CIN episode: the worker records why.
  if (SOCIAL_CARE.has(workflowId) && (next === undefined || !SOCIAL_CARE.has(next)))
    outcome.setCensus({
      closureReason: closureReasonOf(
        world.rand,
        workflowId,
        roleOf(world.pack.workflows.get(workflowId), outcome.lastStep?.transitionId ?? ''),
        parentWorkflowId === 'contact',
      ),
    });
  if (next === undefined) return outcome.endedAt;
  const later = world.workingMoment(outcome.endedAt + world.rand.int(0, 5) * DAY);
  // A child protection plan begins at the conference that made it (census rule 2885), the
  // same day; other work follows within the week.
  const at = next === 'cp-plan' ? outcome.endedAt : later;
  if (at > world.asOf) return world.asOf;
  const from: SteppedFrom = { outcome, workflowId, category: outcome.category };
  const result = startWork(world, household, next, at, allocated, referrer, from);
  return followOn(world, household, next, result, allocated, referrer, workflowId);
}

/** `data.steppedFrom` of work that follows `from`, as the step effects write it. */
const steppedFrom = (from: SteppedFrom): Record<string, unknown> => ({
  workItemId: from.outcome.workItemId,
  workflowId: from.workflowId,
  transitionId: from.outcome.lastStep?.transitionId ?? null,
  outcome: from.outcome.lastStep?.outcome ?? null,
});

function startWork(
  world: SeedWorld,
  household: SeedHousehold,
  workflowId: string,
  at: number,
  allocated: SeedUser,
  referrer: SeedUser | null,
  from: SteppedFrom,
): WorkOutcome & { category?: string } {
  const { rand, staff } = world;
  // Statutory work is about one child; early help is about the family's children together.
  const children =
    workflowId === 'early-help-episode' ? household.children : household.children.slice(0, 1);
  const childIds = children.map((c) => c.id);
  const parent = household.adults.find((a) => a.pr);
  if (workflowId === 'early-help-episode') {
    const schoolLed = rand.chance(0.25);
    const lead = schoolLed ? rand.pick(staff.schoolLeads) : rand.pick(staff.leadProfessionals);
    const owner = schoolLed ? lead.agency : staff.earlyHelp;
    const involved = childIds.map((id) => {
      consentRow(world, id, 'early-help', 'given', parent?.id ?? null, at, lead);
      return world.involvement(id, lead.agency, lead, 'lead-professional', at, null);
    });
    const extras = earlyHelpExtras(world, household, lead, at);
    const outcome = simulateWork(world, {
      workflowId,
      childIds,
      subjectType: 'child',
      subjectId: childIds[0] ?? '',
      at,
      owner,
      worker: lead,
      manager: rand.pick(staff.earlyHelpManagers),
      level: null,
      lead,
      data: {
        leadAgreedWithFamily: true,
        openedReason: 'The family asked for help.',
        steppedFrom: steppedFrom(from),
      },
      readers: referrer ? [referrer] : [],
      onStep: (step) => {
        recordEarlyHelpStep(world, extras, step);
      },
    });
    extras.finish(outcome);
    from.outcome.setData({ followedBy: { workItemId: outcome.workItemId, workflowId } });
    if (outcome.finalState !== null)
      for (const row of involved) row.to_date = dateAt(outcome.endedAt);
    // A child protection concern on an open case goes to the front door: a step up.
    if (extras.childProtectionConcernAt !== null)
      contactAndWhatFollows(world, household, extras.childProtectionConcernAt, allocated);
    return outcome;
  }
  const involved = childIds.map((id) =>
    world.involvement(id, staff.socialCare, allocated, 'allocated-worker', at, null),
  );
  const until = (o: WorkOutcome): void => {
    const end = o.finalState === null ? world.asOf : o.endedAt;
    household.socialCareUntil = Math.max(household.socialCareUntil, end);
  };
  if (workflowId === 'cf-assessment') sharing(world, childIds, allocated, at);
  if (workflowId === 'cin-plan')
    for (const id of childIds)
      consentRow(world, id, 'information-sharing', 'given', parent?.id ?? null, at, allocated);
  const manager = rand.pick(staff.socialCareManagers);
  // The ICPC records the category of abuse on the step that makes the plan.
  const category = workflowId === 's47' ? abuseCategoryOf(rand) : undefined;
  const outcome = simulateWork(world, {
    workflowId,
    childIds,
    subjectType: 'child',
    subjectId: childIds[0] ?? '',
    at,
    owner: staff.socialCare,
    worker: allocated,
    manager,
    level: 4,
    lead: allocated,
    data: { steppedFrom: steppedFrom(from) },
    readers: [rand.pick(staff.partners)],
    ...(category !== undefined && {
      payloadFor: (step) => (step.requires.some((r) => r.field === 'category') ? { category } : {}),
    }),
  });
  from.outcome.setData({ followedBy: { workItemId: outcome.workItemId, workflowId } });
  recordCensusItems(world, workflowId, outcome, from);
  until(outcome);
  // s47 enquiries are carried out through a Child and Family assessment (Working Together 2023,
  // ch. 3): one starts alongside them unless they follow an assessment that has just ended
  // (straight from the front door, or up from a CIN plan). Its factors and primary need go to
  // the census like any other assessment's.
  if (workflowId === 's47' && from.workflowId !== 'cf-assessment')
    until(assessmentAlongside(world, childIds, at, allocated, manager, { outcome, workflowId }));
  if (outcome.finalState !== null)
    for (const row of involved) row.to_date = dateAt(outcome.endedAt);
  if (workflowId === 'cin-plan' && outcome.finalState === 'closed-to-early-help')
    for (const id of childIds)
      consentRow(
        world,
        id,
        'step-down-transfer',
        'given',
        parent?.id ?? null,
        outcome.endedAt,
        allocated,
      );
  // A child protection plan sometimes leads to the child being looked after, alongside it.
  if (workflowId === 'cp-plan' && rand.chance(0.1)) {
    const lacAt = world.workingMoment(at + rand.int(10, 200) * DAY);
    if (lacAt < world.asOf)
      startWork(world, household, 'looked-after', lacAt, allocated, referrer, {
        outcome,
        workflowId,
      });
  }
  return category === undefined ? outcome : { ...outcome, category };
}

/**
 * The census items the worker records on a piece of work: an assessment's primary need (from
 * the start, revised at the end: DfE asks for the need at referral while the assessment is under
 * way) and its factors when it is authorised; a CP plan's latest category of abuse.
 */
function recordCensusItems(
  world: SeedWorld,
  workflowId: string,
  outcome: WorkOutcome,
  from: SteppedFrom,
): void {
  const { rand } = world;
  if (workflowId === 'cf-assessment') {
    const done = outcome.finalState !== null;
    // "21 No factors identified" goes with RC8 (rule 8873Q): the same role decides both.
    const closing = outcome.lastStep?.transitionId ?? '';
    const noFurtherAction =
      roleOf(world.pack.workflows.get(workflowId), closing) === 'assessment-no-further-action' &&
      from.workflowId === 'contact';
    outcome.setCensus({
      primaryNeed: primaryNeedOf(rand),
      ...(done && { factors: factorsOf(rand, noFurtherAction) }),
    });
  } else if (workflowId === 'cp-plan')
    outcome.setCensus({ latestCategory: latestCategoryOf(rand, from.category ?? 'neglect') });
}

/** A Child and Family assessment alongside s47 enquiries: it ends in a plan or none, no more. */
function assessmentAlongside(
  world: SeedWorld,
  childIds: readonly string[],
  at: number,
  worker: SeedUser,
  manager: SeedUser,
  from: SteppedFrom,
): WorkOutcome {
  const { staff } = world;
  const outcome = simulateWork(world, {
    workflowId: 'cf-assessment',
    childIds,
    subjectType: 'child',
    subjectId: childIds[0] ?? '',
    at,
    owner: staff.socialCare,
    worker,
    manager,
    level: 4,
    lead: worker,
    data: { steppedFrom: steppedFrom(from) },
    weights: { 's47-strategy-discussion': 0, 'step-down-to-early-help': 0 },
  });
  recordCensusItems(world, 'cf-assessment', outcome, from);
  return outcome;
}

function consentRow(
  world: SeedWorld,
  childId: string,
  purpose: string,
  decision: string,
  givenBy: string | null,
  at: number,
  recordedBy: SeedUser,
): void {
  const given = decision === 'given' || decision === 'refused';
  world.writer.add('consents', {
    id: world.ids.next(),
    child_id: childId,
    purpose,
    decision,
    given_by_person_id: given ? givenBy : null,
    given_by_kind: given && givenBy !== null ? 'parent-with-pr' : null,
    method: given ? world.rand.pick(['verbal', 'written']) : null,
    document_ref: null,
    scope: '[]',
    recorded_on: dateAt(at),
    expires_on: purpose === 'information-sharing' ? dateAt(at + 365 * DAY) : null,
    not_sought_reason: decision === 'not-sought' ? 'risk-of-significant-harm' : null,
    consulted: decision === 'not-sought' ? 'safeguarding-lead' : null,
    notes: null,
    recorded_by: recordedBy.id,
    created_at: isoAt(at),
  });
  world.audit(at, recordedBy, 'consent.record', 'child', childId, purpose);
}

function sharing(world: SeedWorld, childIds: readonly string[], by: SeedUser, at: number): void {
  for (const childId of childIds) {
    const n = world.rand.int(0, 2);
    for (let i = 0; i < n; i++) {
      const withConsent = world.rand.chance(0.6);
      world.writer.add('sharing_decisions', {
        id: world.ids.next(),
        child_id: childId,
        decision: world.rand.chance(0.9) ? 'shared' : 'not-shared',
        what: 'Concerns and the assessment so far',
        with_whom: world.rand.pick(['School', 'Health visitor', 'Police', 'GP']),
        purpose: 'To complete the Child and Family assessment',
        lawful_basis: 'public-task',
        with_consent: withConsent ? 1 : 0,
        reason_without_consent: withConsent
          ? null
          : 'Seeking consent would place the child at risk',
        decided_by: by.id,
        decided_at: isoAt(at + i * 3_600_000),
      });
      world.audit(at + i * 3_600_000, by, 'sharing.record', 'child', childId);
    }
  }
}

/** Emergency access by a partner to a child they did not work with, reviewed afterwards. */
function breakGlass(world: SeedWorld, household: SeedHousehold, start: number): void {
  const child = household.children[0];
  if (!child) return;
  const user = world.rand.pick(world.staff.partners);
  const manager = world.rand.pick(world.staff.socialCareManagers);
  const at = world.workingMoment(start + world.rand.int(0, HISTORY_YEARS * 365 - 2) * DAY);
  world.writer.add('break_glass', {
    id: world.ids.next(),
    user_id: user.id,
    child_id: child.id,
    reason: 'Child arrived at A&E out of hours; needed to know if there is a protection plan',
    granted_at: isoAt(at),
    expires_at: isoAt(at + DAY),
    reviewed_by: manager.id,
    reviewed_at: isoAt(Math.min(world.asOf, at + 2 * DAY)),
  });
  world.audit(
    at,
    user,
    'child.break-glass',
    'child',
    child.id,
    'emergency access: flagged for review',
  );
  world.timeline(
    child.id,
    at,
    'break-glass',
    `Emergency access by ${user.displayName}`,
    null,
    null,
    user,
  );
}
