/**
 * Annex A rows from one child's record and work (pure: records in, rows out). The window is the
 * one Ofsted asks for: `from` to `to` inclusive, normally the six months before the inspection,
 * `to` the day the lists are made. A list of events (contacts, referrals, assessments, s47
 * enquiries) holds those that happened in the window; a list of services (early help, children
 * in need, child protection, children in care) holds those open at any time in it. "In the last
 * 12 months" counts are taken over the 12 months up to and including the event's own date.
 * Episodes come from the census's own derivation (`deriveEpisodes`), so Annex A and the census
 * agree on what a referral, an assessment and a plan are.
 */
import { WORKFLOW_IDS } from '../policy/pack-contract.js';
import { laChildIdOf, type CensusRecordFacts } from './census-child.js';
import { deriveEpisodes, type CensusWork } from './cin-episodes.js';
import { censusPeriod, type CensusEpisode, type CensusPeriod } from './census-model.js';
import { DISABILITY, isCode, type DisabilityCode } from './code-sets.js';
import { ANNEX_A_LIST_IDS, type AnnexAListId } from './annex-a-lists.js';
import {
  abuseValue,
  caseStatusValue,
  closureReasonValue,
  disabilityValue,
  ethnicityValue,
  genderValue,
  primaryNeedValue,
  sourceValue,
  yesNo,
  type CaseStatus,
} from './annex-a-values.js';

/** The Annex A window, inclusive ISO dates. */
export interface AnnexAWindow {
  from: string;
  to: string;
}

/** An early help assessment on the child (Baton's early help module). */
export interface AnnexAEarlyHelpAssessment {
  startedOn: string;
  completedOn: string | null;
  organisation: string | null;
}

/** What Annex A reads about one child. */
export interface AnnexAChildFacts {
  record: CensusRecordFacts;
  /** The child's allocated team and worker: the lead professional of their current work. */
  allocation: { team: string | null; worker: string | null };
  /** Every piece of the child's work, contacts included (`workflowId` 'contact'). */
  work: readonly CensusWork[];
  earlyHelpAssessments: readonly AnnexAEarlyHelpAssessment[];
}

/** A cell: an ISO date (in a date column), a number, text, or empty. */
export type AnnexACell = string | number | null;
export type AnnexARows = Record<AnnexAListId, AnnexACell[][]>;

/** The same day a year earlier (29 February falls back to 28 February). */
export function yearBefore(day: string): string {
  const y = Number(day.slice(0, 4)) - 1;
  const md = day.slice(5) === '02-29' ? '02-28' : day.slice(5);
  return `${String(y).padStart(4, '0')}-${md}`;
}

/** Whole years from `birth` to `on`; null without a date of birth or before birth. */
export function ageOn(birth: string | null, on: string): number | null {
  if (birth === null || birth > on) return null;
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) >= birth.slice(5) ? years : years - 1;
}

const within = (day: string | null, w: AnnexAWindow): boolean =>
  day !== null && day >= w.from && day <= w.to;
/** Open at any time in the window: started by its end and not ended before its start. */
const openIn = (start: string, end: string | null, w: AnnexAWindow): boolean =>
  start <= w.to && (end === null || end >= w.from);
/** In the 12 months up to and including `day`. */
const inYearTo = (d: string | null, day: string): boolean =>
  d !== null && d > yearBefore(day) && d <= day;

/**
 * A census period over an arbitrary span, for `deriveEpisodes` (which reads only `start` and
 * `end`): a year earlier than the window, so "in the last 12 months" counts see earlier work.
 */
function spanPeriod(w: AnnexAWindow): CensusPeriod {
  return { ...censusPeriod('2025-26'), start: yearBefore(w.from), end: w.to };
}

function caseStatus(e: CensusEpisode, work: readonly CensusWork[], to: string): CaseStatus {
  if (e.closureDate !== null) return 'closed';
  const open = (id: string) =>
    work.some(
      (w) =>
        w.workflowId === id &&
        w.openedOn >= e.referralDate &&
        w.openedOn <= to &&
        (w.closedOn === null || w.closedOn > to),
    );
  if (open(WORKFLOW_IDS.lookedAfter)) return 'looked-after';
  if (e.cpPlans.some((p) => p.endDate === null)) return 'cp-plan';
  if (e.cinPlans.some((p) => p.endDate === null)) return 'cin-plan';
  return 'assessment';
}

