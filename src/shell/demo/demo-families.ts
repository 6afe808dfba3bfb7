/**
 * Synthetic families at every stage, so a newcomer sees a living system: contacts waiting for
 * triage and for a manager, an early help assessment overdue, a Team Around the Family plan,
 * a closed episode. Built through the JSON API as the demo users would, each family at its own
 * moment (an injected clock), so deadlines fall in the past and the future. The front door's
 * decisions are chosen from the deployment's pack by what they do, so every shipped authority
 * (and a new one) starts with families. Every name is invented; NHS numbers come from the range
 * reserved for testing.
 */
import { seedSocialCareFamilies } from './demo-social-care.js';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { ResolvedPack } from '../../core/policy/index.js';
import type { Database, DatabaseHandle } from '../db/index.js';
import { buildApp } from '../server/app.js';
import type { Config } from '../server/config.js';
import {
  CONTACT_WORKFLOW,
  EARLY_HELP_WORKFLOW,
  closesBelowSocialCare,
  planRoute,
  toEarlyHelp,
  toSocialCare,
} from './pack-steps.js';
import { DEMO_ROLES, createStepDriver, type Api, type StepDriver } from './step-driver.js';

const DAY = 86_400_000;

interface Session {
  app: FastifyInstance;
  driver: StepDriver;
  as(username: string): Promise<Caller>;
}
type Caller = <T>(method: 'POST' | 'PUT' | 'GET', url: string, body?: object) => Promise<T>;

/** An app whose clock stands `daysAgo` days before `now`, and callers signed in on it. */
async function at(
  handle: DatabaseHandle,
  packs: ReadonlyMap<string, ResolvedPack>,
  pack: ResolvedPack,
  config: Config,
  now: Date,
  daysAgo: number,
): Promise<Session> {
  const moment = new Date(now.getTime() - daysAgo * DAY);
  const app = await buildApp({ handle, packs, config, logger: false, clock: () => moment });
  const signIn = async (username: string): Promise<Api> => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username, password: config.demoPassword },
    });
    if (res.statusCode !== 200)
      throw new Error(`demo sign-in as ${username} failed (${String(res.statusCode)})`);
    const cookie = res.cookies.find((c) => c.name === 'baton_session');
    const header = `baton_session=${cookie?.value ?? ''}`;
    return async (method, url, body) => {
      const r = await app.inject({
        method,
        url,
        headers: { cookie: header },
        ...(body ? { payload: body } : {}),
      });
      let parsed: unknown;
      try {
        parsed = r.body === '' ? undefined : JSON.parse(r.body);
      } catch {
        parsed = r.body;
      }
      return { status: r.statusCode, body: parsed };
    };
  };
  const driver = createStepDriver({
    pack,
    signIn,
    today: iso(moment),
    leadProfessional: { name: 'Lee Leadprof (demo)', agency: 'Millbrook Early Help Hub (demo)' },
  });
  return {
    app,
    driver,
    as(username) {
      return Promise.resolve(
        <T>(method: 'POST' | 'PUT' | 'GET', url: string, body?: object): Promise<T> =>
          driver.call<T>(username, method, url, body),
      );
    },
  };
}

const iso = (d: Date): string => d.toISOString().slice(0, 10);
const yearsAgo = (now: Date, years: number, days = 0): string =>
  iso(new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth(), now.getUTCDate() - days)));

interface Receipt {
  workItemId: string;
  childIds: string[];
}
interface Person {
  id: string;
}
interface Step {
  status: string;
  episode: { id: string; version: number };
}

/** A two-parent household, both with parental responsibility, one living elsewhere. */
function household(
  family: string,
  children: {
    givenName: string;
    dateOfBirth?: string;
    expectedDate?: string;
    nhsNumber?: string;
  }[],
) {
  return {
    adults: [
      { key: 'mother', person: { givenName: 'Rowan', familyName: family, postcode: 'SK1 3XE' } },
      { key: 'father', person: { givenName: 'Ellis', familyName: family, postcode: 'SK4 1AA' } },
    ],
    children: children.map((c) => ({
      person: { ...c, familyName: family, postcode: 'SK1 3XE' },
      parents: [
        {
          adult: 'mother',
          relationship: 'mother',
          parentalResponsibility: true,
          livesWithChild: true,
        },
        {
          adult: 'father',
          relationship: 'father',
          parentalResponsibility: true,
          livesWithChild: false,
        },
      ],
    })),
  };
}

