/**
 * Issue 14 §3 and §4 on every database, under Stockport's pack: a family of two children and both
 * parents, referred by a school with the family's consent to early help. Opening early help
 * references the consent already on the ledger instead of writing it again; the household view
 * shows the family's children, adults (with parental responsibility) and each child's open work
 * and level, leaves out children the reader may not read, and audits the read. People are invented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInvolvement, createUser, insertConsentDecision } from '../repositories/index.js';
import { insertPerson, insertRelationship } from '../repositories/people-repository.js';
import { twoParentContact } from '../testing/contact-fixtures.js';
import { pageClient } from '../testing/page-forms.js';
import { testDialects } from '../testing/test-databases.js';
import { actorFor } from '../testing/api-client.js';
import {
  apiSignIn,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../testing/test-server.js';

const dialects = await testDialects();
const MONDAY = new Date('2026-03-02T10:00:00.000Z');
const USERS = ['dsl', 'practitioner', 'lead-professional', 'front-door'];

/** The value a GOV.UK input or the checked radio of `name` carries in a page. */
const inputValue = (html: string, name: string): string =>
  new RegExp(`name="${name}" type="text" value="([^"]*)"`).exec(html)?.[1] ?? '';
const checkedValue = (html: string, name: string): string =>
  new RegExp(`name="${name}" type="radio" value="([^"]*)" checked`).exec(html)?.[1] ?? '';

