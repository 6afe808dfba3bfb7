/** The service navigation: what each role works with, in the order they use it. */
import type { Actor, Role } from '../../core/access/index.js';
import { isFrontDoor, practiceRoles } from '../../core/access/index.js';

interface NavItem {
  href: string;
  text: string;
  /** Who it is for: these roles, or the one rule the pages behind it use. */
  roles: readonly Role[] | 'all' | ((actor: Actor) => boolean);
  /** Path prefixes that mark the item current. */
  match: readonly string[];
  /** What it is for, on the home page's card. */
  description: string;
}

const ITEMS: readonly NavItem[] = [
  {
    href: '/my-work',
    text: 'My work',
    roles: practiceRoles,
    match: ['/my-work'],
    description:
      'The work you hold, the steps waiting on you and your team, and deadlines coming up.',
  },
  {
    href: '/check',
    text: 'Check level of need',
    roles: practiceRoles,
    match: ['/check'],
    description:
      'Choose what you have seen or been told. Baton suggests a level, shows why with the local guidance, and says whom to contact.',
  },
  {
    href: '/checks',
    text: 'My checks',
    roles: practiceRoles,
    match: ['/checks'],
    description:
      'The checks you have made, with your own judgement and the guidance version each used.',
  },
  {
    href: '/contacts/new',
    text: 'Contact the front door',
    roles: practiceRoles,
    match: ['/contacts'],
    description:
      "Tell the front door about a child you are worried about, with the family's consent or why it was not sought.",
  },
  {
    href: '/triage',
    text: 'Triage',
    roles: isFrontDoor,
    match: ['/triage'],
    description: 'Contacts waiting for a decision at the front door, most urgent first.',
  },
  {
    href: '/people/find',
    text: 'Find a child',
    roles: [...practiceRoles, 'business-support'],
    match: ['/people', '/children'],
    description: "Find a child's record, or add a child, without making a duplicate.",
  },
  {
    href: '/early-help',
    text: 'Early help',
    roles: practiceRoles,
    match: ['/early-help'],
    description: 'Early help episodes: assessments, Team Around the Family plans and reviews.',
  },
  {
    href: '/panels',
    text: 'Panels',
    roles: ['lead-professional', 'team-manager'],
    match: ['/panels'],
    description: 'Early help panels: agendas, hearings and decisions.',
  },
  {
    href: '/tray',
    text: 'Tray',
    roles: ['team-manager'],
    match: ['/tray'],
    description: 'Steps waiting for your authorisation.',
  },
  {
    href: '/audit',
    text: 'Audit trail',
    roles: ['auditor', 'administrator'],
    match: ['/audit'],
    description:
      'For auditors and administrators: every sign-in, read and change, including refusals.',
  },
  {
    href: '/returns',
    text: 'Statutory returns',
    roles: ['data-team'],
    match: ['/returns'],
    description:
      'The Children in Need census: check it against DfE’s rules, see what fails and why, and download it.',
  },
  {
    href: '/admin',
    text: 'Administration',
    roles: ['administrator'],
    match: ['/admin'],
    description:
      'Agencies, teams and users: add them, give and remove roles, and approve role requests.',
  },
];

const matches = (path: string, prefix: string): boolean =>
  path === prefix || path.startsWith(`${prefix}/`);

/** The navigation items for a signed-in actor, with the current one marked. */
export function navigationFor(
  actor: Actor | null,
  currentPath: string,
): { href: string; text: string; active: boolean; description: string }[] {
  if (!actor) return [];
  const offered = (i: NavItem): boolean =>
    i.roles === 'all'
      ? true
      : typeof i.roles === 'function'
        ? i.roles(actor)
        : i.roles.some((r) => actor.roles.includes(r));
  return ITEMS.filter(offered).map((i) => ({
    href: i.href,
    text: i.text,
    active: i.match.some((m) => matches(currentPath, m)),
    description: i.description,
  }));
}
