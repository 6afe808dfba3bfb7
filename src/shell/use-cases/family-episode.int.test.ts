/**
 * Issue 14 §3 and §4 on every database, under Stockport's pack: the family's early help episode
 * and consent. Opening early help for both children references the consent already on the ledger
 * instead of writing it again; the family's episode needs each child's consent and only children
 * of the family; one answer to the consent form is written on each ticked child's own ledger.
 * People are invented (src/shell/testing/hearthley-family.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInvolvement, insertConsentDecision } from '../repositories/index.js';
import { insertPerson, insertRelationship } from '../repositories/people-repository.js';
import { actorFor } from '../testing/api-client.js';
import { HearthleyFamily, HELD_CONSENT, MONDAY } from '../testing/hearthley-family.js';
import { testDialects } from '../testing/test-databases.js';

const dialects = await testDialects();

/** The value a GOV.UK input or the checked radio of `name` carries in a page. */
const inputValue = (html: string, name: string): string =>
  new RegExp(`name="${name}" type="text" value="([^"]*)"`).exec(html)?.[1] ?? '';
const checkedValue = (html: string, name: string): string =>
  new RegExp(`name="${name}" type="radio" value="([^"]*)" checked`).exec(html)?.[1] ?? '';

describe.each(dialects)('the family’s episode on %s (BATON_PACK=stockport)', (dialect) => {
  const f = new HearthleyFamily(dialect);
  const { get, postJson, postForm } = f.client;
  beforeAll(() => f.start());
  afterAll(() => f.close());

  it('§3: opening early help for both children references the consent the contact put on the ledger, and writes no copy', async () => {
    const before = await f.earlyHelpConsents(f.ivy);
    expect(before).toHaveLength(1);
    expect(await f.earlyHelpConsents(f.otto)).toHaveLength(1);
    const form = await get(`/children/${f.ivy}/early-help/new`, 'dsl');
    expect(form.statusCode, form.body).toBe(200);
    // The consent held is on the form for checking, not asked again.
    const held = {
      consentDecision: checkedValue(form.body, 'consentDecision'),
      consentGivenBy: checkedValue(form.body, 'consentGivenBy'),
      consentGivenByName: inputValue(form.body, 'consentGivenByName'),
      consentMethod: checkedValue(form.body, 'consentMethod'),
    };
    expect(held).toEqual(HELD_CONSENT);
    const opened = await f.openEarlyHelp(held);
    expect(opened.statusCode, opened.body).toBe(303);
    // One episode for the family (Stockport 001: the EHA is a holistic family assessment).
    const episode = await f.episodeOf(f.ivy);
    expect((await f.episodeOf(f.otto)).id).toBe(episode.id);
    expect(String(opened.headers.location)).toBe(`/early-help/${episode.id}?saved=opened`);
    for (const child of [f.ivy, f.otto]) {
      const consents = await f.earlyHelpConsents(child);
      expect(consents, 'no second early help consent').toHaveLength(1);
      // Each child's own consent, referenced on the episode.
      expect(episode.data.consentIds?.[child]).toBe(consents[0]?.id);
    }
    expect(episode.data.consentId).toBe((await f.earlyHelpConsents(f.ivy))[0]?.id);
    // The page and the API name both children; each child's record leads to the one episode.
    const page = await get(`/early-help/${episode.id}`, 'dsl');
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('<dt class="govuk-summary-list__key">\n      Children');
    expect(page.body).toContain(`href="/children/${f.otto}"`);
    expect(page.body).toContain('Ivy Hearthley and Otto Hearthley');
    const api = await get(`/api/early-help-episodes/${episode.id}`, 'dsl');
    expect(api.statusCode, api.body).toBe(200);
    expect(api.json<{ children: { id: string }[] }>().children.map((c) => c.id)).toEqual([
      f.ivy,
      f.otto,
    ]);
    const list = await get(`/api/children/${f.otto}/early-help-episodes`, 'dsl');
    expect(list.json<{ episodes: { id: string }[] }>().episodes.map((e) => e.id)).toEqual([
      episode.id,
    ]);
    // The list of every episode the reader can see names the family's episode once, with both
    // children, the one it was opened for first.
    const all = await get('/api/early-help-episodes', 'dsl');
    expect(all.statusCode, all.body).toBe(200);
    const rows = all
      .json<{ episodes: { id: string; childId: string; childName: string }[] }>()
      .episodes.filter((e) => e.id === episode.id);
    expect(rows).toEqual([
      expect.objectContaining({ childId: f.ivy, childName: 'Ivy Hearthley and Otto Hearthley' }),
    ]);
  });

  it('§4: a family’s episode needs each child’s consent, and only children of the family; a refusal names the child and opens nothing', async () => {
    const [pip = '', tam = ''] = await f.referSiblings(
      { givenName: 'Pip', familyName: 'Brookvale', dateOfBirth: '2015-01-20' },
      { givenName: 'Tam', familyName: 'Brookvale', dateOfBirth: '2018-06-02' },
      {
        concerns: 'Pip and Tam miss school often.',
        referrerLevel: 3,
        mother: 'Iris',
        father: 'Oak',
      },
    );
    // Later that morning the mother refuses early help for Tam: Tam's own decision, on Tam's ledger.
    const dsl = await actorFor(f.server, 'dsl');
    const later = {
      actor: dsl,
      requestId: 'test',
      remoteAddress: null,
      now: new Date(MONDAY.getTime() + 3_600_000).toISOString(),
    };
    await insertConsentDecision(f.server.database.db, later, {
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
      f.server.database.db
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
    const stranger = await open([f.ivy]);
    expect(stranger.statusCode, stranger.body).toBe(400);
    const { details } = stranger.json<{
      error: { details: { path: string; message: string }[] };
    }>().error;
    expect(details).toContainEqual({
      path: 'alsoFor',
      message:
        'Ivy Hearthley does not share a parent or carer with this child on the record: open their early help from their own record',
    });
    for (const child of [pip, tam, f.ivy])
      expect(await episodesFor(child)).toHaveLength(child === f.ivy ? 1 : 0);
    // One answer to consent for several children is checked against each child's record: Iris
    // is no parent of Ivy's, so nothing is written for either child.
    const iris = await f.motherOf(pip);
    const pipConsents = (await f.consentsOf(pip)).length;
    const wrongFamily = await postJson(
      `/api/children/${pip}/consents`,
      {
        purpose: 'information-sharing',
        decision: 'given',
        givenByKind: 'parent-with-pr',
        givenByPersonId: iris,
        method: 'verbal',
        scope: ['Larkfield Primary (demo)'],
        recordedOn: '2026-03-02',
        alsoFor: [f.ivy],
      },
      'dsl',
    );
    expect(wrongFamily.statusCode, wrongFamily.body).toBe(400);
    const problems = wrongFamily.json<{
      error: { details: { path: string; message: string }[] };
    }>().error.details;
    expect(problems.map((d) => d.path)).toEqual(['alsoFor']);
    expect(problems[0]?.message).toMatch(/^For Ivy Hearthley: /);
    expect(await f.consentsOf(pip)).toHaveLength(pipConsents);
    // Pip alone: one child, one episode.
    const alone = await open([]);
    expect(alone.statusCode, alone.body).toBe(201);
    expect(await episodesFor(pip)).toHaveLength(1);
    expect(await episodesFor(tam)).toHaveLength(0);
  });

  it('§4: the family’s “no” to early help for both children is recorded on each child’s ledger and timeline, and opens nothing', async () => {
    const [rue = '', sol = ''] = await f.referSiblings(
      { givenName: 'Rue', familyName: 'Castleford', dateOfBirth: '2014-10-10' },
      { givenName: 'Sol', familyName: 'Castleford', dateOfBirth: '2017-03-03' },
      { concerns: 'Rue and Sol are left alone overnight.', referrerLevel: 3, mother: 'Vale' },
    );
    const dsl = await actorFor(f.server, 'dsl');
    const db = f.server.database.db;
    const refusedOn = async (childId: string) =>
      (
        await db
          .selectFrom('consents')
          .select(['decision', 'given_by_name'])
          .where('child_id', '=', childId)
          .where('purpose', '=', 'early-help')
          .where('decision', '=', 'refused')
          .execute()
      ).length;
    const refused = await postJson(
      `/api/children/${rue}/early-help-episodes`,
      {
        consent: {
          decision: 'refused',
          givenBy: 'parent-with-pr',
          givenByName: 'Vale Castleford',
          method: 'verbal',
        },
        leadProfessional: { userId: dsl.userId, agreedWithFamily: true },
        continuingSupport: 'The school keeps a breakfast place for both children.',
        alsoFor: [sol],
      },
      'dsl',
    );
    expect(refused.statusCode, refused.body).toBe(422);
    for (const child of [rue, sol]) {
      expect(await refusedOn(child), 'the refusal is on each child’s ledger').toBe(1);
      const timeline = await db
        .selectFrom('child_timeline')
        .select('kind')
        .where('child_id', '=', child)
        .where('kind', '=', 'early-help.consent-refused')
        .execute();
      expect(timeline).toHaveLength(1);
      const episodes = await db
        .selectFrom('work_item_children')
        .innerJoin('work_items', 'work_items.id', 'work_item_children.work_item_id')
        .select('work_items.id')
        .where('work_item_children.child_id', '=', child)
        .where('work_items.workflow_id', '=', 'early-help-episode')
        .execute();
      expect(episodes).toHaveLength(0);
    }
  });

  it('§3: a consent that says something new (in writing now) is written, and the episode references it', async () => {
    const actor = await actorFor(f.server, 'dsl');
    const ctx = { actor, requestId: 'test', remoteAddress: null, now: MONDAY.toISOString() };
    const motherId = await f.motherOf(f.ivy);
    // A third child of the family, known to the school, with the mother's consent on the ledger.
    const child = await insertPerson(f.server.database.db, ctx, {
      kind: 'child',
      givenName: 'Juno',
      familyName: 'Hearthley',
      dateOfBirth: '2014-01-20',
    });
    await insertRelationship(f.server.database.db, ctx, {
      childId: child,
      personId: motherId,
      relationship: 'mother',
      parentalResponsibility: true,
      livesWithChild: true,
    });
    await addInvolvement(f.server.database.db, {
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
        givenByPersonId: motherId,
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
            givenByPersonId: motherId,
            method,
          },
          leadProfessional: { userId: actor.userId, agreedWithFamily: true },
        },
        'dsl',
      );
    const res = await open('written');
    expect(res.statusCode, res.body).toBe(201);
    const consents = await f.earlyHelpConsents(child);
    expect(consents.map((c) => c.method).sort()).toEqual(['verbal', 'written']);
    const written = consents.find((c) => c.method === 'written');
    expect((await f.episodeOf(child)).data.consentId).toBe(written?.id);
  });

  it('§4: the consent form asks once for the family: one answer on each ticked child’s own ledger, audited for each', async () => {
    const form = await get(`/children/${f.ivy}/consents/new`, 'dsl');
    expect(form.statusCode, form.body).toBe(200);
    // Otto is offered; Wren, whom the school may not see, is not.
    expect(form.body).toContain(`name="alsoFor" type="checkbox" value="${f.otto}"`);
    expect(form.body).not.toContain(f.hidden);
    const motherId = await f.motherOf(f.ivy);
    const before = {
      ivy: (await f.consentsOf(f.ivy)).length,
      otto: (await f.consentsOf(f.otto)).length,
    };
    const sent = await postForm(
      `/children/${f.ivy}/consents/new`,
      `/children/${f.ivy}/consents`,
      {
        purpose: 'step-down-transfer',
        decision: 'given',
        givenBy: `person:${motherId}`,
        method: 'verbal',
        'recordedOn-day': '2',
        'recordedOn-month': '3',
        'recordedOn-year': '2026',
        alsoFor: f.otto,
      },
      'dsl',
    );
    expect(sent.statusCode, sent.body).toBe(303);
    for (const [child, had] of [
      [f.ivy, before.ivy],
      [f.otto, before.otto],
    ] as const) {
      const rows = await f.consentsOf(child);
      expect(rows).toHaveLength(had + 1);
      expect(rows.filter((r) => r.purpose === 'step-down-transfer')).toEqual([
        expect.objectContaining({ decision: 'given', given_by_person_id: motherId }),
      ]);
    }
    const audit = await f.server.database.db
      .selectFrom('audit_events')
      .select('object_id')
      .where('action', '=', 'consent.record')
      .where('outcome', '=', 'allowed')
      .where('reason', '=', 'step-down-transfer: given')
      .execute();
    expect(audit).toHaveLength(2);
  });
});
