/**
 * CIN episodes derived from Baton's work, so nothing is entered twice for the census. A referral
 * accepted for social care starts a chain of social care work (assessment, s47, CP plan, CIN
 * plan, looked after), each piece `steppedFrom` the one before; the chain is the episode. It
 * closes when the last piece closes. The modules come from the journey: an assessment is a
 * `cf-assessment` work item (authorised when its outcome step is authorised), a Section47 is an
 * `s47` item (its start and ICPC target from the `icpc` deadline the strategy discussion opens,
 * its conference from the step with the `icpc` role), and so on. Workflow and timescale ids are the ones every pack shares (policy-packs/national.yaml).
 */
import { TIMESCALE_IDS, WORKFLOW_IDS, type StepRole } from '../policy/pack-contract.js';
import {
  ABUSE_CATEGORY_CODES,
  ASSESSMENT_FACTORS,
  CATEGORY_OF_ABUSE,
  CLOSURE_REASON,
  PRIMARY_NEED,
  REFERRAL_SOURCE,
  isCode,
  type AssessmentFactorCode,
  type ClosureReasonCode,
} from './code-sets.js';
import { censusPreProceedingsOf, type PreProceedingsFacts } from './pre-proceedings.js';
import type {
  CensusAssessment,
  CensusCpPlan,
  CensusEpisode,
  CensusPeriod,
  CensusSection47,
} from './census-model.js';

/** The workflows that make up a child in need episode. */
export const SOCIAL_CARE_WORKFLOWS = [
  WORKFLOW_IDS.cfAssessment,
  WORKFLOW_IDS.s47,
  WORKFLOW_IDS.cpPlan,
  WORKFLOW_IDS.cinPlan,
  WORKFLOW_IDS.lookedAfter,
] as const;

/** Census items a practitioner records on a piece of work (`work_items.data.census`). */
export interface WorkCensusItems {
  primaryNeed?: string | undefined;
  factors?: readonly string[] | undefined;
  closureReason?: string | undefined;
  latestCategory?: string | undefined;
  /** An assessment's or a CIN plan's recorded start (the work's opening when absent). */
  startDate?: string | undefined;
  /** The day the manager authorised the assessment (the outcome step's day when absent). */
  authorisedOn?: string | undefined;
}

/** One piece of work on a child, as the census reads it. */
export interface CensusWork {
  id: string;
  workflowId: string;
  openedOn: string;
  closedOn: string | null;
  steppedFromId: string | null;
  /** A contact's referral source (DfE code) and the day it was received. */
  referralSource: string | null;
  receivedOn: string | null;
  census: WorkCensusItems;
  /** Applied steps, oldest first: the day, the outcome and a category of abuse if it carried one. */
  steps: readonly {
    on: string;
    outcome: string | null;
    /**
     * The step's role in the pack its work runs under (src/core/policy/pack-contract.ts): the
     * census reads what a step meant from its role, never from the outcome's name.
     */
    role?: StepRole | null | undefined;
    category: string | null;
    /** When the step happened, where it was recorded later (an ICPC's date). */
    occurredOn?: string | undefined;
  }[];
  deadlines: readonly {
    timescaleId: string;
    openedOn: string;
    due: string;
    metOn: string | null;
  }[];
  /** Pre-proceedings (PLO) recorded on this piece of work (2026-27 census module). */
  preProceedings?: readonly PreProceedingsFacts[] | undefined;
}

const isSocialCare = (w: CensusWork): boolean =>
  (SOCIAL_CARE_WORKFLOWS as readonly string[]).includes(w.workflowId);

const maxDate = (dates: readonly string[]): string =>
  dates.reduce((a, b) => (b > a ? b : a), dates[0] ?? '');

/** Work as it stood at the end of `asAt`: later openings dropped, later closings still open. */
function asAtDay(work: readonly CensusWork[], asAt: string): CensusWork[] {
  return work
    .filter((w) => w.openedOn <= asAt)
    .map((w) => ({
      ...w,
      closedOn: w.closedOn !== null && w.closedOn <= asAt ? w.closedOn : null,
      census: {
        ...w.census,
        authorisedOn:
          w.census.authorisedOn !== undefined && w.census.authorisedOn <= asAt
            ? w.census.authorisedOn
            : undefined,
      },
      steps: w.steps.filter((s) => s.on <= asAt),
      deadlines: w.deadlines
        .filter((d) => d.openedOn <= asAt)
        .map((d) => ({ ...d, metOn: d.metOn !== null && d.metOn <= asAt ? d.metOn : null })),
    }));
}

interface Chain {
  items: CensusWork[];
  referralDate: string;
  referralSource: string | null;
}

