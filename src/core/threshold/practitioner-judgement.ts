/**
 * The practitioner's own judgement is separate from the suggestion: they may differ from it,
 * and then they must give a reason (the decision has to be understandable later).
 */
import { BatonError } from '../errors/error-catalogue.js';
import type { Citation, LevelNumber, ResolvedPack } from '../policy/index.js';

export interface Judgement {
  level: LevelNumber;
  reason: string | null;
  differsFromSuggestion: boolean;
}

/** Validate a judgement against the suggested level. Throws BATON_JUDGEMENT_REASON_REQUIRED. */
export function recordJudgement(
  suggested: LevelNumber,
  level: LevelNumber,
  reason?: string | null,
): Judgement {
  const trimmed = reason?.trim() ?? '';
  const differs = level !== suggested;
  if (differs && trimmed.length === 0) {
    throw new BatonError('BATON_JUDGEMENT_REASON_REQUIRED', {
      message: `Your judgement (level ${level}) differs from the suggested level ${suggested}. Give a reason.`,
      details: [
        { path: 'reason', message: 'Give a reason for differing from the suggested level' },
      ],
    });
  }
  return { level, reason: trimmed.length > 0 ? trimmed : null, differsFromSuggestion: differs };
}

/** A rule a judgement was made under: the level's description, or the named state it maps to. */
export interface JudgementCitation {
  rule: 'level' | 'state';
  /** The rule in words: "Level 2: Early help", or the state's name. */
  text: string;
  citation: Citation;
}

/**
 * The citations of the level the practitioner judged (and of the named state the pack maps that
 * level to, where it has one): the rules the judgement was made under (issue 12 §4).
 */
export function judgementCitations(pack: ResolvedPack, level: LevelNumber): JudgementCitation[] {
  const rule = pack.levels[level];
  const stateId = pack.stateForLevel[level];
  const state = stateId === undefined ? undefined : pack.states.find((s) => s.id === stateId);
  return [
    { rule: 'level', text: `Level ${String(level)}: ${rule.name}`, citation: rule.citation },
    ...(state ? [{ rule: 'state' as const, text: state.name, citation: state.citation }] : []),
  ];
}
