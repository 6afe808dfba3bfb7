/** Agencies and roles (issue 2 §5). Kept as `as const` tuples so the compiler checks every switch. */
export const agencyKinds = [
  'school',
  'health',
  'police',
  'housing',
  'early-help',
  'childrens-social-care',
  'voluntary',
] as const;
export type AgencyKind = (typeof agencyKinds)[number];

export const roles = [
  'practitioner',
  'designated-safeguarding-lead',
  'front-door-worker',
  'team-manager',
  'social-worker',
  'lead-professional',
  'business-support',
  'auditor',
  'administrator',
  // Performance and data team (issue 16): statutory returns only, no child records by the role.
  'data-team',
] as const;
export type Role = (typeof roles)[number];

/** Roles that work with children directly and make decisions about them. */
export const practiceRoles: readonly Role[] = [
  'practitioner',
  'designated-safeguarding-lead',
  'front-door-worker',
  'team-manager',
  'social-worker',
  'lead-professional',
];

export const roleNames: Record<Role, string> = {
  practitioner: 'Practitioner',
  'designated-safeguarding-lead': 'Designated safeguarding lead',
  'front-door-worker': 'Front door worker',
  'team-manager': 'Team manager',
  'social-worker': 'Social worker',
  'lead-professional': 'Lead professional',
  'business-support': 'Business support',
  auditor: 'Auditor',
  administrator: 'Administrator',
  'data-team': 'Performance and data team',
};

export const agencyKindNames: Record<AgencyKind, string> = {
  school: 'School',
  health: 'Health',
  police: 'Police',
  housing: 'Housing',
  'early-help': 'Early help',
  'childrens-social-care': "Children's social care",
  voluntary: 'Voluntary sector',
};

/** Who is acting: built once per request from the session. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  agencyId: string;
  agencyKind: AgencyKind;
  roles: readonly Role[];
}

/** Roles that work the front door's tray. */
const FRONT_DOOR_ROLES: readonly Role[] = ['front-door-worker', 'team-manager'];

/**
 * True for front-door staff: a front-door worker or team manager in children's social care. The
 * one rule for who triages contacts: the triage list and decisions, and the menu that offers them.
 */
export function isFrontDoor(actor: Actor | null): boolean {
  return (
    actor !== null &&
    actor.agencyKind === 'childrens-social-care' &&
    actor.roles.some((r) => FRONT_DOOR_ROLES.includes(r))
  );
}
