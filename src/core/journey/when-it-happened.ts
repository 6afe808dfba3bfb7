/**
 * When a step happened is not when it was typed (issue 12 §2). A strategy discussion held on
 * Monday may be recorded on Wednesday and authorised the week after; its deadlines count from
 * Monday. This file decides, without a clock, the moment a step is counted from and refuses dates
 * that cannot be right: in the future, before the work began, before the step it follows.
 */
import { dayText } from '../calendar/day-text.js';
import type { ErrorCode } from '../errors/error-catalogue.js';
import type { Timescale, Transition, Workflow } from './workflow-schema.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A date (`YYYY-MM-DD`) or a date and time with its zone, as a step may be said to happen. */
export function isOccurredAt(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (DATE.test(value)) return !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && realDate(value);
  return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)) && realDate(value.slice(0, 10));
}

function realDate(date: string): boolean {
  return new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date;
}

export interface WhenItHappenedInput {
  /** What the person said (a date, or a date and time); absent means "now". */
  occurredAt: string | undefined;
  /** When it is being recorded (ISO date-time, the request's clock). */
  now: string;
  /** When the work this step belongs to began (date or date-time). */
  workBegan: string;
  /** When the last step on this work happened, if there was one (date or date-time). */
  previousStep: string | null;
  /** The step opens a timescale counted in hours, so a past date needs its time. */
  opensHours: boolean;
}

export type WhenItHappened =
  | {
      ok: true;
      /** The moment deadlines count from: a date, or a date-time (UTC) when one is known. */
      at: string;
    }
  | {
      ok: false;
      code: Extract<
        ErrorCode,
        | 'BATON_OCCURRED_IN_FUTURE'
        | 'BATON_OCCURRED_BEFORE_WORK_BEGAN'
        | 'BATON_OCCURRED_BEFORE_PREVIOUS_STEP'
        | 'BATON_OCCURRED_TIME_NEEDED'
        | 'BATON_VALIDATION'
      >;
      message: string;
    };

const dateOf = (at: string): string => at.slice(0, 10);
const hasTime = (at: string): boolean => at.length > 10;

/**
 * Is `a` before `b`? Whole days when either is only a date (a step "on 7 December" is not before
 * a step at 09:00 on 7 December), otherwise to the millisecond.
 */
export function happenedBefore(a: string, b: string): boolean {
  if (!hasTime(a) || !hasTime(b)) return dateOf(a) < dateOf(b);
  return Date.parse(a) < Date.parse(b);
}

/** Show a moment as a day ("7 December 2026"), for messages. */
const shown = (at: string): string => dayText(dateOf(at));

/**
 * The moment a step is counted from, or the reason the date given cannot be right. A date that is
 * today counts from now (the step has just happened); an earlier date counts from that day.
 */
export function whenItHappened(input: WhenItHappenedInput): WhenItHappened {
  const given = input.occurredAt?.trim();
  if (given === undefined || given === '') return { ok: true, at: input.now };
  if (!isOccurredAt(given))
    return {
      ok: false,
      code: 'BATON_VALIDATION',
      message: 'Give the date it happened as YYYY-MM-DD, or a date and time with its zone',
    };
  const today = dateOf(input.now);
  const at = hasTime(given)
    ? new Date(Date.parse(given)).toISOString()
    : given === today
      ? input.now
      : given;
  if (happenedBefore(input.now, at) || dateOf(at) > today)
    return {
      ok: false,
      code: 'BATON_OCCURRED_IN_FUTURE',
      message: `${shown(at)} has not happened yet: give the date it happened, today or earlier.`,
    };
  if (happenedBefore(at, input.workBegan))
    return {
      ok: false,
      code: 'BATON_OCCURRED_BEFORE_WORK_BEGAN',
      message: `${shown(at)} is before this work began (${shown(input.workBegan)}).`,
    };
  if (input.previousStep !== null && happenedBefore(at, input.previousStep))
    return {
      ok: false,
      code: 'BATON_OCCURRED_BEFORE_PREVIOUS_STEP',
      message: `${shown(at)} is before the step it follows (${shown(input.previousStep)}).`,
    };
  if (input.opensHours && !hasTime(at))
    return {
      ok: false,
      code: 'BATON_OCCURRED_TIME_NEEDED',
      message: `This step starts a timescale counted in hours: give the time it happened on ${shown(at)} as well as the date.`,
    };
  return { ok: true, at };
}

/** A deadline met after its due date was missed, whenever the step meeting it was typed. */
export function deadlineMissed(due: string, metAt: string | null, today: string): boolean {
  const at = metAt ?? today;
  return hasTime(due) && hasTime(at) ? Date.parse(at) > Date.parse(due) : dateOf(at) > dateOf(due);
}

/**
 * Does the step open a timescale counted in hours (on its own work, or on the work it starts)?
 * Then the moment it happened needs a time, not only a date.
 */
export function opensHourTimescale(
  t: Transition,
  timescales: ReadonlyMap<string, Timescale>,
  workflows: ReadonlyMap<string, Workflow>,
): boolean {
  const ids = [...t.opensDeadlines];
  if (t.starts) {
    ids.push(...t.starts.opensDeadlines);
    ids.push(...(workflows.get(t.starts.workflow)?.opensDeadlines ?? []));
  }
  return ids.some((id) => timescales.get(id)?.rule.unit === 'hours');
}
