/** The service navigation: what each role works with, in the order they use it. */
import type { Actor, Role } from '../../core/access/index.js';
import { practiceRoles } from '../../core/access/index.js';

interface NavItem {
  href: string;
  text: string;
  roles: readonly Role[] | 'all';
  /** Path prefixes that mark the item current. */
  match: readonly string[];
}

const ITEMS: readonly NavItem[] = [
  { href: '/my-work', text: 'My work', roles: practiceRoles, match: ['/my-work'] },
  {
    href: '/check',
    text: 'Check level of need',
    roles: practiceRoles,
    match: ['/check'],
  },
  { href: '/checks', text: 'My checks', roles: practiceRoles, match: ['/checks'] },
  {
    href: '/contacts/new',
    text: 'Contact the front door',
    roles: practiceRoles,
    match: ['/contacts'],
  },
  {
    href: '/triage',
    text: 'Triage',
    roles: ['front-door-worker', 'team-manager', 'social-worker'],
    match: ['/triage'],
  },
  {
    href: '/people/find',
    text: 'Find a child',
    roles: practiceRoles,
    match: ['/people', '/children'],
  },
  { href: '/early-help', text: 'Early help', roles: practiceRoles, match: ['/early-help'] },
  {
    href: '/panels',
    text: 'Panels',
    roles: ['lead-professional', 'team-manager'],
    match: ['/panels'],
  },
  { href: '/tray', text: 'Tray', roles: ['team-manager'], match: ['/tray'] },
  { href: '/audit', text: 'Audit trail', roles: ['auditor', 'administrator'], match: ['/audit'] },
  { href: '/admin', text: 'Administration', roles: ['administrator'], match: ['/admin'] },
];

const matches = (path: string, prefix: string): boolean =>
  path === prefix || path.startsWith(`${prefix}/`);

/** The navigation items for a signed-in actor, with the current one marked. */
export function navigationFor(
  actor: Actor | null,
  currentPath: string,
): { href: string; text: string; active: boolean }[] {
  if (!actor) return [];
  return ITEMS.filter((i) => i.roles === 'all' || i.roles.some((r) => actor.roles.includes(r))).map(
    (i) => ({
      href: i.href,
      text: i.text,
      active: i.match.some((m) => matches(currentPath, m)),
    }),
  );
}
