/**
 * The practitioner's own judgement is separate from the suggestion: they may differ from it,
 * and then they must give a reason (the decision has to be understandable later).
 */
import { BatonError } from '../errors/error-catalogue.js';
import type { LevelNumber } from '../policy/index.js';

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
