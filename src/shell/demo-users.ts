/**
 * The demo users, one per role: pure data, so that the sign-in page can list them without
 * importing the demo seeding (which writes through the repositories). Every name is invented.
 */
import type { Role } from '../core/access/index.js';

export const DEMO_USERS: readonly {
  username: string;
  displayName: string;
  agency: string;
  role: Role;
}[] = [
  {
    username: 'practitioner',
    displayName: 'Priya Teacher (demo)',
    agency: 'school',
    role: 'practitioner',
  },
  {
    username: 'dsl',
    displayName: 'Dan Safeguarding-Lead (demo)',
    agency: 'school',
    role: 'designated-safeguarding-lead',
  },
  {
    username: 'front-door',
    displayName: 'Fern Frontdoor (demo)',
    agency: 'social-care',
    role: 'front-door-worker',
  },
  {
    username: 'team-manager',
    displayName: 'Tom Manager (demo)',
    agency: 'social-care',
    role: 'team-manager',
  },
  {
    username: 'social-worker',
    displayName: 'Sam Socialworker (demo)',
    agency: 'social-care',
    role: 'social-worker',
  },
  {
    username: 'lead-professional',
    displayName: 'Lee Leadprof (demo)',
    agency: 'early-help',
    role: 'lead-professional',
  },
  {
    username: 'business-support',
    displayName: 'Bea Support (demo)',
    agency: 'social-care',
    role: 'business-support',
  },
  {
    username: 'data-team',
    displayName: 'Dara Datateam (demo)',
    agency: 'social-care',
    role: 'data-team',
  },
  {
    username: 'auditor',
    displayName: 'Ada Auditor (demo)',
    agency: 'social-care',
    role: 'auditor',
  },
  {
    username: 'admin',
    displayName: 'Al Administrator (demo)',
    agency: 'social-care',
    role: 'administrator',
  },
  {
    username: 'eh-manager',
    displayName: 'Erin Earlyhelp-Manager (demo)',
    agency: 'early-help',
    role: 'team-manager',
  },
  {
    username: 'hv-demo',
    displayName: 'Hana Healthvisitor (demo)',
    agency: 'health',
    role: 'practitioner',
  },
  {
    username: 'housing-demo',
    displayName: 'Hugo Housing (demo)',
    agency: 'housing',
    role: 'practitioner',
  },
  {
    username: 'police-demo',
    displayName: 'Pat Police (demo)',
    agency: 'police',
    role: 'practitioner',
  },
];