/** Group social care work into chains by following `steppedFrom` to the first social care item. */
function chainsOf(work: readonly CensusWork[]): Chain[] {
  const byId = new Map(work.map((w) => [w.id, w]));
  const rootOf = (w: CensusWork): CensusWork => {
    let at = w;
    const seen = new Set<string>();
    for (;;) {
      seen.add(at.id);
      const parent = at.steppedFromId === null ? undefined : byId.get(at.steppedFromId);
      if (parent === undefined || !isSocialCare(parent) || seen.has(parent.id)) return at;
      at = parent;
    }
  };
  const groups = new Map<string, CensusWork[]>();
  for (const w of work.filter(isSocialCare)) {
    const root = rootOf(w);
    groups.set(root.id, [...(groups.get(root.id) ?? []), w]);
  }
  return [...groups.entries()].map(([rootId, items]) => {
    const root = byId.get(rootId) as CensusWork;
    const parent = root.steppedFromId === null ? undefined : byId.get(root.steppedFromId);
    const contact = parent?.workflowId === WORKFLOW_IDS.contact ? parent : undefined;
    return {
      items: [...items].sort((a, b) => a.openedOn.localeCompare(b.openedOn)),
      referralDate: contact?.receivedOn ?? contact?.openedOn ?? root.openedOn,
      // A step up from an early help episode is a referral from early help (5D).
      referralSource:
        contact?.referralSource ??
        (parent?.workflowId === WORKFLOW_IDS.earlyHelpEpisode ? '5D' : null),
    };
  });
}

/** Chains that overlap in time are one episode: DfE allows no overlapping episodes (rule 8820). */
function mergeOverlapping(chains: Chain[]): Chain[] {
  const sorted = [...chains].sort((a, b) => a.referralDate.localeCompare(b.referralDate));
  const out: Chain[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined) {
      const end = closedOn(last.items);
      if (end === null || c.referralDate <= end) {
        last.items = [...last.items, ...c.items].sort((a, b) =>
          a.openedOn.localeCompare(b.openedOn),
        );
        continue;
      }
    }
    out.push({ ...c, items: [...c.items] });
  }
  return out;
}

function closedOn(items: readonly CensusWork[]): string | null {
  if (items.some((w) => w.closedOn === null)) return null;
  return maxDate(items.map((w) => w.closedOn ?? ''));
}

/**
 * The reason for closure when the practitioner recorded none: the child died (RC2); an episode
 * that was only an assessment closed by a step the pack declares as no further action (RC8) or
 * as a referral to early help (RC9); otherwise services ceased (RC7).
 */
export function defaultClosureReason(
  items: readonly CensusWork[],
  closure: string,
  deathDate: string | null,
): ClosureReasonCode {
  if (deathDate !== null && deathDate <= closure) return 'RC2';
  if (items.every((w) => w.workflowId === WORKFLOW_IDS.cfAssessment)) {
    const last = items[items.length - 1] as CensusWork;
    const reason = assessmentClosureReasonOf(last.steps[last.steps.length - 1]?.role);
    if (reason !== null) return reason;
  }
  return 'RC7';
}

/**
 * The reason for closure an episode that was only an assessment gets from the role of the step
 * that closed it (RC9 into early help, RC8 no further action), or null when the role says
 * neither. The census and the seed both read it, so a seeded reason is the one derived.
 */
export function assessmentClosureReasonOf(role: StepRole | null | undefined): 'RC8' | 'RC9' | null {
  if (role === 'assessment-to-early-help') return 'RC9';
  if (role === 'assessment-no-further-action') return 'RC8';
  return null;
}

const inPeriod = (end: string | null, period: CensusPeriod): boolean =>
  end === null || end >= period.start;

/**
 * An assessment: started when the social worker says it did (else when the work opened),
 * authorised on the day the manager authorised it on the assessment page (else the day its
 * outcome step closed it). Factors are returned only for an authorised assessment (rule 8614).
 */
function assessmentOf(w: CensusWork): CensusAssessment {
  const factors = (w.census.factors ?? []).filter((f): f is AssessmentFactorCode =>
    isCode(ASSESSMENT_FACTORS, f),
  );
  const authorised = w.census.authorisedOn ?? w.closedOn;
  return {
    actualStartDate: w.census.startDate ?? w.openedOn,
    internalReviewDate: null,
    authorisationDate: authorised,
    factors: authorised === null ? [] : factors,
  };
}

/**
 * Section 47 enquiries: started at the strategy discussion (the `icpc` deadline it opens). The
 * ICPC was held when the enquiries closed after a step the pack declares as the conference (role
 * `icpc`, whatever it decided) or when a CP plan followed them; its date is when that step
 * happened. Enquiries that closed any other way needed no ICPC.
 */