/** Seed the demo families once, under the deployment's pack. Returns how many it created. */
export async function seedDemoFamilies(
  handle: DatabaseHandle,
  packs: ReadonlyMap<string, ResolvedPack>,
  config: Config,
  now = new Date(),
): Promise<number> {
  if (await anyPeople(handle.db)) return 0;
  const pack = packs.get(config.packId);
  const contact = pack?.workflows.get(CONTACT_WORKFLOW);
  if (!pack || !contact || !pack.workflows.has(EARLY_HELP_WORKFLOW)) return 0;
  const fromNew = (level: number) => ({ workflowId: contact.id, state: contact.initial, level });
  const sessions: Session[] = [];
  const session = async (daysAgo: number) => {
    const s = await at(handle, packs, pack, config, now, daysAgo);
    sessions.push(s);
    return s;
  };
  try {
    // 1. Thornbury: a school's contact this morning, two children, waiting for triage.
    const today = await session(0);
    const teacher = await today.as('practitioner');
    await teacher<Receipt>('POST', '/api/contacts', {
      concerns:
        'Both children have come to school hungry most days this term; the older child says there is often no food at home and mum has been unwell.',
      referrerLevel: 3,
      urgency: 'routine',
      familySpokenTo: true,
      consent: { decision: 'given', givenBy: 'mother' },
      ...household('Thornbury (demo)', [
        { givenName: 'Ada', dateOfBirth: yearsAgo(now, 9), nhsNumber: '9990001235' },
        { givenName: 'Finn', dateOfBirth: yearsAgo(now, 6, 40) },
      ]),
    });

    // 2. Ashdown: a health visitor's contact four days ago about an unborn baby; a front-door
    //    worker proposed early help and it waits in the manager's tray (decision overdue).
    const fourDays = await session(4);
    const hv = await fourDays.as('hv-demo');
    const ashdown = await hv<Receipt>('POST', '/api/contacts', {
      concerns:
        'Expectant mother, first baby, isolated after moving to the area; low mood and no support network. She would like help to prepare.',
      referrerLevel: 2,
      urgency: 'routine',
      familySpokenTo: true,
      consent: { decision: 'given', givenBy: 'mother' },
      earlyHelpConsent: { decision: 'given', givenBy: 'mother' },
      ...household('Ashdown (demo)', [
        { givenName: 'Unborn', expectedDate: iso(new Date(now.getTime() + 90 * DAY)) },
      ]),
    });
    // The pack's route towards early help (or, where the front door has none, its decision that
    // the threshold is not met), proposed by a front-door worker and left for a manager.
    const proposal =
      planRoute(pack, fromNew(2), toEarlyHelp, DEMO_ROLES, toSocialCare(pack)) ??
      planRoute(pack, fromNew(2), closesBelowSocialCare(pack), DEMO_ROLES);
    if (proposal)
      await (await session(3)).driver.walk(ashdown.workItemId, proposal, { leaveLastInTray: true });

    // 3. Quill: police contact at level 4 a week ago, decided by the team manager: the pack's
    //    route to social care (a Child and Family assessment, in every shipped pack).
    const week = await session(7);
    const police = await week.as('police-demo');
    const quill = await police<Receipt>('POST', '/api/contacts', {
      concerns:
        'Attended a domestic incident at 02:00; the 4-year-old was present and frightened. Third call-out this month.',
      referrerLevel: 4,
      urgency: 'today',
      familySpokenTo: false,
      familyNotSpokenToReason:
        'Speaking to the family first could increase the risk to the child and the mother.',
      consent: {
        decision: 'not-sought',
        notSoughtReason: 'risk-of-significant-harm',
        consulted: 'safeguarding-lead',
      },
      ...household('Quill (demo)', [{ givenName: 'Otis', dateOfBirth: yearsAgo(now, 4) }]),
    });
    const decision = planRoute(pack, fromNew(4), toSocialCare(pack), DEMO_ROLES);
    if (decision) await week.driver.walk(quill.workItemId, decision);

    // 4. Kestrel: an early help episode opened 50 days ago; the EHA is now overdue.
    const fifty = await session(50);
    await openEpisodeFor(
      await fifty.as('lead-professional'),
      'Kestrel (demo)',
      'Juno',
      yearsAgo(now, 11),
    );

    // 5. Marlowe: opened 70 days ago, EHA completed into a TAF plan with actions.
    const seventy = await session(70);
    const lp70 = await seventy.as('lead-professional');
    const marlowe = await openEpisodeFor(lp70, 'Marlowe (demo)', 'Iris', yearsAgo(now, 8));
    const lp60 = await (await session(60)).as('lead-professional');
    const draft = await lp60<{ version: number }>(
      'PUT',
      `/api/early-help-episodes/${marlowe.id}/assessment`,
      {
        family: 'Iris lives with her mother and grandmother; her father sees her at weekends.',
        childVoice: '“I get worried at night and then I am tired at school.”',
        strengths: 'A warm relationship with her grandmother; mother is keen to work with school.',
        needs: 'Sleep and anxiety; school attendance has fallen to 84%; mother’s debts.',
        version: 0,
      },
    );
    await lp60('POST', `/api/early-help-episodes/${marlowe.id}/assessment/complete`, {
      planLevel: 3,
      version: draft.version,
    });
    await lp60('POST', `/api/early-help-episodes/${marlowe.id}/plan/actions`, {
      outcome: 'Iris attends school every day',
      action: 'Morning check-in with the learning mentor',
      ownerName: 'Priya Teacher (demo)',
      ownerAgency: 'Larkfield Primary School (demo)',
      dueDate: iso(new Date(now.getTime() + 14 * DAY)),
    });
    await lp60('POST', `/api/early-help-episodes/${marlowe.id}/plan/actions`, {
      outcome: 'Mother’s debts are manageable',
      action: 'Referral to the debt advice service',
      ownerName: 'Hugo Housing (demo)',
      ownerAgency: 'Millbrook Housing Options (demo)',
      dueDate: iso(new Date(now.getTime() - 5 * DAY)),
    });
    // 6 and 7: a child protection plan and a step-down transfer waiting in a tray.
    return (
      5 +
      (await seedSocialCareFamilies(
        pack,
        async (daysAgo) => (await session(daysAgo)).driver,
        (years) => yearsAgo(now, years),
      ))
    );
  } finally {
    for (const s of sessions) await s.app.close();
  }
}

