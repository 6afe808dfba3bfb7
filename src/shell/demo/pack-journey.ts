/**
 * One child's whole journey under a pack, chosen from what the pack offers (issue 12 §1): a
 * contact, the front door's decision towards early help, an early help episode with its
 * assessment, a step up to social care, and a step down back to early help. Each authority
 * routes it differently — Stockport steps up from the episode, Walsall and Peterborough through
 * a new contact to the front door, Worcestershire agrees level 4 and social care starts the
 * assessment — and the routes come from the pack's data, never from step ids.
 */
import type { ResolvedPack } from '../../core/policy/index.js';
import {
  CONTACT_WORKFLOW,
  EARLY_HELP_WORKFLOW,
  closesBelowSocialCare,
  planRoute,
  startableRoute,
  startsEarlyHelp,
  toEarlyHelp,
  toSocialCare,
  type PlannedStep,
} from './pack-steps.js';
import { DEMO_ROLES, expectOk, type StepDriver, type WorkView } from './step-driver.js';

export interface JourneyResult {
  childId: string;
  contactId: string;
  episodeId: string;
  socialCareId: string;
  steppedDownToId: string;
  /** How the step up went: from the episode, through a new contact, or started by social care. */
  stepUp: 'from-early-help' | 'new-contact' | 'started-by-social-care';
}

/** Where a piece of work is, read by the first of these users who may see it. */
export async function viewAsAnyone(
  driver: StepDriver,
  id: string,
  usernames: readonly string[] = [
    'team-manager',
    'social-worker',
    'lead-professional',
    'eh-manager',
    'practitioner',
    'dsl',
  ],
): Promise<WorkView & { viewer: string }> {
  for (const username of usernames) {
    const r = await (await driver.as(username))('GET', `/api/work-items/${id}/view`);
    if (r.status === 200) return { ...(r.body as WorkView), viewer: username };
  }
  throw new Error(`demo: no demo user may see work ${id}`);
}

const need = <T>(value: T | null | undefined, what: string): T => {
  if (value === null || value === undefined) throw new Error(`demo: ${what}`);
  return value;
};

/** A contact from the school about one child and both parents (both with parental responsibility). */
export function contactBody(
  level: 2 | 3 | 4,
  concerns: string,
  child:
    | { personId: string; motherId: string; fatherId: string }
    | { givenName: string; familyName: string; dateOfBirth: string },
): object {
  const parents = (['mother', 'father'] as const).map((adult) => ({
    adult,
    relationship: adult,
    parentalResponsibility: true,
    livesWithChild: adult === 'mother',
  }));
  const adult = (key: string, givenName: string, familyName: string) => ({
    key,
    person: { givenName, familyName, postcode: 'SK1 3XE' },
  });
  return {
    concerns,
    referrerLevel: level,
    urgency: level === 4 ? 'today' : 'routine',
    familySpokenTo: true,
    consent: { decision: 'given', givenBy: 'mother' },
    ...(level < 4 ? { earlyHelpConsent: { decision: 'given', givenBy: 'mother' } } : {}),
    ...('personId' in child
      ? {
          adults: [
            { key: 'mother', personId: child.motherId },
            { key: 'father', personId: child.fatherId },
          ],
          children: [{ personId: child.personId, parents }],
        }
      : {
          adults: [
            adult('mother', 'Robin', child.familyName),
            adult('father', 'Jordan', child.familyName),
          ],
          children: [
            {
              person: {
                givenName: child.givenName,
                familyName: child.familyName,
                dateOfBirth: child.dateOfBirth,
                postcode: 'SK1 3XE',
              },
              parents,
            },
          ],
        }),
  };
}

/** The child's parents with parental responsibility, mother first. */
export async function parentsOf(
  driver: StepDriver,
  username: string,
  childId: string,
): Promise<{ motherId: string; fatherId: string }> {
  const child = await driver.call<{
    relationships: { personId: string; relationship: string; parentalResponsibility: boolean }[];
  }>(username, 'GET', `/api/people/${childId}`);
  const find = (relationship: string) =>
    need(
      child.relationships.find((r) => r.relationship === relationship && r.parentalResponsibility)
        ?.personId,
      `child ${childId} has no ${relationship} with parental responsibility`,
    );
  return { motherId: find('mother'), fatherId: find('father') };
}

/** Open an early help episode (with consent and a lead professional) and complete its assessment. */
export async function openEpisode(
  driver: StepDriver,
  childId: string,
  planLevel: 2 | 3,
): Promise<{ id: string; by: string }> {
  for (const username of ['lead-professional', 'practitioner', 'dsl']) {
    const api = await driver.as(username);
    const person = await api('GET', `/api/people/${childId}`);
    if (person.status !== 200) continue;
    const { motherId } = await parentsOf(driver, username, childId);
    const opened = await driver.call<{ episode: { id: string } }>(
      username,
      'POST',
      `/api/children/${childId}/early-help-episodes`,
      {
        consent: {
          decision: 'given',
          givenBy: 'parent-with-pr',
          givenByName: 'Robin (demo)',
          givenByPersonId: motherId,
          method: 'verbal',
        },
        leadProfessional: {
          name: 'Lee Leadprof (demo)',
          agency: 'Millbrook Early Help Hub (demo)',
          agreedWithFamily: true,
        },
        reason: 'The family asked for help after the front door’s decision.',
      },
    );
    const id = opened.episode.id;
    const draft = await driver.call<{ version: number }>(
      username,
      'PUT',
      `/api/early-help-episodes/${id}/assessment`,
      {
        family: 'Synthetic demo family: the child lives with their mother.',
        childVoice: '“I want things to be calmer at home.”',
        strengths: 'A mother keen to work with the school.',
        needs: 'Routines, school attendance and the family’s debts.',
        version: 0,
      },
    );
    await driver.call(username, 'POST', `/api/early-help-episodes/${id}/assessment/complete`, {
      planLevel,
      version: draft.version,
    });
    return { id, by: username };
  }
  throw new Error(`demo: no demo user may open early help for child ${childId}`);
}

