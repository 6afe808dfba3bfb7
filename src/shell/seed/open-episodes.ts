/**
 * `baton seed --open-episodes N`: after the realistic authority, open more early help and social
 * care episodes until N are open, so that lists such as a team's "due and overdue" can be measured
 * at the size a goal names (the realistic rates leave only a few per cent of children with open
 * work). Each new episode is walked through its workflow from a start in the past, taking only
 * steps that keep it open, so it stands in a plausible state with the deadlines that state has —
 * overdue, due soon and later — owned by a caseload-sized team of workers and lead professionals.
 * Rows go through the same batched writer as the rest of the seed; deterministic by seed.
 */
import type { Kysely } from 'kysely';
import type { Transition, Workflow } from '../../core/journey/index.js';
import type { Database } from '../db/index.js';
import {
  DAY,
  dateAt,
  isoAt,
  type SeedAgency,
  type SeedUser,
  type SeedWorld,
} from './seed-world.js';
import { CHAIN_DAYS, chainBefore } from './open-episode-chains.js';
import { adultGivenName, familyName } from './synthetic-names.js';
import { DEFAULT_DAYS, RATIONALES, STEP_DAYS, WEIGHTS, queueDeadline } from './work-simulator.js';

/** Work that is not an episode about a child: a front-door contact, a professional disagreement. */
export const NOT_EPISODES = ['contact', 'disagreement'] as const;

/** The episodes opened, in proportion (a large authority's open caseload, roughly). */
const MIX = [
  ['early-help-episode', 0.45],
  ['cin-plan', 0.2],
  ['cf-assessment', 0.12],
  ['looked-after', 0.1],
  ['cp-plan', 0.08],
  ['s47', 0.05],
] as const;

/** Social care work: each opened episode is a CIN episode the census returns. */
const SOCIAL_CARE = new Set(['cin-plan', 'cf-assessment', 'looked-after', 'cp-plan', 's47']);

/** How long ago an episode of each kind opened, in days: [shortest, longest]. */
const AGE_DAYS: Readonly<Record<string, readonly [number, number]>> = {
  'early-help-episode': [0, 540],
  'cin-plan': [0, 720],
  'cf-assessment': [0, 75],
  'looked-after': [0, 1400],
  'cp-plan': [0, 540],
  s47: [0, 25],
};

/** Core groups every four to eight weeks (the realistic seed's shorter gaps make long histories). */
const LOOP_DAYS: Readonly<Record<string, readonly [number, number]>> = {
  'core-group-held': [28, 56],
};
const MAX_STEPS = 24;
/** Open cases per social worker and per lead professional that extra staff are hired for. */
const CASELOAD = { socialCare: 18, earlyHelp: 25 } as const;
const CHUNK = 5000;

export interface OpenEpisodesResult {
  /** Episodes open before (from the realistic seed). */
  before: number;
  opened: number;
}