/** Create a child and a parent with PR as the lead professional, and open an episode with consent. */
async function openEpisodeFor(
  lp: Caller,
  family: string,
  givenName: string,
  dateOfBirth: string,
): Promise<{ id: string }> {
  const child = await lp<Person>('POST', '/api/people', {
    kind: 'child',
    givenName,
    familyName: family,
    dateOfBirth,
    postcode: 'SK2 6PL',
  });
  const withParent = await lp<{ relationships: { personId: string; relationship: string }[] }>(
    'POST',
    `/api/people/${child.id}/relationships`,
    {
      person: { kind: 'adult', givenName: 'Sasha', familyName: family, postcode: 'SK2 6PL' },
      relationship: 'mother',
      parentalResponsibility: true,
      livesWithChild: true,
    },
  );
  const parentId = withParent.relationships.find((r) => r.relationship === 'mother')?.personId;
  const step = await lp<Step>('POST', `/api/children/${child.id}/early-help-episodes`, {
    consent: {
      decision: 'given',
      givenBy: 'parent-with-pr',
      givenByName: `Sasha ${family}`,
      ...(parentId ? { givenByPersonId: parentId } : {}),
      method: 'verbal',
    },
    leadProfessional: {
      name: 'Lee Leadprof (demo)',
      agency: 'Millbrook Early Help Hub (demo)',
      agreedWithFamily: true,
    },
    reason: 'The family asked for help with routines and school attendance.',
  });
  return { id: step.episode.id };
}

async function anyPeople(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('people').select('id').limit(1).executeTakeFirst()) !== undefined;
}
