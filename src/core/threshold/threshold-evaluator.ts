/**
 * The levels-of-need check: pure, deterministic, clock-free.
 * Suggested level = the highest level among the chosen indicators (level 1 when none), raised by
 * one only where the pack says an accumulation does so, and 4 whenever the child is in immediate
 * danger. Adding an indicator can therefore never lower the suggestion.
 */
import { distance } from 'fastest-levenshtein';
import { BatonError } from '../errors/error-catalogue.js';
import type {
  Citation,
  Indicator,
  LevelNumber,
  NextStepRule,
  ResolvedPack,
} from '../policy/index.js';

export const openToValues = ['none', 'early-help', 'social-care'] as const;
export type OpenTo = (typeof openToValues)[number];

/** What the practitioner tells the check. */
export interface ThresholdInput {
  indicatorIds: readonly string[];
  /** Age in whole years; omit when unknown. */
  ageYears?: number | undefined;
  unborn?: boolean | undefined;
  disabled?: boolean | undefined;
  immediateDanger?: boolean | undefined;
  openTo?: OpenTo | undefined;
}

export interface Reason {
  indicatorId: string;
  level: LevelNumber;
  domain: string;
  subDomain: string | null;
  text: string;
  citation: Citation;
  /** True for the indicators at the suggested level: the ones that set it. */
  drivesLevel: boolean;
  uncertain: boolean;
}

export interface NextStep {
  id: string;
  kind: 'emergency' | 'open-case' | 'level' | 'not-a-child';
  text: string;
  contact: {
    id: string;
    name: string;
    phones: {
      number: string;
      label?: string | undefined;
      option?: string | undefined;
      hours?: string | undefined;
    }[];
    online?: { label: string; url: string } | undefined;
  } | null;
  citation: Citation;
}

export interface ThresholdResult {
  packId: string;
  packVersion: string;
  basePack: { id: string; version: string } | null;
  suggestedLevel: LevelNumber;
  levelName: string;
  levelSummary: string;
  response: string;
  whoResponds: string;
  state: { id: string; name: string } | null;
  immediateDanger: boolean;
  /** One plain sentence saying what the suggestion is and why. */
  summary: string;
  reasons: Reason[];
  accumulation: {
    applies: true;
    count: number;
    note: string;
    raisedLevel: boolean;
    citation: Citation;
  } | null;
  whyNotHigher: string | null;
  whyNotLower: string | null;
  nextSteps: NextStep[];
  consent: {
    guidance: { id: string; text: string; citation: Citation }[];
    doNotSeekWhen: { id: string; text: string; citation: Citation }[];
  };
  warnings: string[];
}

const MAX_SUGGESTIONS = 3;

/** Evaluate a check. Throws BATON_UNKNOWN_INDICATOR (with the closest valid ids) for unknown ids. */
export function evaluateThreshold(pack: ResolvedPack, input: ThresholdInput): ThresholdResult {
  const chosen = resolveIndicators(pack, input.indicatorIds);
  const immediateDanger = input.immediateDanger === true;
  const topLevel = chosen.reduce<LevelNumber>((max, i) => (i.level > max ? i.level : max), 1);
  const atTop = chosen.filter((i) => i.level === topLevel);

  const acc = pack.accumulation;
  const accumulationApplies = acc !== null && topLevel > 1 && atTop.length >= acc.minimumIndicators;
  const raised = accumulationApplies && acc.raisesLevel && topLevel < 4;
  let suggested: LevelNumber = raised ? ((topLevel + 1) as LevelNumber) : topLevel;
  if (immediateDanger) suggested = 4;

  const level = pack.levels[suggested];
  const stateId = pack.stateForLevel[suggested];
  const state = stateId === undefined ? null : (pack.states.find((s) => s.id === stateId) ?? null);

  const reasons: Reason[] = [...chosen]
    .sort((a, b) => b.level - a.level)
    .map((i) => ({
      indicatorId: i.id,
      level: i.level,
      domain: i.domain,
      subDomain: i.subDomain ?? null,
      text: i.text,
      citation: i.citation,
      drivesLevel: i.level === topLevel && topLevel > 1,
      uncertain: i.uncertain === true,
    }));

  const warnings: string[] = [];
  const notAChild = isOverAge(pack, input);
  if (notAChild) {
    warnings.push(
      `At ${String(input.ageYears)} this person is not a child under ${pack.authority}'s guidance (a child has not reached ${pack.child.underAge}${pack.child.disabledUnderAge !== undefined ? `, or ${pack.child.disabledUnderAge} if disabled` : ''}). Consider adult services.`,
    );
  }
  if (reasons.some((r) => r.uncertain)) {
    warnings.push(
      'One or more chosen indicators were rebuilt from a garbled source line; check the wording in the source document.',
    );
  }

  return {
    packId: pack.id,
    packVersion: pack.version,
    basePack: pack.base,
    suggestedLevel: suggested,
    levelName: level.name,
    levelSummary: level.summary,
    response: level.response,
    whoResponds: level.whoResponds,
    state: state ? { id: state.id, name: state.name } : null,
    immediateDanger,
    summary: summarise(suggested, level.name, immediateDanger, chosen.length),
    reasons,
    accumulation: accumulationApplies
      ? {
          applies: true,
          count: atTop.length,
          note: acc.note,
          raisedLevel: raised,
          citation: acc.citation,
        }
      : null,
    whyNotHigher: whyNotHigher(pack, suggested),
    whyNotLower: whyNotLower(pack, suggested, immediateDanger, raised, atTop),
    nextSteps: nextSteps(pack, suggested, immediateDanger, input.openTo ?? 'none', notAChild),
    consent: consentFor(pack, suggested),
    warnings,
  };
}