/** Open episodes (not contacts or disagreements) in the database. */
export async function countOpenEpisodes(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('work_items')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .where('closed_at', 'is', null)
    .where('workflow_id', 'not in', NOT_EPISODES)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Open episodes until `target` are open; rows are queued on the world's writer and flushed. */
export async function openEpisodesUpTo(
  db: Kysely<Database>,
  world: SeedWorld,
  target: number,
  passwordHash: string,
  seed: number,
): Promise<OpenEpisodesResult> {
  const before = await countOpenEpisodes(db);
  const wanted = target - before;
  if (wanted <= 0) return { before, opened: 0 };
  const { rand } = world;
  const people = await db
    .selectFrom('people')
    .select(['id', 'date_of_birth', 'date_of_death'])
    .where('kind', '=', 'child')
    .where('date_of_birth', 'is not', null)
    .where('merged_into', 'is', null)
    .where('family_name', 'not like', '%(demo)')
    .orderBy('id')
    .execute();
  const children = people.map((r) => r.id);
  if (children.length === 0) return { before, opened: 0 };
  const { from: socialCareFrom, lastClosed } = await socialCareFromDates(db, world, people);
  const openWork = await db
    .selectFrom('work_item_children')
    .innerJoin('work_items', 'work_items.id', 'work_item_children.work_item_id')
    .select([
      'work_item_children.child_id',
      'work_items.workflow_id',
      'work_items.id',
      'work_items.opened_at',
    ])
    .where('work_items.closed_at', 'is', null)
    .where('work_items.workflow_id', 'not in', NOT_EPISODES)
    .orderBy('work_items.opened_at')
    .orderBy('work_items.id')
    .execute();
  // A child's open CIN episode: the work new social care work joins (`steppedFrom`), and when.
  const episodes = new Map<string, OpenEpisode>();
  for (const r of openWork)
    if (SOCIAL_CARE.has(r.workflow_id) && !episodes.has(r.child_id))
      episodes.set(r.child_id, {
        workItemId: r.id,
        workflowId: r.workflow_id,
        openedAt: Date.parse(r.opened_at),
      });
  // A child has one open episode of a kind at a time (BATON_ALREADY_OPEN); children with no open
  // work come first, and only when there are more episodes than such children do others get a
  // second kind of work.
  const open = new Set(openWork.map((r) => `${r.child_id}|${r.workflow_id}`));
  const busy = new Set(openWork.map((r) => r.child_id));
  const free = shuffle(
    world,
    children.filter((id) => !busy.has(id)),
  );
  const plans: { childId: string; workflowId: string; from: number }[] = [];
  for (let round = 0; plans.length < wanted && round < MIX.length; round++) {
    const pool = round === 0 ? free : shuffle(world, children);
    for (const childId of pool) {
      if (plans.length >= wanted) break;
      const drawn: string = rand.weighted(MIX);
      // Another kind when the child already has this one open, or it cannot be opened for them
      // (later rounds only).
      const at = MIX.findIndex(([w]) => w === drawn);
      const kinds = MIX.map((_, i) => MIX[(at + i) % MIX.length]?.[0] ?? drawn);
      const from = socialCareFrom.get(childId);
      const workflowId = kinds.find((kind) => {
        if (open.has(`${childId}|${kind}`)) return false;
        if (!SOCIAL_CARE.has(kind)) return true;
        // One CIN episode at a time (census rules 8820, 4001, 8935…): a child with none open
        // begins one (from its front door); one with an episode open gets work alongside it
        // only of the kinds that may run together in one episode.
        const kindsOpen = MIX.filter(([w]) => open.has(`${childId}|${w}`)).map(([w]) => w);
        const inEpisode = kindsOpen.filter((w) => SOCIAL_CARE.has(w));
        return inEpisode.length === 0 ? from !== undefined : alongside(kind, inEpisode);
      });
      if (workflowId === undefined) continue;
      const begins =
        SOCIAL_CARE.has(workflowId) &&
        !MIX.some(([w]) => SOCIAL_CARE.has(w) && open.has(`${childId}|${w}`));
      open.add(`${childId}|${workflowId}`);
      plans.push({
        childId,
        workflowId,
        from: begins ? (from ?? 0) : (lastClosed.get(childId) ?? 0),
      });
    }
  }

  const earlyHelp = plans.filter((p) => p.workflowId === 'early-help-episode').length;
  const staff = caseloadStaff(world, plans.length - earlyHelp, earlyHelp, passwordHash, seed);
  for (const [i, plan] of plans.entries()) {
    openOne(world, staff, plan.childId, plan.workflowId, plan.from, episodes);
    if ((i + 1) % CHUNK === 0) await world.writer.flush(db);
  }
  await world.writer.flush(db);
  return { before, opened: plans.length };
}

/**
 * For each child who may have a social care episode opened, the earliest its front door may be:
 * after birth and after any social care work of theirs has closed (and not died, nor with social
 * care work open). Children whose earliest is too near "as of" for a chain are left out.
 */
async function socialCareFromDates(
  db: Kysely<Database>,
  world: SeedWorld,
  people: readonly { id: string; date_of_birth: string | null; date_of_death: string | null }[],
): Promise<{ from: Map<string, number>; lastClosed: Map<string, number> }> {
  const work = await db
    .selectFrom('work_item_children')
    .innerJoin('work_items', 'work_items.id', 'work_item_children.work_item_id')
    .select(['work_item_children.child_id', 'work_items.closed_at'])
    .where('work_items.workflow_id', 'in', [...SOCIAL_CARE])
    .execute();
  const busy = new Set<string>();
  const lastClosed = new Map<string, number>();
  for (const w of work) {
    if (w.closed_at === null) busy.add(w.child_id);
    else
      lastClosed.set(
        w.child_id,
        Math.max(lastClosed.get(w.child_id) ?? 0, Date.parse(w.closed_at)),
      );
  }
  const out = new Map<string, number>();
  for (const p of people) {
    if (busy.has(p.id) || p.date_of_death !== null || p.date_of_birth === null) continue;
    const from =
      Math.max(Date.parse(`${p.date_of_birth}T00:00:00Z`), lastClosed.get(p.id) ?? 0) + 7 * DAY;
    if (from + (CHAIN_DAYS + 7) * DAY < world.asOf) out.set(p.id, from);
  }
  return { from: out, lastClosed };
}

/** A child's open CIN episode, as work joining it records it. */
interface OpenEpisode {
  workItemId: string;
  workflowId: string;
  openedAt: number;
}

/**
 * Whether social care work of `kind` may open alongside an episode whose open work is `open`
 * without breaking a census rule: one open assessment (8896), one open s47 (8839) and none while
 * a CP plan is open, one open CIN plan (4004) and none alongside a CP plan (4001, 4016, 4017); a
 * CP plan only from its own ICPC (2885), so never alongside; care alongside anything.
 */
function alongside(kind: string, open: readonly string[]): boolean {
  const has = (w: string) => open.includes(w);
  switch (kind) {
    case 'looked-after':
      return true;
    case 'cf-assessment':
      return true;
    case 's47':
      return !has('cp-plan');
    case 'cin-plan':
      return !has('cp-plan');
    default:
      return false;
  }
}

/** A deterministic Fisher–Yates shuffle (a copy). */
function shuffle<T>(world: SeedWorld, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = world.rand.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

interface CaseloadStaff {
  socialWorkers: SeedUser[];
  leadProfessionals: SeedUser[];
}

/** Enough social workers and lead professionals for caseloads of about 18 and 25. */
function caseloadStaff(
  world: SeedWorld,
  socialCareEpisodes: number,
  earlyHelpEpisodes: number,
  passwordHash: string,
  seed: number,
): CaseloadStaff {
  const { staff } = world;
  let n = 0;
  const hire = (agency: SeedAgency, role: string, tag: string, count: number): SeedUser[] =>
    Array.from({ length: Math.max(0, count) }, () => {
      n += 1;
      const gender = world.rand.chance(0.7) ? 'female' : 'male';
      const user = {
        id: world.ids.next(),
        displayName: `${adultGivenName(world.rand, gender)} ${familyName(world.rand)} (synthetic)`,
        agency,
        roles: role,
      };
      world.writer.add('users', {
        id: user.id,
        username: `s${String(seed)}-${tag}${String(n).padStart(5, '0')}`,
        display_name: user.displayName,
        agency_id: agency.id,
        password_hash: passwordHash,
        active: 1,
        created_at: isoAt(world.asOf - 2 * 365 * DAY),
      });
      world.writer.add('user_roles', { user_id: user.id, role });
      return user;
    });
  // School-led early help (a quarter) stays with the schools' safeguarding leads.
  const ledByService = Math.round(earlyHelpEpisodes * 0.75);
  return {
    socialWorkers: [
      ...staff.socialWorkers,
      ...hire(
        staff.socialCare,
        'social-worker',
        'csw',
        Math.ceil(socialCareEpisodes / CASELOAD.socialCare) - staff.socialWorkers.length,
      ),
    ],
    leadProfessionals: [
      ...staff.leadProfessionals,
      ...hire(
        staff.earlyHelp,
        'lead-professional',
        'clp',
        Math.ceil(ledByService / CASELOAD.earlyHelp) - staff.leadProfessionals.length,
      ),
    ],
  };
}

/**
 * Queue one episode about one child, walked from its start to "as of" without closing. A social
 * care episode comes with its front door and the work it follows (open-episode-chains.ts), its
 * chain beginning no earlier than `from`.
 */
function openOne(
  world: SeedWorld,
  hired: CaseloadStaff,
  childId: string,
  workflowId: string,
  from: number,
  episodes: Map<string, OpenEpisode>,
) {
  const { rand, writer, pack, staff } = world;
  const workflow = pack.workflows.get(workflowId);
  if (!workflow) throw new Error(`the pack has no workflow ${workflowId}`);
  const earlyHelp = workflowId === 'early-help-episode';
  const schoolLed = earlyHelp && rand.chance(0.25);
  const lead = schoolLed
    ? rand.pick(staff.schoolLeads)
    : rand.pick(earlyHelp ? hired.leadProfessionals : hired.socialWorkers);
  const owner = schoolLed ? lead.agency : earlyHelp ? staff.earlyHelp : staff.socialCare;
  const manager = rand.pick(earlyHelp ? staff.earlyHelpManagers : staff.socialCareManagers);
  const [minAge, maxAge] = AGE_DAYS[workflowId] ?? [0, 365];
  const drawn = world.workingMoment(world.asOf - rand.int(minAge, maxAge) * DAY);
  const socialCare = SOCIAL_CARE.has(workflowId);
  const episode = socialCare ? episodes.get(childId) : undefined;
  // Work alongside an open episode begins after it began and after the child's earlier work
  // ended; a new episode's chain begins up to CHAIN_DAYS before its own work.
  const openedAt =
    episode !== undefined
      ? Math.min(
          world.asOf,
          Math.max(drawn, world.workingMoment(Math.max(episode.openedAt, from) + DAY)),
        )
      : socialCare && drawn - CHAIN_DAYS * DAY < from
        ? world.workingMoment(from + CHAIN_DAYS * DAY)
        : drawn;
  const id = world.ids.next();
  if (socialCare && episode === undefined)
    episodes.set(childId, { workItemId: id, workflowId, openedAt });
  const deadlines = new Map<string, { due: string; met_at?: string | null }>();
  const openDeadlines = (timescaleIds: readonly string[], from: number) => {
    for (const tsId of timescaleIds) {
      // One open deadline per timescale: a new one replaces (meets) the one before.
      const before = deadlines.get(tsId);
      if (before && before.met_at == null && pack.timescales.has(tsId)) before.met_at = isoAt(from);
      const row = queueDeadline(world, id, tsId, from, { agencyId: owner.id, userId: lead.id });
      if (row) deadlines.set(tsId, row);
    }
  };
  const item = writer.add('work_items', {
    id,
    workflow_id: workflow.id,
    pack_id: pack.id,
    pack_version: pack.version,
    subject_type: 'child',
    subject_id: childId,
    state: workflow.initial,
    level: earlyHelp ? null : 4,
    lead_professional_name: lead.displayName,
    lead_professional_agency: lead.agency.name,
    lead_professional_user_id: lead.id,
    owner_agency_id: owner.id,
    events: '[]',
    data: JSON.stringify(
      earlyHelp
        ? { leadAgreedWithFamily: true, openedReason: 'The family asked for help.' }
        : episode !== undefined
          ? {
              steppedFrom: {
                workItemId: episode.workItemId,
                workflowId: episode.workflowId,
                transitionId: null,
                outcome: null,
              },
            }
          : socialCare
            ? chainBefore(world, { worker: lead, manager, owner }, childId, workflowId, openedAt)
            : {},
    ),
    opened_at: isoAt(openedAt),
    opened_by: lead.id,
    closed_at: null,
    version: 1,
  });
  writer.add('work_item_children', { work_item_id: id, child_id: childId });
  world.involvement(
    childId,
    lead.agency,
    lead,
    earlyHelp ? 'lead-professional' : 'allocated-worker',
    openedAt,
    null,
  );
  openDeadlines(workflow.opensDeadlines, openedAt);

  const events: { id: string; on: string }[] = [];
  let state = workflow.initial;
  let at = openedAt;
  for (let i = 0; i < MAX_STEPS; i++) {
    const step = stepThatStaysOpen(world, workflow, state, deadlines);
    if (!step) break;
    const next = world.workingMoment(whenTaken(world, step, at, deadlines));
    if (next > world.asOf) break;
    at = next;
    const stamp = isoAt(at);
    const authorised = step.authorisedBy !== undefined;
    writer.add('transitions', {
      id: world.ids.next(),
      work_item_id: id,
      transition_id: step.id,
      from_state: state,
      to_state: step.to,
      outcome: step.outcome ?? null,
      status: 'applied',
      payload: JSON.stringify({ rationale: rand.pick(RATIONALES) }),
      pack_id: pack.id,
      pack_version: pack.version,
      requested_by: lead.id,
      requested_at: stamp,
      decided_by: authorised ? manager.id : null,
      decided_at: authorised ? isoAt(Math.min(world.asOf, at + 3_600_000)) : null,
      decision_note: authorised ? 'Agreed' : null,
    });
    events.push({ id: step.id, on: dateAt(at) });
    for (const tsId of step.closesDeadlines) {
      const d = deadlines.get(tsId);
      if (d && d.met_at == null) d.met_at = stamp;
      deadlines.delete(tsId);
    }
    openDeadlines(step.opensDeadlines, at);
    state = step.to;
  }
  item.state = state;
  item.events = JSON.stringify(events);
  item.version = 1 + events.length;
}

/**
 * When a step is taken: a step that meets a deadline is mostly taken in the days before it is due
 * and now and then late (so about one open deadline in five is overdue, not most of them); other
 * steps take the seed's usual time.
 */
function whenTaken(
  world: SeedWorld,
  step: Transition,
  at: number,
  open: ReadonlyMap<string, { due: string }>,
): number {
  const { rand } = world;
  const dues = step.closesDeadlines.flatMap((id) => {
    const d = open.get(id);
    return d ? [Date.parse(d.due.length > 10 ? d.due : `${d.due}T00:00:00Z`)] : [];
  });
  if (dues.length === 0) {
    const [min, max] = LOOP_DAYS[step.id] ?? STEP_DAYS[step.id] ?? DEFAULT_DAYS;
    return at + rand.int(min, max) * DAY;
  }
  const due = Math.min(...dues);
  const when = rand.chance(0.2) ? due + rand.int(1, 40) * DAY : due - rand.int(0, 10) * DAY;
  return Math.max(at + DAY, when);
}

/** A step from `state` that does not end the work, chosen with the seed's weights. */
function stepThatStaysOpen(
  world: SeedWorld,
  workflow: Workflow,
  state: string,
  open: ReadonlyMap<string, unknown>,
): Transition | null {
  const finals = new Set(workflow.states.filter((s) => s.final).map((s) => s.id));
  // A step that meets deadlines is taken while one of them is open: the first review once.
  const choices = workflow.transitions.filter(
    (t) =>
      t.from.includes(state) &&
      !finals.has(t.to) &&
      (t.closesDeadlines.length === 0 || t.closesDeadlines.some((id) => open.has(id))),
  );
  if (choices.length === 0) return null;
  const id = world.rand.weighted(choices.map((t) => [t.id, WEIGHTS[t.id] ?? 0.05] as const));
  return choices.find((t) => t.id === id) ?? null;
}