function section47Of(w: CensusWork, all: readonly CensusWork[]): CensusSection47 {
  const icpc = w.deadlines.find((d) => d.timescaleId === TIMESCALE_IDS.icpc);
  const ledToPlan = all.some(
    (x) => x.workflowId === WORKFLOW_IDS.cpPlan && x.steppedFromId === w.id,
  );
  const last = w.steps[w.steps.length - 1];
  const conference = [...w.steps].reverse().find((s) => s.role === 'icpc') ?? last;
  const held = w.closedOn !== null && (ledToPlan || conference?.role === 'icpc');
  // The conference's date is when its step happened (recorded on the day, or later); a step
  // that closed the enquiries closed them that day.
  const heldOn =
    conference?.occurredOn ?? (conference === last ? w.closedOn : (conference?.on ?? null));
  return {
    actualStartDate: icpc?.openedOn ?? w.openedOn,
    initialCpcTarget: icpc === undefined ? null : icpc.due.slice(0, 10),
    dateOfInitialCpc: held ? heldOn : null,
    icpcNotRequired: w.closedOn !== null && !held,
  };
}

function cpPlanOf(w: CensusWork, all: readonly CensusWork[]): CensusCpPlan {
  const parent = all.find((x) => x.id === w.steppedFromId);
  const word = [...(parent?.steps ?? [])].reverse().find((s) => s.category !== null)?.category;
  const initial = word === undefined || word === null ? null : (ABUSE_CATEGORY_CODES[word] ?? null);
  const latest = isCode(CATEGORY_OF_ABUSE, w.census.latestCategory)
    ? w.census.latestCategory
    : initial;
  const reviews = w.deadlines
    .filter(
      (d) =>
        (d.timescaleId === TIMESCALE_IDS.firstCpReview ||
          d.timescaleId === TIMESCALE_IDS.cpReview) &&
        d.metOn !== null,
    )
    .map((d) => d.metOn as string)
    .filter((d) => d > w.openedOn);
  return {
    startDate: w.openedOn,
    endDate: w.closedOn,
    initialCategory: initial,
    latestCategory: latest,
    numberOfPreviousCpp: all.filter(
      (x) => x.workflowId === WORKFLOW_IDS.cpPlan && x.closedOn !== null && x.closedOn < w.openedOn,
    ).length,
    reviewDates: [...new Set(reviews)].sort(),
  };
}

/**
 * The child's CIN episodes open at any time in the census period, as they stood on its last
 * day, with the modules active in the period. `deathDate` feeds the default closure reason.
 */
export function deriveEpisodes(
  work: readonly CensusWork[],
  period: CensusPeriod,
  deathDate: string | null,
): CensusEpisode[] {
  const seen = asAtDay(work, period.end);
  return mergeOverlapping(chainsOf(seen))
    .filter((c) => inPeriod(closedOn(c.items), period))
    .map((c): CensusEpisode => {
      const closure = closedOn(c.items);
      const of = (id: string) => c.items.filter((w) => w.workflowId === id);
      const recorded = [...c.items]
        .reverse()
        .find((w) => isCode(CLOSURE_REASON, w.census.closureReason))?.census.closureReason;
      const need = [...of(WORKFLOW_IDS.cfAssessment)]
        .reverse()
        .find((w) => isCode(PRIMARY_NEED, w.census.primaryNeed))?.census.primaryNeed;
      return {
        referralDate: c.referralDate,
        referralSource: isCode(REFERRAL_SOURCE, c.referralSource) ? c.referralSource : null,
        primaryNeed: isCode(PRIMARY_NEED, need) ? need : null,
        closureDate: closure,
        closureReason:
          closure === null
            ? null
            : isCode(CLOSURE_REASON, recorded)
              ? recorded
              : defaultClosureReason(c.items, closure, deathDate),
        // A referral Baton accepts always starts an assessment or s47 enquiries: the front door's
        // own "no further action" closes a contact, which is not a referral.
        referralNfa: false,
        assessments: of(WORKFLOW_IDS.cfAssessment)
          .map(assessmentOf)
          .filter((a) => inPeriod(a.authorisationDate, period)),
        cinPlans: of(WORKFLOW_IDS.cinPlan)
          .filter((w) => inPeriod(w.closedOn, period))
          .map((w) => ({ startDate: w.census.startDate ?? w.openedOn, endDate: w.closedOn })),
        section47s: of(WORKFLOW_IDS.s47)
          .filter((w) => inPeriod(w.closedOn, period))
          .map((w) => section47Of(w, seen)),
        cpPlans: of(WORKFLOW_IDS.cpPlan)
          .filter((w) => inPeriod(w.closedOn, period))
          .map((w) => cpPlanOf(w, seen)),
        // Pre-proceedings recorded on any of the episode's work (2026-27 onwards; see
        // censusPreProceedingsOf for which are returned and as at when).
        preProceedings: c.items
          .flatMap((w) => w.preProceedings ?? [])
          .sort((a, b) => a.startedOn.localeCompare(b.startedOn))
          .map((r) => censusPreProceedingsOf(r, period))
          .filter((m) => m !== null),
      };
    });
}