function resolveIndicators(pack: ResolvedPack, ids: readonly string[]): Indicator[] {
  const unique = [...new Set(ids)];
  const unknown = unique.filter((id) => !pack.indicatorsById.has(id));
  if (unknown.length > 0) {
    const suggestions = Object.fromEntries(unknown.map((id) => [id, closestIds(pack, id)]));
    const first = unknown[0] ?? '';
    const firstSuggestions = suggestions[first] ?? [];
    throw new BatonError('BATON_UNKNOWN_INDICATOR', {
      message: `Indicator "${first}" is not in pack "${pack.id}".${firstSuggestions.length > 0 ? ` Did you mean: ${firstSuggestions.join(', ')}?` : ''}`,
      details: unknown.map((id) => ({ path: 'indicators', message: `unknown indicator "${id}"` })),
      extra: { unknown, suggestions },
    });
  }
  // Catalogue order, so the output does not depend on the order the ids were given in.
  return unique
    .map((id) => pack.indicatorsById.get(id))
    .filter((i): i is Indicator => i !== undefined)
    .sort((a, b) => (pack.indicatorOrder.get(a.id) ?? 0) - (pack.indicatorOrder.get(b.id) ?? 0));
}

/** The valid indicator ids nearest to an unknown one (edit distance), best first. */
export function closestIds(pack: ResolvedPack, id: string): string[] {
  return pack.indicators
    .map((i) => ({ id: i.id, d: distance(id, i.id) }))
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .slice(0, MAX_SUGGESTIONS)
    .map((x) => x.id);
}

function isOverAge(pack: ResolvedPack, input: ThresholdInput): boolean {
  if (input.unborn === true || input.ageYears === undefined) return false;
  const limit =
    input.disabled === true && pack.child.disabledUnderAge !== undefined
      ? pack.child.disabledUnderAge
      : pack.child.underAge;
  return input.ageYears >= limit;
}

function whyNotHigher(pack: ResolvedPack, suggested: LevelNumber): string | null {
  if (suggested === 4) return null;
  const next = pack.levels[(suggested + 1) as LevelNumber];
  return `Level ${next.level} (${next.name}) is for ${lowerFirst(next.summary)} None of the chosen indicators is at level ${next.level}. If you have reasonable cause to suspect significant harm, choose that indicator or contact the front door (${pack.frontDoorName}).`;
}

function whyNotLower(
  pack: ResolvedPack,
  suggested: LevelNumber,
  danger: boolean,
  raised: boolean,
  atTop: readonly Indicator[],
): string | null {
  if (suggested === 1) return null;
  if (danger)
    return 'You said the child is in immediate danger now: that always needs an immediate response at level 4.';
  if (raised)
    return `${atTop.length} indicators together at one level: ${pack.authority}'s guidance says an accumulation raises the level.`;
  const names = atTop.map((i) => `"${i.text}"`).join('; ');
  return `${atTop.length === 1 ? 'This indicator is' : 'These indicators are'} at level ${suggested} (${pack.levels[suggested].name}): ${names}.`;
}

function toStep(pack: ResolvedPack, rule: NextStepRule, kind: NextStep['kind']): NextStep {
  const c = rule.contact === undefined ? undefined : pack.contactsById.get(rule.contact);
  return {
    id: rule.id,
    kind,
    text: rule.text,
    contact: c ? { id: c.id, name: c.name, phones: c.phones, online: c.online } : null,
    citation: rule.citation,
  };
}

function nextSteps(
  pack: ResolvedPack,
  suggested: LevelNumber,
  danger: boolean,
  openTo: OpenTo,
  notAChild: boolean,
): NextStep[] {
  const steps: NextStep[] = [];
  // Immediate danger always comes first: 999, then the front door by phone.
  if (danger) steps.push(...pack.immediateDanger.map((r) => toStep(pack, r, 'emergency')));
  if (notAChild) {
    steps.push({
      id: 'not-a-child',
      kind: 'not-a-child',
      text: 'This person is over the age at which the children’s guidance applies: contact adult social care or adult services.',
      contact: null,
      citation: pack.child.citation,
    });
  }
  if (openTo === 'early-help')
    steps.push(...pack.openCases.earlyHelp.map((r) => toStep(pack, r, 'open-case')));
  if (openTo === 'social-care')
    steps.push(...pack.openCases.socialCare.map((r) => toStep(pack, r, 'open-case')));
  steps.push(...pack.levels[suggested].nextSteps.map((r) => toStep(pack, r, 'level')));
  return steps;
}

function consentFor(pack: ResolvedPack, level: LevelNumber): ThresholdResult['consent'] {
  return {
    guidance: pack.consent.guidance
      .filter((g) => g.levels.includes(level))
      .map((g) => ({ id: g.id, text: g.text, citation: g.citation })),
    doNotSeekWhen:
      level === 1
        ? []
        : pack.consent.doNotSeekWhen.map((g) => ({ id: g.id, text: g.text, citation: g.citation })),
  };
}

function summarise(level: LevelNumber, name: string, danger: boolean, count: number): string {
  if (danger) return `The child is in immediate danger: act now. Level ${level} (${name}).`;
  if (count === 0)
    return `No indicators were chosen, so the suggested level is ${level} (${name}): universal services continue to meet the child's needs.`;
  return `Suggested level ${level} (${name}), from ${count} indicator${count === 1 ? '' : 's'}.`;
}

function lowerFirst(s: string): string {
  return s.length > 0 ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}