/** Every Annex A row for one child over the window, list by list. */
export function annexARows(child: AnnexAChildFacts, w: AnnexAWindow): AnnexARows {
  const r = child.record;
  const disabilities =
    r.disabilities === null
      ? null
      : r.disabilities.filter((d): d is DisabilityCode => isCode(DISABILITY, d));
  const base: AnnexACell[] = [
    laChildIdOf(r),
    genderValue(r.sex),
    ethnicityValue(r.ethnicity),
    r.dateOfBirth,
    ageOn(r.dateOfBirth, w.to),
  ];
  const disabled = disabilityValue(disabilities);
  const allocated: AnnexACell[] = [child.allocation.team, child.allocation.worker];
  const rows: AnnexARows = Object.fromEntries(ANNEX_A_LIST_IDS.map((id) => [id, []])) as never;

  // List 1: contacts received in the window.
  for (const c of child.work.filter((x) => x.workflowId === WORKFLOW_IDS.contact)) {
    const on = c.receivedOn ?? c.openedOn;
    if (within(on, w)) rows.contacts.push([...base, on, sourceValue(c.referralSource)]);
  }

  // List 2: early help assessments open at any time in the window.
  for (const a of child.earlyHelpAssessments)
    if (openIn(a.startedOn, a.completedOn, w))
      rows.earlyHelp.push([...base, a.startedOn, a.completedOn, a.organisation]);

  const episodes = deriveEpisodes(child.work, spanPeriod(w), r.dateOfDeath);
  const referralDates = episodes.map((e) => e.referralDate);

  // List 3: referrals in the window.
  for (const e of episodes.filter((x) => within(x.referralDate, w)))
    rows.referrals.push([
      ...base,
      e.referralDate,
      sourceValue(e.referralSource),
      yesNo(e.referralNfa),
      referralDates.filter((d) => inYearTo(d, e.referralDate)).length,
      ...allocated,
    ]);

  for (const e of episodes) {
    // List 4: assessments open at any time in the window. Support was required when social care
    // work (a plan or s47 enquiries) followed the assessment in the same episode.
    for (const a of e.assessments) {
      if (!openIn(a.actualStartDate, a.authorisationDate, w)) continue;
      const followed =
        e.cinPlans.some((p) => p.startDate >= a.actualStartDate) ||
        e.section47s.some((s) => s.actualStartDate >= a.actualStartDate) ||
        e.cpPlans.some((p) => p.startDate >= a.actualStartDate);
      rows.assessments.push([
        ...base,
        disabled,
        a.actualStartDate,
        null,
        a.authorisationDate,
        a.authorisationDate === null ? null : yesNo(followed),
        ...allocated,
      ]);
    }
  }

  // List 5: s47 enquiries started in the window, or whose ICPC was in it.
  const s47s = episodes.flatMap((e) => e.section47s.map((s) => ({ s, e })));
  for (const { s, e } of s47s) {
    if (!within(s.actualStartDate, w) && !within(s.dateOfInitialCpc, w)) continue;
    const plan =
      s.dateOfInitialCpc === null
        ? null
        : e.cpPlans.some((p) => p.startDate === s.dateOfInitialCpc);
    rows.section47.push([
      ...base,
      disabled,
      s.actualStartDate,
      s.dateOfInitialCpc === null && !s.icpcNotRequired ? null : yesNo(s.icpcNotRequired),
      s.dateOfInitialCpc,
      plan === null ? null : yesNo(plan),
      s47s.filter((x) => inYearTo(x.s.actualStartDate, s.actualStartDate)).length,
      // ICPCs up to this enquiry's own conference (or its start, when none was held).
      s47s.filter((x) => inYearTo(x.s.dateOfInitialCpc, s.dateOfInitialCpc ?? s.actualStartDate))
        .length,
      ...allocated,
    ]);
  }

  // List 6: children in need: every episode open at any time in the window.
  for (const e of episodes.filter((x) => openIn(x.referralDate, x.closureDate, w)))
    rows.childrenInNeed.push([
      ...base,
      disabled,
      e.referralDate,
      primaryNeedValue(e.primaryNeed),
      null,
      e.closureDate,
      closureReasonValue(e.closureReason),
      caseStatusValue(caseStatus(e, child.work, w.to)),
      ...allocated,
    ]);

  // List 7: child protection plans open at any time in the window.
  for (const p of episodes.flatMap((e) => e.cpPlans))
    if (openIn(p.startDate, p.endDate, w))
      rows.childProtection.push([
        ...base,
        disabled,
        p.startDate,
        abuseValue(p.initialCategory),
        abuseValue(p.latestCategory),
        null,
        null,
        p.reviewDates.filter((d) => d <= w.to).at(-1) ?? null,
        p.endDate,
        null,
        p.numberOfPreviousCpp,
        ...allocated,
      ]);

  // List 8: periods of care open at any time in the window (Baton's `looked-after` work).
  const care = child.work
    .filter((x) => x.workflowId === WORKFLOW_IDS.lookedAfter && x.openedOn <= w.to)
    .map((x) => ({
      start: x.openedOn,
      end: x.closedOn !== null && x.closedOn <= w.to ? x.closedOn : null,
    }));
  for (const c of care) {
    if (!openIn(c.start, c.end, w)) continue;
    const episode = episodes.find(
      (e) => e.referralDate <= c.start && (e.closureDate === null || e.closureDate >= c.start),
    );
    const again = care.some(
      (o) => o !== c && o.end !== null && o.end <= c.start && inYearTo(o.end, c.start),
    );
    rows.childrenInCare.push([
      ...base,
      null,
      disabled,
      c.start,
      primaryNeedValue(episode?.primaryNeed ?? null),
      yesNo(again),
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      c.end,
      ...Array<null>(12).fill(null),
      ...allocated,
    ]);
  }
  return rows;
}
