/**
 * Pre-proceedings (PLO) in the synthetic authority, so its census exercises the 2026-27 module:
 * about a third of child protection plans, and a few child in need plans, go into pre-proceedings
 * a month or more after they began, and they run as the Public Law Outline sets out (DfE 2014; PD12A): the letter before
 * proceedings a few days after the legal planning decision (offering a family group conference
 * most times), the first meeting a week or two later, reviews about monthly, then the decision to
 * step down, to start care proceedings (the court application and the letter to initiate them
 * follow), or to end for another reason. Nothing happens after the "as of" day; every record is
 * checked by the same core rule the pages use before it is written. Written after the journeys,
 * in one pass over the plans, with its own seeded generator (the rest of the seed is unchanged).
 */
import type { Kysely } from 'kysely';
import { preProceedingsProblems, type PreProceedingsFacts } from '../../core/returns/index.js';
import type { Database } from '../db/index.js';
import { IdSource, SeededRandom } from './seeded-random.js';

const DAY = 86_400_000;
/** The share of plans that go into pre-proceedings: most from child protection, a few from CIN. */
const SHARE: Readonly<Record<string, number>> = { 'cp-plan': 0.35, 'cin-plan': 0.08 };
const OUTCOMES = [
  ['A', 0.55],
  ['B', 0.3],
  ['C', 0.15],
] as const;

const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
/** The next weekday on or after `t` (meetings and letters happen on working days). */
function weekday(t: number): number {
  const d = new Date(t).getUTCDay();
  return t + (d === 6 ? 2 : d === 0 ? 1 : 0) * DAY;
}

/** One pre-proceedings record for a plan that began on `opened` (ms), as of `last` (ms). */
export function plannedPreProceedings(
  rand: SeededRandom,
  opened: number,
  planEnd: number,
  last: number,
): PreProceedingsFacts | null {
  const earliest = opened + 28 * DAY;
  const latest = Math.min(planEnd, last);
  if (latest - earliest < 7 * DAY) return null;
  const start = weekday(earliest + rand.int(0, Math.floor((latest - earliest) / DAY) - 3) * DAY);
  if (start > last) return null;
  const r: PreProceedingsFacts = {
    startedOn: iso(start),
    lbpSentOn: null,
    fgdmOffered: null,
    fgdmFacilitated: null,
    meetings: [],
    stepDecisionOn: null,
    outcome: null,
    courtApplicationOn: null,
    letterInitiatingOn: null,
  };
  const at = (t: number): number | null => {
    const w = weekday(t);
    return w <= last ? w : null;
  };
  const letter = at(start + rand.int(2, 7) * DAY);
  if (letter === null) return r;
  const offered = rand.chance(0.8);
  Object.assign(r, {
    lbpSentOn: iso(letter),
    fgdmOffered: offered,
    fgdmFacilitated: offered ? rand.chance(0.6) : false,
  });
  const meetings: { kind: 'initial' | 'review'; heldOn: string }[] = [];
  let t = at(letter + rand.int(7, 14) * DAY);
  if (t === null) return r;
  meetings.push({ kind: 'initial', heldOn: iso(t) });
  r.meetings = meetings;
  for (let n = rand.int(0, 3); n > 0; n--) {
    const next = at(t + rand.int(26, 35) * DAY);
    if (next === null) return r;
    meetings.push({ kind: 'review', heldOn: iso(next) });
    t = next;
  }
  const decision = at(t + rand.int(7, 21) * DAY);
  if (decision === null) return r;
  const outcome = rand.weighted(OUTCOMES);
  Object.assign(r, { stepDecisionOn: iso(decision), outcome });
  if (outcome !== 'B') return r;
  const court = at(decision + rand.int(3, 14) * DAY);
  if (court === null) return r;
  r.courtApplicationOn = iso(court);
  const issued = at(court + rand.int(0, 2) * DAY);
  if (issued !== null) r.letterInitiatingOn = iso(issued);
  return r;
}

/** Put some CP and CIN plans into pre-proceedings; answers how many records were written. */
export async function seedPreProceedings(
  db: Kysely<Database>,
  options: { randomSeed: number; asOf: string },
): Promise<number> {
  const rand = new SeededRandom(options.randomSeed * 7919 + 26);
  const ids = new IdSource(options.randomSeed * 7919 + 26);
  const last = Date.parse(`${options.asOf}T00:00:00Z`) - DAY;
  const plans = await db
    .selectFrom('work_items')
    .innerJoin('work_item_children', 'work_item_children.work_item_id', 'work_items.id')
    .select([
      'work_items.id',
      'work_item_children.child_id',
      'work_items.opened_at',
      'work_items.began_at',
      'work_items.closed_at',
      'work_items.opened_by',
      'work_items.lead_professional_user_id',
      'work_items.workflow_id',
    ])
    .where('work_items.workflow_id', 'in', Object.keys(SHARE))
    .orderBy('work_items.id')
    .orderBy('work_item_children.child_id')
    .execute();
  const recorded = `${options.asOf}T08:00:00.000Z`;
  let written = 0;
  for (const p of plans) {
    if (!rand.chance(SHARE[p.workflow_id] ?? 0)) continue;
    const began = Date.parse((p.began_at ?? p.opened_at).slice(0, 10) + 'T00:00:00Z');
    const end = p.closed_at === null ? last : Date.parse(p.closed_at.slice(0, 10) + 'T00:00:00Z');
    const r = plannedPreProceedings(rand, began, end, last);
    if (r === null) continue;
    const problems = preProceedingsProblems(r, { today: iso(last), workOpenedOn: iso(began) });
    if (problems.length > 0) continue;
    const id = ids.next();
    const by = p.lead_professional_user_id ?? p.opened_by;
    await db
      .insertInto('pre_proceedings')
      .values({
        id,
        child_id: p.child_id,
        work_item_id: p.id,
        started_on: r.startedOn,
        lbp_sent_on: r.lbpSentOn,
        fgdm_offered: r.fgdmOffered === null ? null : r.fgdmOffered ? 1 : 0,
        fgdm_facilitated: r.fgdmFacilitated === null ? null : r.fgdmFacilitated ? 1 : 0,
        step_decision_on: r.stepDecisionOn,
        outcome: r.outcome,
        court_application_on: r.courtApplicationOn,
        letter_initiating_on: r.letterInitiatingOn,
        version: 1,
        recorded_by: by,
        recorded_at: recorded,
        updated_by: by,
        updated_at: recorded,
      })
      .execute();
    if (r.meetings.length > 0)
      await db
        .insertInto('pre_proceedings_meetings')
        .values(
          r.meetings.map((m) => ({
            id: ids.next(),
            pre_proceedings_id: id,
            kind: m.kind,
            held_on: m.heldOn,
            recorded_by: by,
            recorded_at: recorded,
          })),
        )
        .execute();
    written++;
  }
  return written;
}