describe.each(dialects)('the family on %s (BATON_PACK=stockport)', (dialect) => {
  let s: TestServer;
  const cookies: Record<string, string> = {};
  const { get, postJson, postForm } = pageClient(() => s.app, cookies);
  let ivy = '';
  let otto = '';
  let hidden = '';

  const earlyHelpConsents = (childId: string) =>
    s.database.db
      .selectFrom('consents')
      .select(['id', 'given_by_person_id', 'method'])
      .where('child_id', '=', childId)
      .where('purpose', '=', 'early-help')
      .execute();
  const consentsOf = (childId: string) =>
    s.database.db
      .selectFrom('consents')
      .select(['id', 'purpose', 'decision', 'given_by_person_id'])
      .where('child_id', '=', childId)
      .execute();
  const episodeOf = async (childId: string) => {
    const row = await s.database.db
      .selectFrom('work_items')
      .innerJoin('work_item_children', 'work_item_children.work_item_id', 'work_items.id')
      .select(['work_items.id', 'work_items.data'])
      .where('work_item_children.child_id', '=', childId)
      .where('work_items.workflow_id', '=', 'early-help-episode')
      .executeTakeFirstOrThrow();
    return {
      id: row.id,
      data: JSON.parse(row.data) as { consentId?: string; consentIds?: Record<string, string> },
    };
  };

  beforeAll(async () => {
    s = await startTestServer({
      dialect,
      clock: () => MONDAY,
      env: { BATON_PACK: 'stockport', BATON_SIGN_IN_LIMIT: '1000' },
    });
    // A health visitor who uses Baton but does not yet work with the family.
    const health = await s.database.db
      .selectFrom('agencies')
      .select('id')
      .where('kind', '=', 'health')
      .executeTakeFirst();
    const healthId = health?.id ?? `health-${dialect}`;
    if (!health)
      await s.database.db
        .insertInto('agencies')
        .values({
          id: healthId,
          name: 'Larkfield Health Visiting (demo)',
          kind: 'health',
          created_at: MONDAY.toISOString(),
        })
        .execute();
    await createUser(
      s.database.db,
      {
        username: 'hv',
        displayName: 'Hana Visitor (demo)',
        agencyId: healthId,
        roles: ['practitioner'],
        password: TEST_PASSWORD,
      },
      MONDAY.toISOString(),
    );
    for (const u of [...USERS, 'hv']) cookies[u] = await apiSignIn(s.app, u);
    const contact = twoParentContact(
      { givenName: 'Ivy', familyName: 'Hearthley', dateOfBirth: '2016-05-05' },
      {
        concerns: 'Ivy and her brother are often hungry; their mother says she is struggling.',
        referrerLevel: 3,
        mother: 'Rowan',
        father: 'Ash',
      },
    );
    const first = contact.children[0];
    if (!first) throw new Error('the fixture has a child');
    const made = await postJson(
      '/api/contacts',
      {
        ...contact,
        earlyHelpConsent: { decision: 'given', givenBy: 'mum' },
        children: [
          first,
          {
            ...first,
            person: { givenName: 'Otto', familyName: 'Hearthley', dateOfBirth: '2019-02-11' },
          },
        ],
      },
      'dsl',
    );
    expect(made.statusCode, made.body).toBe(201);
    [ivy = '', otto = ''] = made.json<{ childIds: string[] }>().childIds;
    // A half-sister through the mother, whom the school does not know: never named to the school.
    const actor = await actorFor(s, 'front-door');
    const ctx = { actor, requestId: 'test', remoteAddress: null, now: MONDAY.toISOString() };
    const mother = await s.database.db
      .selectFrom('relationships')
      .select('person_id')
      .where('child_id', '=', ivy)
      .where('relationship', '=', 'mother')
      .executeTakeFirstOrThrow();
    hidden = await insertPerson(s.database.db, ctx, {
      kind: 'child',
      givenName: 'Wren',
      familyName: 'Elsewhereton',
      dateOfBirth: '2012-08-30',
    });
    await insertRelationship(s.database.db, ctx, {
      childId: hidden,
      personId: mother.person_id,
      relationship: 'mother',
      parentalResponsibility: true,
      livesWithChild: false,
    });
  });
  afterAll(() => s.close());

  it('§3: opening early help for both children references the consent the contact put on the ledger, and writes no copy', async () => {
    const before = await earlyHelpConsents(ivy);
    expect(before).toHaveLength(1);
    expect(await earlyHelpConsents(otto)).toHaveLength(1);
    const form = await get(`/children/${ivy}/early-help/new`, 'dsl');
    expect(form.statusCode, form.body).toBe(200);
    // The consent held is on the form for checking, not asked again.
    const held = {
      consentDecision: checkedValue(form.body, 'consentDecision'),
      consentGivenBy: checkedValue(form.body, 'consentGivenBy'),
      consentGivenByName: inputValue(form.body, 'consentGivenByName'),
      consentMethod: checkedValue(form.body, 'consentMethod'),
    };
    expect(held).toEqual({
      consentDecision: 'given',
      consentGivenBy: 'parent-with-pr',
      consentGivenByName: 'Rowan Hearthley',
      consentMethod: 'verbal',
    });
    const opened = await postForm(
      `/children/${ivy}/early-help/new`,
      `/children/${ivy}/early-help/new`,
      { ...held, leadWho: 'me', leadAgreed: 'yes', alsoFor: otto },
      'dsl',
    );
    expect(opened.statusCode, opened.body).toBe(303);
    // One episode for the family (Stockport 001: the EHA is a holistic family assessment).
    const episode = await episodeOf(ivy);
    expect((await episodeOf(otto)).id).toBe(episode.id);
    expect(String(opened.headers.location)).toBe(`/early-help/${episode.id}?saved=opened`);
    for (const child of [ivy, otto]) {
      const consents = await earlyHelpConsents(child);
      expect(consents, 'no second early help consent').toHaveLength(1);
      // Each child's own consent, referenced on the episode.
      expect(episode.data.consentIds?.[child]).toBe(consents[0]?.id);
    }
    expect(episode.data.consentId).toBe((await earlyHelpConsents(ivy))[0]?.id);
    // The page and the API name both children; each child's record leads to the one episode.
    const page = await get(`/early-help/${episode.id}`, 'dsl');
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('<dt class="govuk-summary-list__key">\n      Children');
    expect(page.body).toContain(`href="/children/${otto}"`);
    expect(page.body).toContain('Ivy Hearthley and Otto Hearthley');
    const api = await get(`/api/early-help-episodes/${episode.id}`, 'dsl');
    expect(api.statusCode, api.body).toBe(200);
    expect(api.json<{ children: { id: string }[] }>().children.map((c) => c.id)).toEqual([
      ivy,
      otto,
    ]);
    const list = await get(`/api/children/${otto}/early-help-episodes`, 'dsl');
    expect(list.json<{ episodes: { id: string }[] }>().episodes.map((e) => e.id)).toEqual([
      episode.id,
    ]);
  });

  it('§4: a family’s episode needs each child’s consent, and only children of the family; a refusal names the child and opens nothing', async () => {
    const contact = twoParentContact(
      { givenName: 'Pip', familyName: 'Brookvale', dateOfBirth: '2015-01-20' },
      {
        concerns: 'Pip and Tam miss school often.',
        referrerLevel: 3,
        mother: 'Iris',
        father: 'Oak',
      },
    );
    const first = contact.children[0];
    if (!first) throw new Error('the fixture has a child');
    const made = await postJson(
      '/api/contacts',
      {
        ...contact,
        earlyHelpConsent: { decision: 'given', givenBy: 'mum' },
        children: [
          first,
          {
            ...first,
            person: { givenName: 'Tam', familyName: 'Brookvale', dateOfBirth: '2018-06-02' },
          },
        ],
      },
      'dsl',
    );
    expect(made.statusCode, made.body).toBe(201);
    const [pip = '', tam = ''] = made.json<{ childIds: string[] }>().childIds;
    // Later that morning the mother refuses early help for Tam: Tam's own decision, on Tam's ledger.
    const dsl = await actorFor(s, 'dsl');
    const later = {
      actor: dsl,
      requestId: 'test',
      remoteAddress: null,
      now: new Date(MONDAY.getTime() + 3_600_000).toISOString(),
    };
    await insertConsentDecision(s.database.db, later, {
      childId: tam,
      purpose: 'early-help',
      decision: 'refused',
      givenBy: 'parent-with-pr',
      givenByPersonId: null,
      givenByName: 'Iris Brookvale',
      method: 'verbal',
      notes: 'Refused for Tam',
    });
    const episodesFor = (childId: string) =>
      s.database.db
        .selectFrom('work_items')
        .innerJoin('work_item_children', 'work_item_children.work_item_id', 'work_items.id')
        .select('work_items.id')
        .where('work_item_children.child_id', '=', childId)
        .where('work_items.workflow_id', '=', 'early-help-episode')
        .execute();
    const open = (alsoFor: string[]) =>
      postJson(
        `/api/children/${pip}/early-help-episodes`,
        { leadProfessional: { userId: dsl.userId, agreedWithFamily: true }, alsoFor },
        'dsl',
      );
    // Pip's consent is live, Tam's refused: the family's episode is refused, naming Tam.
    const refused = await open([tam]);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('BATON_TRANSITION_REFUSED');
    expect(refused.body).toContain('for Tam Brookvale: consent for early-help was refused');
    expect(refused.body).not.toContain('for Pip Brookvale');
    // Ivy is no child of this family: refused on `alsoFor`, saying what to do.
    const stranger = await open([ivy]);
    expect(stranger.statusCode, stranger.body).toBe(400);
    const { details } = stranger.json<{
      error: { details: { path: string; message: string }[] };
    }>().error;
    expect(details).toContainEqual({
      path: 'alsoFor',
      message:
        'Ivy Hearthley does not share a parent or carer with this child on the record: open their early help from their own record',
    });
    for (const child of [pip, tam, ivy])
      expect(await episodesFor(child)).toHaveLength(child === ivy ? 1 : 0);
    // One answer to consent for several children is checked against each child's record: Iris
    // is no parent of Ivy's, so nothing is written for either child.
    const iris = await s.database.db
      .selectFrom('relationships')
      .select('person_id')
      .where('child_id', '=', pip)
      .where('relationship', '=', 'mother')
      .executeTakeFirstOrThrow();
    const pipConsents = (await consentsOf(pip)).length;
    const wrongFamily = await postJson(
      `/api/children/${pip}/consents`,
      {
        purpose: 'information-sharing',
        decision: 'given',
        givenByKind: 'parent-with-pr',
        givenByPersonId: iris.person_id,
        method: 'verbal',
        scope: ['Larkfield Primary (demo)'],
        recordedOn: '2026-03-02',
        alsoFor: [ivy],
      },
      'dsl',
    );
    expect(wrongFamily.statusCode, wrongFamily.body).toBe(400);
    const problems = wrongFamily.json<{ error: { details: { path: string; message: string }[] } }>()
      .error.details;
    expect(problems.map((d) => d.path)).toEqual(['alsoFor']);
    expect(problems[0]?.message).toMatch(/^For Ivy Hearthley: /);
    expect(await consentsOf(pip)).toHaveLength(pipConsents);
    // Pip alone: one child, one episode.
    const alone = await open([]);
    expect(alone.statusCode, alone.body).toBe(201);
    expect(await episodesFor(pip)).toHaveLength(1);
    expect(await episodesFor(tam)).toHaveLength(0);
  });

  it('§3: a consent that says something new (in writing now) is written, and the episode references it', async () => {
    const actor = await actorFor(s, 'dsl');
    const ctx = { actor, requestId: 'test', remoteAddress: null, now: MONDAY.toISOString() };
    const mother = await s.database.db
      .selectFrom('relationships')
      .select('person_id')
      .where('child_id', '=', ivy)
      .where('relationship', '=', 'mother')
      .executeTakeFirstOrThrow();
    // A third child of the family, known to the school, with the mother's consent on the ledger.
    const child = await insertPerson(s.database.db, ctx, {
      kind: 'child',
      givenName: 'Juno',
      familyName: 'Hearthley',
      dateOfBirth: '2014-01-20',
    });
    await insertRelationship(s.database.db, ctx, {
      childId: child,
      personId: mother.person_id,
      relationship: 'mother',
      parentalResponsibility: true,
      livesWithChild: true,
    });
    await addInvolvement(s.database.db, {
      childId: child,
      agencyId: actor.agencyId,
      userId: actor.userId,
      role: 'universal-service',
      from: '2025-09-01',
      now: ctx.now,
    });
    const recorded = await postJson(
      `/api/children/${child}/consents`,
      {
        purpose: 'early-help',
        decision: 'given',
        givenByKind: 'parent-with-pr',
        givenByPersonId: mother.person_id,
        method: 'verbal',
        recordedOn: '2026-03-02',
      },
      'dsl',
    );
    expect(recorded.statusCode, recorded.body).toBe(201);
    const open = (method: 'verbal' | 'written') =>
      postJson(
        `/api/children/${child}/early-help-episodes`,
        {
          consent: {
            decision: 'given',
            givenBy: 'parent-with-pr',
            givenByName: 'Rowan Hearthley',
            givenByPersonId: mother.person_id,
            method,
          },
          leadProfessional: { userId: actor.userId, agreedWithFamily: true },
        },
        'dsl',
      );
    const res = await open('written');
    expect(res.statusCode, res.body).toBe(201);
    const consents = await earlyHelpConsents(child);
    expect(consents.map((c) => c.method).sort()).toEqual(['verbal', 'written']);
    const written = consents.find((c) => c.method === 'written');
    expect((await episodeOf(child)).data.consentId).toBe(written?.id);
  });

  it('§4: the consent form asks once for the family: one answer on each ticked child’s own ledger, audited for each', async () => {
    const form = await get(`/children/${ivy}/consents/new`, 'dsl');
    expect(form.statusCode, form.body).toBe(200);
    // Otto is offered; Wren, whom the school may not see, is not.
    expect(form.body).toContain(`name="alsoFor" type="checkbox" value="${otto}"`);
    expect(form.body).not.toContain(hidden);
    const mother = await s.database.db
      .selectFrom('relationships')
      .select('person_id')
      .where('child_id', '=', ivy)
      .where('relationship', '=', 'mother')
      .executeTakeFirstOrThrow();
    const before = { ivy: (await consentsOf(ivy)).length, otto: (await consentsOf(otto)).length };
    const sent = await postForm(
      `/children/${ivy}/consents/new`,
      `/children/${ivy}/consents`,
      {
        purpose: 'step-down-transfer',
        decision: 'given',
        givenBy: `person:${mother.person_id}`,
        method: 'verbal',
        'recordedOn-day': '2',
        'recordedOn-month': '3',
        'recordedOn-year': '2026',
        alsoFor: otto,
      },
      'dsl',
    );
    expect(sent.statusCode, sent.body).toBe(303);
    for (const [child, had] of [
      [ivy, before.ivy],
      [otto, before.otto],
    ] as const) {
      const rows = await consentsOf(child);
      expect(rows).toHaveLength(had + 1);
      expect(rows.filter((r) => r.purpose === 'step-down-transfer')).toEqual([
        expect.objectContaining({ decision: 'given', given_by_person_id: mother.person_id }),
      ]);
    }
    const audit = await s.database.db
      .selectFrom('audit_events')
      .select('object_id')
      .where('action', '=', 'consent.record')
      .where('outcome', '=', 'allowed')
      .where('reason', '=', 'step-down-transfer: given')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('§4: the household view shows the children the reader may see, the adults with parental responsibility, and each child’s open work and level', async () => {
    const page = await get(`/children/${ivy}/family`, 'dsl');
    expect(page.statusCode, page.body).toBe(200);
    const body = page.body;
    expect(body).toContain('Ivy Hearthley’s family');
    expect(body).toContain(`href="/children/${otto}"`);
    expect(body).toContain('Otto Hearthley');
    // Each child's early help episode, opened in the first test, and its level (not yet set).
    const ivyEpisode = (await episodeOf(ivy)).id;
    const ottoEpisode = (await episodeOf(otto)).id;
    expect(body).toContain(`href="/early-help/${ivyEpisode}"`);
    expect(body).toContain(`href="/early-help/${ottoEpisode}"`);
    expect(body).toMatch(
      /Early help episode<span class="govuk-visually-hidden"> for Otto Hearthley/,
    );
    // Both parents, with parental responsibility for each child.
    expect(body).toContain('Rowan Hearthley');
    expect(body).toContain('Ash Hearthley');
    expect(body).toMatch(/Mother of Otto Hearthley: has parental responsibility, lives with them/);
    expect(body).toMatch(/Father of Ivy Hearthley: has parental responsibility, lives with them/);
    // A half-sister the school does not work with is left out, as on the child record.
    expect(body).not.toContain('Wren');
    expect(body).not.toContain(hidden);
    // The read is audited, with the list of the family.
    const audit = await s.database.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('object_id', '=', ivy)
      .where('action', 'in', ['child.family.read', 'child.household.list'])
      .execute();
    expect(audit.map((a) => `${a.action}:${a.outcome}`)).toEqual(
      expect.arrayContaining(['child.family.read:allowed', 'child.household.list:allowed']),
    );
  });

  it('§4: the front door sees the whole family, the half-sister too; someone from an agency not working with the child is refused, audited', async () => {
    const page = await get(`/children/${ivy}/family`, 'front-door');
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('Wren Elsewhereton');
    expect(page.body).toMatch(
      /Mother of Wren Elsewhereton: has parental responsibility, lives elsewhere/,
    );
    const refused = await get(`/children/${ivy}/family`, 'lead-professional');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain('Otto');
    const audit = await s.database.db
      .selectFrom('audit_events')
      .select('outcome')
      .where('object_id', '=', ivy)
      .where('action', '=', 'child.family.read')
      .where('outcome', '=', 'refused')
      .execute();
    expect(audit).toHaveLength(1);
    expect((await get(`/children/nobody-${dialect}/family`, 'dsl')).statusCode).toBe(404);
  });

  it('§4: the child record and the early help episode page link to the household view', async () => {
    const record = await get(`/children/${ivy}`, 'dsl');
    expect(record.statusCode).toBe(200);
    expect(record.body).toContain(`href="/children/${ivy}/family"`);
    // Otto's episode is the family's, opened for Ivy: its family link is Ivy's.
    const episode = await get(`/early-help/${(await episodeOf(otto)).id}`, 'dsl');
    expect(episode.statusCode).toBe(200);
    expect(episode.body).toContain(`href="/children/${ivy}/family"`);
  });

  it('§1: a plan action’s owner is picked from Baton (the family’s team first, agency filled in), can then see the child and is told; free text only for someone outside Baton', async () => {
    const episodeId = (await episodeOf(ivy)).id;
    const lee = await actorFor(s, 'lead-professional');
    const plan = await get(`/early-help/${episodeId}/plan`, 'dsl');
    expect(plan.statusCode, plan.body).toBe(200);
    const select = /<select[^>]*name="ownerUserId"[\s\S]*?<\/select>/.exec(plan.body)?.[0] ?? '';
    const options = [...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)</g)].map((m) => [
      m[1],
      m[2]?.trim(),
    ]);
    // The team around the family first (the school's safeguarding lead opened the episode).
    expect(options[1]?.[1]).toMatch(
      /\(Larkfield Primary School \(demo\)\) – works with the family$/,
    );
    expect(options).toContainEqual([
      lee.userId,
      expect.stringMatching(/^Lee Leadprof \(demo\) \(/),
    ]);
    expect(options.at(-1)).toEqual([
      'outside',
      'Someone outside Baton (enter their details below)',
    ]);
    // Before: the early help worker cannot see Ivy.
    expect((await get(`/children/${ivy}`, 'lead-professional')).statusCode).toBe(403);
    const picked = await postForm(
      `/early-help/${episodeId}/plan`,
      `/early-help/${episodeId}/plan/actions`,
      {
        action: 'Weekly parenting sessions on routines at bedtime',
        ownerUserId: lee.userId,
        'dueDate-day': '30',
        'dueDate-month': '4',
        'dueDate-year': '2026',
      },
      'dsl',
    );
    expect(picked.statusCode, picked.body).toBe(303);
    const outside = await postForm(
      `/early-help/${episodeId}/plan`,
      `/early-help/${episodeId}/plan/actions`,
      {
        action: 'Breakfast every school day before eight',
        ownerUserId: 'outside',
        ownerName: 'Rowan Hearthley',
        ownerAgency: 'Family',
        'dueDate-day': '30',
        'dueDate-month': '4',
        'dueDate-year': '2026',
      },
      'dsl',
    );
    expect(outside.statusCode, outside.body).toBe(303);
    const actions = await s.database.db
      .selectFrom('eh_plan_actions')
      .select(['owner_name', 'owner_agency', 'owner_user_id'])
      .where('work_item_id', '=', episodeId)
      .orderBy('action')
      .execute();
    expect(actions).toEqual([
      { owner_name: 'Rowan Hearthley', owner_agency: 'Family', owner_user_id: null },
      {
        owner_name: 'Lee Leadprof (demo)',
        owner_agency: expect.stringMatching(/\S/) as unknown,
        owner_user_id: lee.userId,
      },
    ]);
    // The owner now sees Ivy and is told; nobody is told about the family's own action.
    expect((await get(`/children/${ivy}`, 'lead-professional')).statusCode).toBe(200);
    const told = await s.database.db
      .selectFrom('notifications')
      .select(['user_id', 'text'])
      .where('kind', '=', 'plan-action-owner')
      .where('object_id', '=', episodeId)
      .execute();
    expect(told).toEqual([
      {
        user_id: lee.userId,
        text: 'You own an action on the plan, due 30 April 2026: Early help episode',
      },
    ]);
    // Nobody picked and no name typed: one message saying what to do.
    const neither = await postForm(
      `/early-help/${episodeId}/plan`,
      `/early-help/${episodeId}/plan/actions`,
      {
        action: 'Someone will do something useful',
        ownerUserId: '',
        'dueDate-day': '30',
        'dueDate-month': '4',
        'dueDate-year': '2026',
      },
      'dsl',
    );
    expect(neither.statusCode).toBe(400);
    expect(neither.body).toContain(
      'Choose who will do it, or enter the name of someone outside Baton',
    );
  });

  it('§1: a meeting’s attendees and the minutes’ recipients are picked from Baton (checkboxes, no JavaScript), can then see the child and are told once', async () => {
    const episodeId = (await episodeOf(ivy)).id;
    const sw = await actorFor(s, 'hv');
    const lee = await actorFor(s, 'lead-professional');
    const form = await get(`/early-help/${episodeId}/meetings/new`, 'dsl');
    expect(form.statusCode, form.body).toBe(200);
    expect(form.body).toMatch(
      new RegExp(`name="attendeeUserIds" type="checkbox" value="${sw.userId}"`),
    );
    expect(form.body).toMatch(
      new RegExp(`name="sentToUserIds" type="checkbox" value="${lee.userId}"`),
    );
    // Lee owns an action now, so he is in the team around the family: listed first, before the divider.
    const attendeeBoxes =
      /id="attendeeUserIds"[\s\S]*?<\/fieldset>/.exec(form.body)?.[0] ?? form.body;
    expect(attendeeBoxes.indexOf(lee.userId)).toBeLessThan(
      attendeeBoxes.indexOf('or others who use Baton'),
    );
    expect(attendeeBoxes.indexOf(sw.userId)).toBeGreaterThan(
      attendeeBoxes.indexOf('or others who use Baton'),
    );
    expect((await get(`/children/${ivy}`, 'hv')).statusCode).toBe(403);
    const saved = await postForm(
      `/early-help/${episodeId}/meetings/new`,
      `/early-help/${episodeId}/meetings/new`,
      {
        kind: 'taf',
        'heldOn-day': '2',
        'heldOn-month': '3',
        'heldOn-year': '2026',
        familyAttendees: 'Rowan Hearthley, mother',
        attendeeUserIds: sw.userId,
        minutes: 'Breakfast club agreed; routines at bedtime to be worked on weekly.',
        sentToFamily: 'Rowan Hearthley',
        sentToUserIds: lee.userId,
        'sentOn-day': '2',
        'sentOn-month': '3',
        'sentOn-year': '2026',
        sentMethod: 'secure-email',
      },
      'dsl',
    );
    expect(saved.statusCode, saved.body).toBe(303);
    const meeting = await s.database.db
      .selectFrom('eh_meetings')
      .select(['id', 'attendees'])
      .where('work_item_id', '=', episodeId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(meeting.attendees)).toEqual([
      { name: 'Rowan Hearthley', role: 'mother', family: true },
      {
        name: sw.displayName,
        role: expect.stringMatching(/\S/) as unknown,
        family: false,
        userId: sw.userId,
      },
    ]);
    const sent = await s.database.db
      .selectFrom('eh_distributions')
      .select(['recipient', 'recipient_kind', 'recipient_user_id'])
      .where('meeting_id', '=', meeting.id)
      .orderBy('recipient')
      .execute();
    expect(sent).toEqual([
      { recipient: lee.displayName, recipient_kind: 'partner', recipient_user_id: lee.userId },
      { recipient: 'Rowan Hearthley', recipient_kind: 'family', recipient_user_id: null },
    ]);
    expect((await get(`/children/${ivy}`, 'hv')).statusCode).toBe(200);
    const told = await s.database.db
      .selectFrom('notifications')
      .select(['user_id', 'kind'])
      .where('object_id', '=', episodeId)
      .where('kind', 'in', ['meeting-attendee', 'minutes-recipient'])
      .execute();
    expect(told.map((t) => [t.user_id, t.kind]).sort()).toEqual(
      [
        [sw.userId, 'meeting-attendee'],
        [lee.userId, 'minutes-recipient'],
      ].sort(),
    );
  });

  it('§1: correcting a meeting through the API names a picked attendee from Baton, and refuses an id that is no Baton user', async () => {
    const episodeId = (await episodeOf(ivy)).id;
    const lee = await actorFor(s, 'lead-professional');
    const meeting = await s.database.db
      .selectFrom('eh_meetings')
      .select(['id', 'version'])
      .where('work_item_id', '=', episodeId)
      .executeTakeFirstOrThrow();
    const patch = (userId: string) =>
      s.app.inject({
        method: 'PATCH',
        url: `/api/early-help-episodes/${episodeId}/meetings/${meeting.id}`,
        headers: { cookie: cookies.dsl ?? '' },
        payload: {
          attendees: [{ name: 'Rowan Hearthley', role: 'mother', family: true }, { userId }],
          version: meeting.version,
        },
      });
    const wrong = await patch('no-such-user');
    expect(wrong.statusCode, wrong.body).toBe(400);
    expect(wrong.body).toContain('There is no active Baton user with that id');
    const right = await patch(lee.userId);
    expect(right.statusCode, right.body).toBe(200);
    const saved = await s.database.db
      .selectFrom('eh_meetings')
      .select('attendees')
      .where('id', '=', meeting.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(saved.attendees)).toEqual([
      { name: 'Rowan Hearthley', role: 'mother', family: true },
      {
        name: lee.displayName,
        role: expect.stringMatching(/\S/) as unknown,
        family: false,
        userId: lee.userId,
      },
    ]);
  });

  it('§1: the disagreement page picks whom it is with from Baton (managers too) and tells them; free text only for someone outside Baton', async () => {
    const manager = await actorFor(s, 'team-manager');
    const form = await get(`/children/${ivy}/disagreements/new`, 'dsl');
    expect(form.statusCode, form.body).toBe(200);
    expect(form.body).toMatch(
      new RegExp(
        `<option value="${manager.userId}"[^>]*>${manager.displayName.replace(/[()]/g, '\\$&')} \\(`,
      ),
    );
    expect(form.body).toContain('<option value="outside"');
    const raised = await postForm(
      `/children/${ivy}/disagreements/new`,
      `/children/${ivy}/disagreements`,
      {
        about: 'other',
        withWhomUserId: manager.userId,
        withWhom: '',
        summary: 'The decision not to offer a social care assessment left the children unsafe.',
      },
      'dsl',
    );
    expect(raised.statusCode, raised.body).toBe(303);
    const id = String(raised.headers.location).split('/')[2]?.split('?')[0] ?? '';
    const row = await s.database.db
      .selectFrom('work_items')
      .select('data')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.data)).toMatchObject({
      withWhomUserId: manager.userId,
      withWhom: expect.stringContaining(manager.displayName) as unknown,
    });
    const told = await s.database.db
      .selectFrom('notifications')
      .select('user_id')
      .where('object_id', '=', id)
      .where('kind', '=', 'disagreement')
      .execute();
    expect(told.map((t) => t.user_id)).toEqual([manager.userId]);
  });
});