/** Walk the whole journey under the driver's pack; throws naming the stage that failed. */
export async function walkPackJourney(
  driver: StepDriver,
  pack: ResolvedPack,
  birthDate: string,
): Promise<JourneyResult> {
  const contactWorkflow = need(
    pack.workflows.get(CONTACT_WORKFLOW),
    `${pack.id} has no contact workflow`,
  );
  const from = (workflowId: string, state: string, level: number) => ({ workflowId, state, level });
  const route = (what: string, r: PlannedStep[] | null) => need(r, `${pack.id}: ${what}`);

  // 1–2. The contact and the front door's decision towards early help.
  const receipt = await driver.call<{ workItemId: string; childIds: string[] }>(
    'practitioner',
    'POST',
    '/api/contacts',
    contactBody(3, 'Synthetic demo: the child is often late and hungry; mother asks for help.', {
      givenName: 'Jo',
      familyName: `Journey-${pack.id} (demo)`,
      dateOfBirth: birthDate,
    }),
  );
  const childId = need(receipt.childIds[0], 'the contact created no child');
  const start = from(CONTACT_WORKFLOW, contactWorkflow.initial, 3);
  await driver.walk(
    receipt.workItemId,
    route(
      'no front-door decision leads to early help',
      planRoute(pack, start, toEarlyHelp, DEMO_ROLES, toSocialCare(pack)) ??
        planRoute(pack, start, closesBelowSocialCare(pack), DEMO_ROLES),
    ),
  );

  // 3. Early help: the episode and its assessment into a TAF plan.
  const episode = await openEpisode(driver, childId, 3);
  const ehView = await driver.view(episode.by, episode.id);

  // 4. Step up: from the episode where the pack has the route, else a new contact at level 4.
  let socialCareId: string | null = null;
  let stepUp: JourneyResult['stepUp'] = 'from-early-help';
  const upRoute = planRoute(
    pack,
    from(EARLY_HELP_WORKFLOW, ehView.item.state, 3),
    toSocialCare(pack),
    DEMO_ROLES,
  );
  if (upRoute) {
    const end = await driver.walk(episode.id, upRoute);
    if (end !== episode.id) socialCareId = end;
  } else {
    stepUp = 'new-contact';
    const parents = await parentsOf(driver, episode.by, childId);
    const again = await driver.call<{ workItemId: string }>(
      episode.by,
      'POST',
      '/api/contacts',
      contactBody(
        4,
        'Synthetic demo: concerns have risen during early help; the plan is not keeping the child safe.',
        { personId: childId, ...parents },
      ),
    );
    const end = await driver.walk(
      again.workItemId,
      route(
        'no front-door decision leads to social care',
        planRoute(
          pack,
          from(CONTACT_WORKFLOW, contactWorkflow.initial, 4),
          toSocialCare(pack),
          DEMO_ROLES,
        ),
      ),
    );
    if (end !== again.workItemId) socialCareId = end;
  }
  if (socialCareId === null) {
    // The step up agreed level 4 without starting work (Worcestershire): social care starts it.
    stepUp = 'started-by-social-care';
    const chosen = need(
      startableRoute(pack, startsEarlyHelp, DEMO_ROLES),
      `${pack.id}: social care may start no work that steps down to early help`,
    );
    socialCareId = await startStatutoryWork(
      driver,
      childId,
      chosen.workflow.id,
      'Level 4 agreed at the step-up conversation; social care starts its work.',
    );
  }

  // 5. Step down back to early help.
  const social = await viewAsAnyone(driver, socialCareId);
  const downRoute = route(
    `no step down to early help from ${social.item.workflowId}`,
    planRoute(
      pack,
      from(social.item.workflowId, social.item.state, 4),
      startsEarlyHelp,
      DEMO_ROLES,
    ),
  );
  const steppedDownToId = await driver.walk(socialCareId, downRoute);
  const after = await viewAsAnyone(driver, steppedDownToId);
  if (after.item.workflowId !== EARLY_HELP_WORKFLOW || after.item.final)
    throw new Error(
      `demo: ${pack.id}: the step down ended on ${after.item.workflowId} (${after.item.state})`,
    );
  return {
    childId,
    contactId: receipt.workItemId,
    episodeId: episode.id,
    socialCareId,
    steppedDownToId,
    stepUp,
  };
}

/** Start statutory work on a child's record as the first of social care's demo users who may. */
export async function startStatutoryWork(
  driver: StepDriver,
  childId: string,
  workflowId: string,
  rationale: string,
): Promise<string> {
  for (const username of ['social-worker', 'team-manager']) {
    const r = await (
      await driver.as(username)
    )('POST', `/api/children/${childId}/work`, {
      workflowId,
      rationale,
    });
    if (r.status === 201) return (r.body as { id: string }).id;
    if (r.status !== 403 && r.status !== 404) expectOk(r, `starting ${workflowId} as ${username}`);
  }
  throw new Error(`demo: no demo user may start ${workflowId} for child ${childId}`);
}
