/**
 * Whether a reason for emergency (break-glass) access says something (issue 13 item 6): counted
 * in words, not characters, so that `aaaaaaaaaa` or `xxxxxxxxxxxx` is not a reason. Used by the
 * API and the page alike, through the repository that grants the access.
 */

/** Fewest different words of two or more letters a reason must have. */
export const EMERGENCY_REASON_MIN_WORDS = 4;

/** What to tell someone whose reason is refused. */
export const EMERGENCY_REASON_HINT = `Say why you need emergency access in at least ${String(EMERGENCY_REASON_MIN_WORDS)} words, for example "police report of injury tonight"`;

/** The reason, trimmed, if it is meaningful; otherwise the message to show. */
export function checkEmergencyReason(
  reason: string,
): { ok: true; value: string } | { ok: false; message: string } {
  const words = new Set(
    (reason.toLowerCase().match(/\p{L}{2,}/gu) ?? []).filter((w) => !/^(.)\1+$/u.test(w)),
  );
  return words.size >= EMERGENCY_REASON_MIN_WORDS
    ? { ok: true, value: reason.trim() }
    : { ok: false, message: EMERGENCY_REASON_HINT };
}
