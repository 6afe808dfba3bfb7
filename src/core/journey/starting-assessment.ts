/**
 * Where follow-on work starts from (issue 14 §3): an early help episode that a step down from
 * social care begins does not start empty at "EHA under way". The pack says what it carries
 * (`starts.carries`); this decides, from the social care record the shell looked up, the
 * assessment the lead professional checks and updates with the family: the Child and Family
 * Assessment standing in for the EHA, its findings and the child in need plan's needs as the
 * needs, the plan's outcomes and actions as what needs to change, and the strengths the family's
 * earlier Early Help Assessment recorded.
 */
import { dayText } from '../calendar/day-text.js';
import type { StartsCarries } from './workflow-schema.js';

/** A code with its words (a factor identified, a primary need). */
export interface CodedText {
  code: string;
  label: string;
}

/** What social care recorded on the work a step down follows, as the shell found it. */
export interface SocialCarePlanHeld {
  /** The Child and Family Assessment, if the family had one. */
  assessment: {
    startDate: string | null;
    authorisedOn: string | null;
    authorisedBy: string | null;
    /** Who led it (the allocated social worker), if named. */
    workerName: string | null;
    factors: readonly CodedText[];
    primaryNeed: CodedText | null;
    findings: string;
  } | null;
  /** The child in need plan's content, if recorded. */
  cinPlan: {
    needs: readonly string[];
    outcomes: readonly string[];
    actions: readonly { action: string; owner: string; dueDate: string }[];
  } | null;
  /** The family's last Early Help Assessment before social care, if there was one. */
  earlierEha: { strengths: string } | null;
}

/** The assessment an episode starts with (a draft, for checking with the family). */
export interface StartingAssessment {
  source: 'cf-assessment' | 'eha';
  sourceNote: string;
  strengths: string;
  needs: string;
  analysis: string;
}

const lines = (xs: readonly (string | null | false)[]): string =>
  xs.filter((x): x is string => typeof x === 'string' && x.trim() !== '').join('\n');

/** "Child and Family Assessment by Sam Socialworker, started 1 December 2026, authorised …". */
function assessmentNote(a: NonNullable<SocialCarePlanHeld['assessment']>): string {
  const parts = [
    `Child and Family Assessment${a.workerName ? ` by ${a.workerName}` : ''}`,
    a.startDate ? `started ${dayText(a.startDate)}` : null,
    a.authorisedOn
      ? `authorised ${dayText(a.authorisedOn)}${a.authorisedBy ? ` by ${a.authorisedBy}` : ''}`
      : null,
  ].filter((p): p is string => p !== null);
  return lines([
    `${parts.join(', ')}.`,
    a.factors.length > 0 &&
      `Factors identified: ${a.factors.map((f) => `${f.label} (${f.code})`).join('; ')}.`,
    a.primaryNeed && `Primary need: ${a.primaryNeed.label} (${a.primaryNeed.code}).`,
  ]);
}

/**
 * The assessment follow-on work starts with, or null when the pack carries nothing or social
 * care recorded nothing to carry (then the episode starts as before, from the household).
 */
export function startingAssessment(
  carries: StartsCarries | undefined,
  held: SocialCarePlanHeld | undefined,
): StartingAssessment | null {
  if (carries?.what !== 'social-care-plan' || !held) return null;
  const { assessment, cinPlan, earlierEha } = held;
  if (!assessment && !cinPlan) return null;
  const needs = lines([
    assessment?.findings ? `The assessment found: ${assessment.findings.trim()}` : null,
    ...(cinPlan?.needs ?? []).map((n) => `Need (child in need plan): ${n}`),
  ]);
  const analysis = lines([
    ...(cinPlan?.outcomes ?? []).map((o) => `Outcome (child in need plan): ${o}`),
    ...(cinPlan?.actions ?? []).map(
      (a) =>
        `Action (child in need plan): ${a.action}${a.owner ? `, ${a.owner}` : ''}${a.dueDate ? `, by ${dayText(a.dueDate)}` : ''}`,
    ),
  ]);
  return {
    source: assessment ? 'cf-assessment' : 'eha',
    sourceNote: assessment ? assessmentNote(assessment) : '',
    strengths: earlierEha?.strengths.trim() ?? '',
    needs,
    analysis,
  };
}
