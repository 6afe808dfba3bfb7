/**
 * Named guards: small pure functions referenced by name from policy packs (pattern: XState
 * `setup({ guards })`). Each answers null when the rule is met, or what is missing.
 * A pack that names a guard not in this table is refused when it is loaded.
 */
import {
  addCalendarDays,
  addMonths,
  addWeeks,
  isIsoDate,
  type IsoDate,
} from '../calendar/index.js';
import { isConsentLive } from './step-rules.js';

export const consentPurposes = [
  'early-help',
  'information-sharing',
  'front-door-referral',
  'step-down-transfer',
] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

/** What the engine knows about a consent decision on the child's record. */
export interface ConsentFact {
  purpose: ConsentPurpose;
  decision: 'given' | 'refused' | 'not-sought' | 'withdrawn';
  /** Who gave or refused it: a parent or carer with parental responsibility, or the young person. */
  givenBy: 'parent-with-pr' | 'carer-without-pr' | 'young-person' | null;
  recordedOn: string;
  expiresOn: string | null;
  /** For "not sought": the reason and who was consulted. */
  notSoughtReason: string | null;
  consulted: string | null;
  /**
   * The child the decision is about, where the work concerns several children (a family's early
   * help episode): consent is each child's, so a consent guard must hold for every one of them.
   */
  childId?: string;
}

/** Everything a guard may look at: facts about the work and what the transition carries. */
export interface JourneyFacts {
  today: string;
  /**
   * The day the step happened (issue 12 §2), when it was recorded later; windows that count from
   * "the day of this step" count from here. Absent: today.
   */
  stepDay?: string;
  /** The level of need on the work, where it has one (a contact's level, an episode's level). */
  level: 1 | 2 | 3 | 4 | null;
  consents: readonly ConsentFact[];
  /**
   * The children the work concerns, where there are several (a family's early help episode):
   * consent guards then hold for each child, and a refusal names the child it is missing for.
   */
  children?: readonly { id: string; name: string }[];
  leadProfessional: { name: string; agency: string } | null;
  /** Events that have happened on this work, by id (e.g. "cin-review-held"). */
  events: readonly { id: string; on: string }[];
  payload: Readonly<Record<string, unknown>>;
}

export type GuardParams = Readonly<
  Record<string, string | number | boolean | readonly (string | number)[]>
>;
export type GuardFn = (facts: JourneyFacts, params: GuardParams) => string | null;

/**
 * The latest decision for a purpose. `consents` arrive newest first (the shell orders them to the
 * second); the stable sort by date keeps that order among decisions made on the same day.
 */
const currentConsent = (facts: JourneyFacts, purpose: string): ConsentFact | undefined =>
  [...facts.consents]
    .filter((c) => c.purpose === purpose)
    .sort((a, b) => b.recordedOn.localeCompare(a.recordedOn))[0];

const isLive = isConsentLive;

/**
 * A consent guard for work about several children holds only if it holds for each child, on that
 * child's own decisions (Stockport 001: an Early Help Assessment is a holistic family assessment,
 * but each child's consent is recorded on their own record). One child, or facts that name no
 * children: the guard reads every decision, as before.
 */
const forEachChild =
  (guard: GuardFn): GuardFn =>
  (facts, params) => {
    const children = facts.children ?? [];
    if (children.length < 2) return guard(facts, params);
    const problems = children.flatMap((child) => {
      const problem = guard(
        { ...facts, consents: facts.consents.filter((c) => c.childId === child.id) },
        params,
      );
      return problem === null ? [] : [`for ${child.name}: ${problem}`];
    });
    return problems.length === 0 ? null : problems.join('; ');
  };

const levelsParam = (params: GuardParams): number[] => {
  const v = params.levels;
  return Array.isArray(v) ? v.map(Number) : typeof v === 'number' ? [v] : [];
};

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The purposes a consent guard names: `purposes` (any of them), else the one `purpose`. */
export const purposesParam = (params: GuardParams): string[] =>
  Array.isArray(params.purposes) ? params.purposes.map(String) : [String(params.purpose)];

/** A date `amount` calendar days, weeks or months after `from` (never working days). */
function addCalendar(from: IsoDate, amount: number, unit: string): IsoDate | null {
  if (!Number.isInteger(amount) || amount < 0) return null;
  if (unit === 'months') return addMonths(from, amount);
  if (unit === 'weeks') return addWeeks(from, amount);
  if (unit === 'calendar-days') return addCalendarDays(from, amount);
  return null;
}

/** A real calendar date written YYYY-MM-DD (a plain test, so a refusal can still quote the text). */
const isRealDate = (v: string): boolean => isIsoDate(v);

