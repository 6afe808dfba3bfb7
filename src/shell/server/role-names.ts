/**
 * The words a page uses for a role, an involvement with a child, a party told of a step, or a kind
 * of agency: never the code (`transfer-request`, `team-manager`). Roles and agency kinds take the
 * names the access module gives them; the rest are named here, beside the one filter that shows them.
 */
import { agencyKindNames, roleNames } from '../../core/access/index.js';

/** How an agency or a person comes to be involved with a child (`involvements.role`). */
const involvementNames: Readonly<Record<string, string>> = {
  referrer: 'Referrer',
  practitioner: 'Practitioner',
  'lead-professional': 'Lead professional',
  'allocated-worker': 'Allocated worker',
  'allocated-team': 'Allocated team',
  panel: 'Panel',
  'plan-action-owner': 'Owns an action on the plan',
  'meeting-attendee': 'Attended a meeting',
  'minutes-recipient': 'Sent the minutes',
  // The agency asked to take the work reads the record only while the transfer request waits.
  'transfer-request': 'Asked to take a transfer (while the request waits)',
};

/** Who a step tells (a workflow's parties). */
const partyNames: Readonly<Record<string, string>> = {
  family: 'Family',
  'front-door': 'Front door',
  'early-help-hub': 'Early help hub',
  requester: 'Whoever asked for the step',
};

const NAMES: ReadonlyMap<string, string> = new Map([
  ...Object.entries(partyNames),
  ...Object.entries(agencyKindNames),
  ...Object.entries(involvementNames),
  ...Object.entries(roleNames),
]);

/**
 * A role's (or involvement's, party's, agency kind's) name as a page shows it; a code not known
 * here reads as words ("other-thing" as "Other thing") rather than as a code.
 */
export function roleName(code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '';
  const known = NAMES.get(code);
  if (known !== undefined) return known;
  const words = code.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Several names joined ("Team manager, social worker"), in lower case after the first, or all in
 * lower case for the middle of a sentence ("a team manager or social worker").
 */
export function roleNameList(
  codes: readonly string[] | null | undefined,
  joiner = ', ',
  inSentence = false,
): string {
  return (codes ?? [])
    .map((c, i) => (i === 0 && !inSentence ? roleName(c) : lowerFirst(roleName(c))))
    .join(joiner);
}

// "designated safeguarding lead" inside a sentence; "Children's social care" keeps its capital.
const lowerFirst = (name: string): string =>
  /^[A-Z][a-z]/.test(name) && !name.startsWith("Children's")
    ? name.charAt(0).toLowerCase() + name.slice(1)
    : name;