/** The guard table. Adding a guard: a pure function here, a test, and a row in docs. */
export const GUARDS: Readonly<Record<string, GuardFn>> = {
  /**
   * A parent with parental responsibility (or a competent young person) has consented, and it is
   * live. `purpose` names one purpose; `purposes` names several, any one of which is enough
   * (Peterborough: consent "to the safeguarding referral and /or ... to Early Help support").
   */
  consentRecorded: forEachChild((facts, params) => {
    const purposes = purposesParam(params);
    const current = purposes.map((p) => ({ purpose: p, c: currentConsent(facts, p) }));
    if (current.some(({ c }) => c !== undefined && isLive(c, facts.today))) return null;
    const problems = current.map(({ purpose, c }) =>
      c?.decision === 'refused'
        ? `consent for ${purpose} was refused`
        : c?.decision === 'withdrawn'
          ? `consent for ${purpose} was withdrawn`
          : `no live consent for ${purpose} from a parent with parental responsibility or the young person`,
    );
    return problems.join('; and ');
  }),

  /**
   * The family has not refused (or withdrawn) consent for `purpose`: a step that needs no consent
   * of its own must still not go ahead against the family's refusal (Stockport: without consent
   * to early help the MASSH "could not intervene further").
   */
  consentNotRefused: forEachChild((facts, params) => {
    const purpose = String(params.purpose);
    const c = currentConsent(facts, purpose);
    if (c?.decision === 'refused') return `the family refused consent for ${purpose}`;
    if (c?.decision === 'withdrawn') return `the family withdrew consent for ${purpose}`;
    return null;
  }),

  /** Consent given, or not sought with a recorded reason and the manager or safeguarding lead consulted. */
  consentOrReasonNotSought: forEachChild((facts, params) => {
    const purpose = String(params.purpose);
    const c = currentConsent(facts, purpose);
    if (c && isLive(c, facts.today)) return null;
    if (c?.decision === 'not-sought' && text(c.notSoughtReason) !== '' && text(c.consulted) !== '')
      return null;
    if (c?.decision === 'refused' && params.refusalAllowed === true) return null;
    if (c?.decision === 'not-sought')
      return 'consent was not sought, but the reason or who was consulted is missing';
    return `consent for ${purpose} is needed, or a record of why it was not sought`;
  }),

  /** A lead professional is named (with their agency), on the work or in what the transition carries. */
  leadProfessionalNamed: (facts) => {
    const name = text(facts.payload.leadProfessionalName) || facts.leadProfessional?.name || '';
    const agency =
      text(facts.payload.leadProfessionalAgency) || facts.leadProfessional?.agency || '';
    if (name !== '' && agency !== '') return null;
    return name === ''
      ? 'the lead professional is not named'
      : "the lead professional's agency is not given";
  },

  /** The level of need on the work is one of `levels`. */
  levelIn: (facts, params) => {
    const allowed = levelsParam(params);
    if (facts.level !== null && allowed.includes(facts.level)) return null;
    return `this route is for level ${allowed.join(' or ')}; the level recorded is ${facts.level === null ? 'not set' : String(facts.level)}`;
  },

  /** A number the transition carries is at most `max` (e.g. a buddy package of 6 hours a week or less). */
  fieldAtMost: (facts, params) => {
    const field = String(params.field);
    const raw = facts.payload[field];
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : NaN;
    const max = Number(params.max);
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
      return `${String(params.label ?? field)} is not given`;
    if (!Number.isFinite(n)) return `${String(params.label ?? field)} must be a number`;
    return n <= max
      ? null
      : `${String(params.label ?? field)} is ${String(n)}, more than ${String(max)}`;
  },

  /** What the transition carries in `field` is one of `values` (e.g. a category of abuse). */
  fieldOneOf: (facts, params) => {
    const field = String(params.field);
    const allowed = Array.isArray(params.values) ? params.values.map(String) : [];
    const v = text(facts.payload[field]);
    if (allowed.includes(v)) return null;
    return `${String(params.label ?? field)} must be one of ${allowed.join(', ')}${v === '' ? '' : `, not "${v}"`}`;
  },

  /**
   * A date the step carries in `field` falls on or after the step and within `amount` `unit`s
   * (calendar days, weeks or months) of it: Stockport's next TAC meeting "within 4 weeks of the
   * Child Protection Plan being discharged".
   */
  dateWithin: (facts, params) => {
    const field = String(params.field);
    const label = String(params.label ?? field);
    const v: string = text(facts.payload[field]);
    if (v === '') return `${label} is not given`;
    if (!isRealDate(v)) return `${label} must be a date like 2026-03-23, not "${v}"`;
    const day = facts.stepDay ?? facts.today;
    const latest = addCalendar(day, Number(params.amount), String(params.unit));
    if (latest === null)
      return `the rule must count a whole number of calendar-days, weeks or months, not ${String(params.amount)} ${String(params.unit)}`;
    if (v < day) return `${label} (${v}) is before ${day}, the day of this step`;
    if (v > latest)
      return `${label} (${v}) is after ${latest}, ${String(params.amount)} ${String(params.unit)} from ${day}`;
    return null;
  },

  /** An event has happened on this work (optionally after another event). */
  eventHappened: (facts, params) => {
    const id = String(params.event);
    const after =
      typeof params.after === 'string'
        ? facts.events
            .filter((e) => e.id === params.after)
            .map((e) => e.on)
            .sort()
            .at(-1)
        : undefined;
    const found = facts.events.some((e) => e.id === id && (after === undefined || e.on >= after));
    return found
      ? null
      : `${String(params.label ?? id)} has not happened${after !== undefined ? ' since ' + String(params.after) : ''}`;
  },
};

/** The names of every guard the engine knows. */
export const guardNames = (): string[] => Object.keys(GUARDS);
