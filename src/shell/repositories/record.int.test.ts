/**
 * The child record, the consent gate through the journey engine, access and emergency access,
 * my work, the authorisation tray and the decision history, through the JSON API on every
 * database. Rules cite ../shared/seeds (001 = Stockport step up / step down protocol).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/access/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import { loadPacks } from '../policy/pack-files.js';
import { testDialects } from '../testing/test-databases.js';
import {
  apiSignIn,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../testing/test-server.js';
import { signIn } from './auth-repository.js';
import { addInvolvement } from './child-access.js';
import { insertPerson, insertRelationship } from './people-repository.js';
import type { RequestContext } from './request-context.js';
import { startWork } from './work-repository.js';

const dialects = await testDialects();
const packs = loadPacks();
const stockport = packs.get('stockport') as ResolvedPack;

interface ErrorJson {
  error: {
    code: string;
    details: { path: string; message: string }[];
    missing?: { rule: string; citation: { source: string; section: string } }[];
  };
}

describe.each(dialects)('child record, my work and the tray on %s', (dialect) => {
  let s: TestServer;
  // Friday 20 November 2026, 10:00: the clock the server reads; tests move it on.
  let clock = new Date('2026-11-20T10:00:00.000Z');
  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };
  const cookies = new Map<string, string>();
  const actors = new Map<string, Actor>();

  const cookie = async (username: string): Promise<string> => {
    let c = cookies.get(username);
    if (c === undefined) {
      c = await apiSignIn(s.app, username);
      cookies.set(username, c);
    }
    return c;
  };
  const ctxFor = async (username: string): Promise<RequestContext> => {
    const now = clock.toISOString();
    let actor = actors.get(username);
    if (!actor) {
      const base = { actor: null, requestId: 'test', remoteAddress: null, now };
      actor = (await signIn(s.database.db, base, username, TEST_PASSWORD)).actor;
      actors.set(username, actor);
    }
    return { actor, requestId: `test-${randomUUID()}`, remoteAddress: null, now };
  };
  const get = async (url: string, username: string) =>
    s.app.inject({ method: 'GET', url, headers: { cookie: await cookie(username) } });
  const post = async (url: string, payload: object, username: string) =>
    s.app.inject({ method: 'POST', url, payload, headers: { cookie: await cookie(username) } });

  /** A child with a mother (parental responsibility) and the lead professional involved. */
  const seedChild = async (givenName: string, dateOfBirth = '2019-06-10') => {
    const lead = await ctxFor('lead-professional');
    return s.database.db.transaction().execute(async (trx) => {
      const child = await insertPerson(trx, lead, {
        kind: 'child',
        givenName,
        familyName: 'Recordham',
        dateOfBirth,
        communicationNeeds: ['interpreter'],
        language: 'Polish',
      });
      const mum = await insertPerson(trx, lead, {
        kind: 'adult',
        givenName: 'Marta',
        familyName: 'Recordham',
      });
      await insertRelationship(trx, lead, {
        childId: child,
        personId: mum,
        relationship: 'mother',
        parentalResponsibility: true,
        livesWithChild: true,
      });
      await addInvolvement(trx, {
        childId: child,
        agencyId: lead.actor?.agencyId ?? '',
        userId: lead.actor?.userId ?? null,
        role: 'lead-professional',
        from: lead.now.slice(0, 10),
        now: lead.now,
      });
      return { child, mum };
    });
  };

  /** An early help episode for the child, proposed, owned by the lead professional's agency. */
  const startEpisode = async (childId: string) => {
    const lead = await ctxFor('lead-professional');
    return s.database.db.transaction().execute((trx) =>
      startWork(trx, lead, {
        pack: stockport,
        workflowId: 'early-help-episode',
        subjectType: 'child',
        subjectId: childId,
        childIds: [childId],
        level: null,
        ownerAgencyId: lead.actor?.agencyId ?? '',
      }),
    );
  };

  /** A contact at the front door from the school practitioner (the referrer). */
  const startContact = async (childId: string) => {
    const frontDoor = await ctxFor('front-door');
    const referrer = await ctxFor('practitioner');
    const contactId = randomUUID();
    const workId = await s.database.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('contacts')
        .values({
          id: contactId,
          referrer_user_id: referrer.actor?.userId ?? null,
          referrer_name: 'Priya Teacher (demo)',
          referrer_agency_id: referrer.actor?.agencyId ?? null,
          referrer_agency_name: 'Larkfield Primary School (demo)',
          referrer_phone: null,
          channel: 'online',
          concerns: 'Often hungry at school; uniform unwashed.',
          threshold_check_id: null,
          referrer_level: 2,
          urgency: 'routine',
          consent_decision: 'given',
          consent_reason: null,
          consulted: null,
          family_spoken_to: 1,
          received_at: frontDoor.now,
          idempotency_key: null,
          created_by: referrer.actor?.userId ?? '',
        })
        .execute();
      return startWork(trx, frontDoor, {
        pack: stockport,
        workflowId: 'contact',
        subjectType: 'contact',
        subjectId: contactId,
        childIds: [childId],
        level: 2,
        ownerAgencyId: frontDoor.actor?.agencyId ?? '',
      });
    });
    return workId;
  };

  // A front-door decision the pack says a team manager authorises, that tells the referrer, with
  // no guard beyond its required fields (chosen from the pack so its ids may change).
  const decision = () => {
    const t = stockport.workflows
      .get('contact')
      ?.transitions.find(
        (x) =>
          x.from.includes('received') &&
          (x.authorisedBy ?? []).includes('team-manager') &&
          x.notify.includes('referrer') &&
          x.guards.length === 0,
      );
    if (!t) throw new Error('stockport has no guard-free contact decision for a team manager');
    return t;
  };

  beforeAll(async () => {
    s = await startTestServer({
      dialect,
      clock: () => clock,
      env: { BATON_SIGN_IN_LIMIT: '1000' },
    });
  });
  afterAll(async () => {
    await s.close();
  });

  it('refuses a partner with no involvement (403, audited), and lets them in after emergency access, listed for review', async () => {
    const { child } = await seedChild('Rosa');
    const refused = await get(`/api/children/${child}`, 'practitioner');
    expect(refused.statusCode).toBe(403);
    expect(refused.json<ErrorJson>().error.code).toBe('BATON_FORBIDDEN');
    const audit = await get(
      `/api/audit-events?action=child.read&objectId=${child}&outcome=refused`,
      'auditor',
    );
    expect(audit.json<{ events: { actorUserId: string }[] }>().events).toHaveLength(1);

    const tooShort = await post(
      `/api/children/${child}/break-glass`,
      { reason: 'urgent' },
      'practitioner',
    );
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json<ErrorJson>().error.details[0]?.path).toBe('reason');
    const granted = await post(
      `/api/children/${child}/break-glass`,
      { reason: 'Police ask whether the child is known; found alone at the station tonight' },
      'practitioner',
    );
    expect(granted.statusCode, granted.body).toBe(201);
    const read = await get(`/api/children/${child}`, 'practitioner');
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json<{ access: string }>().access).toBe('break-glass');

    expect((await get('/api/break-glass', 'practitioner')).statusCode).toBe(403);
    const list = await get('/api/break-glass', 'team-manager');
    expect(list.statusCode, list.body).toBe(200);
    const use = list
      .json<{ uses: { id: string; childId: string; userName: string; reason: string }[] }>()
      .uses.find((u) => u.childId === child);
    expect(use).toMatchObject({
      userName: 'Priya Teacher (demo)',
      reason: expect.stringContaining('Police') as unknown,
    });
    const reviewed = await s.app.inject({
      method: 'POST',
      url: `/api/break-glass/${use?.id ?? ''}/review`,
      headers: { cookie: await cookie('team-manager'), 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(reviewed.statusCode, reviewed.body).toBe(204);
    const after = await get('/api/break-glass', 'team-manager');
    expect(after.json<{ uses: { id: string }[] }>().uses.map((u) => u.id)).not.toContain(use?.id);
    const all = await get('/api/break-glass?includeReviewed=true', 'team-manager');
    expect(
      all
        .json<{ uses: { id: string; reviewedBy: string | null }[] }>()
        .uses.find((u) => u.id === use?.id)?.reviewedBy,
    ).toBe('Tom Manager (demo)');
  });

  it('refuses a reason that says nothing, lets no manager review their own emergency access, and shows the use on the child’s record (issue 13 item 6)', async () => {
    const { child } = await seedChild('Ewa');
    const form = await get(`/children/${child}/consents/new`, 'eh-manager');
    const csrf = {
      token: /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '',
      cookie: `_csrf=${form.cookies.find((c) => c.name === '_csrf')?.value ?? ''}`,
    };
    for (const reason of ['aaaaaaaaaa', 'urgent urgent urgent urgent', 'need it now!!!!!'])
      for (const res of [
        await post(`/api/children/${child}/break-glass`, { reason }, 'eh-manager'),
        await s.app.inject({
          method: 'POST',
          url: `/children/${child}/break-glass`,
          headers: {
            cookie: `${await cookie('eh-manager')}; ${csrf.cookie}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          payload: `_csrf=${encodeURIComponent(csrf.token)}&reason=${encodeURIComponent(reason)}`,
        }),
      ]) {
        expect(res.statusCode, `${reason}: ${res.body.slice(0, 200)}`).toBe(400);
        expect(res.body).toContain('at least 4 words');
      }
    const reason = 'Police found the child alone at the station tonight';
    const granted = await post(`/api/children/${child}/break-glass`, { reason }, 'eh-manager');
    expect(granted.statusCode, granted.body).toBe(201);

    const list = await get('/api/break-glass', 'eh-manager');
    const use = list
      .json<{ uses: { id: string; childId: string; reviewable: boolean }[] }>()
      .uses.find((u) => u.childId === child);
    expect(use?.reviewable).toBe(false);
    const own = await post(`/api/break-glass/${use?.id ?? ''}/review`, {}, 'eh-manager');
    expect(own.statusCode, own.body).toBe(403);
    expect(own.json<ErrorJson>().error.code).toBe('BATON_FORBIDDEN');
    const stillOpen = await s.database.db
      .selectFrom('break_glass')
      .select('reviewed_at')
      .where('id', '=', use?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(stillOpen.reviewed_at).toBeNull();
    const byOther = await get('/api/break-glass', 'team-manager');
    expect(
      byOther
        .json<{ uses: { id: string; reviewable: boolean }[] }>()
        .uses.find((u) => u.id === use?.id)?.reviewable,
    ).toBe(true);
    expect(
      (await post(`/api/break-glass/${use?.id ?? ''}/review`, {}, 'team-manager')).statusCode,
    ).toBe(204);

    // The team that holds the child sees who broke glass, when and why: in the API and the page.
    const record = await get(`/api/children/${child}`, 'lead-professional');
    expect(record.statusCode, record.body).toBe(200);
    expect(
      record.json<{ emergencyAccess: { userName: string; reason: string; grantedAt: string }[] }>()
        .emergencyAccess,
    ).toEqual([expect.objectContaining({ userName: 'Erin Earlyhelp-Manager (demo)', reason })]);
    const page = await get(`/children/${child}`, 'lead-professional');
    expect(page.body).toContain('Emergency access to this record');
    expect(page.body).toContain('Erin Earlyhelp-Manager (demo)');
    expect(page.body).toContain('Police found the child alone at the station tonight');
  });

  it('refuses to open an early help episode without consent, citing the rule, and opens it once consent is recorded (001 "Consent")', async () => {
    const { child, mum } = await seedChild('Ellis');
    const workId = await startEpisode(child);
    const step = {
      transitionId: 'open-episode',
      payload: {
        leadProfessionalName: 'Lee Leadprof (demo)',
        leadProfessionalAgency: 'Millbrook Early Help Hub (demo)',
      },
      version: 1,
    };
    const refused = await post(`/api/work-items/${workId}/transitions`, step, 'lead-professional');
    expect(refused.statusCode, refused.body).toBe(422);
    const body = refused.json<ErrorJson>();
    expect(body.error.code).toBe('BATON_TRANSITION_REFUSED');
    expect(body.error.missing?.map((m) => m.rule)).toEqual(['consentRecorded']);
    expect(body.error.missing?.[0]?.citation).toMatchObject({
      source: 'stk-step-up-step-down',
      section: expect.stringContaining('Consent') as unknown,
    });

    advance(60_000);
    const consent = await post(
      `/api/children/${child}/consents`,
      {
        purpose: 'early-help',
        decision: 'given',
        givenByKind: 'parent-with-pr',
        givenByPersonId: mum,
        method: 'written',
        documentRef: 'EHA-CONSENT-0007',
        recordedOn: clock.toISOString().slice(0, 10),
      },
      'lead-professional',
    );
    expect(consent.statusCode, consent.body).toBe(201);
    // Who gave it, named as every page names them (the API publishes the same words).
    expect(consent.json<{ givenBy: unknown }>().givenBy).toEqual({
      personId: mum,
      name: 'Marta Recordham',
      kind: 'parent-with-pr',
      text: 'Marta Recordham',
    });
    advance(60_000);
    const opened = await post(`/api/work-items/${workId}/transitions`, step, 'lead-professional');
    expect(opened.statusCode, opened.body).toBe(201);
    expect(
      opened.json<{ status: string; workItem: { state: string; version: number } }>(),
    ).toMatchObject({
      status: 'applied',
      workItem: { state: 'assessment', version: 2 },
    });

    const item = await get(`/api/work-items/${workId}`, 'lead-professional');
    expect(item.statusCode, item.body).toBe(200);
    expect(
      item.json<{ state: string; version: number; leadProfessional: { name: string } }>(),
    ).toMatchObject({
      state: 'assessment',
      version: 2,
      leadProfessional: { name: 'Lee Leadprof (demo)' },
    });
    expect((await get(`/api/work-items/${workId}`, 'practitioner')).statusCode).toBe(403);

    // Stale version: the episode has moved on since version 1 was read.
    const stale = await post(
      `/api/work-items/${workId}/transitions`,
      { transitionId: 'complete-eha-taf', payload: {}, version: 1 },
      'lead-professional',
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json<ErrorJson>().error.code).toBe('BATON_STALE_EDIT');

    advance(60_000);
    const taf = await post(
      `/api/work-items/${workId}/transitions`,
      { transitionId: 'complete-eha-taf', payload: {}, version: 2 },
      'lead-professional',
    );
    expect(taf.statusCode, taf.body).toBe(201);

    // The record: level 3 from the TAF plan, the lead professional from the open episode.
    const record = await get(`/api/children/${child}`, 'lead-professional');
    expect(record.statusCode, record.body).toBe(200);
    const r = record.json<{
      child: { ageYears: number; isChild: boolean; communicationNeeds: string[] };
      relatedAdults: { name: string; parentalResponsibility: boolean }[];
      teamAroundTheChild: { role: string; userName: string }[];
      currentLevel: { level: number; explanation: string };
      leadProfessional: { name: string; agency: string };
      work: { workflowId: string; state: string; level: number; open: boolean }[];
      deadlines: { name: string; status: { state: string } }[];
      currentConsents: { purpose: string; live: boolean }[];
    }>();
    expect(r.child).toMatchObject({
      ageYears: 7,
      isChild: true,
      communicationNeeds: ['interpreter'],
    });
    expect(r.relatedAdults).toEqual([
      expect.objectContaining({ name: 'Marta Recordham', parentalResponsibility: true }),
    ]);
    expect(r.teamAroundTheChild).toEqual([
      expect.objectContaining({ role: 'lead-professional', userName: 'Lee Leadprof (demo)' }),
    ]);
    expect(r.currentLevel.level).toBe(3);
    expect(r.currentLevel.explanation).toMatch(/highest level/);
    expect(r.leadProfessional).toEqual({
      name: 'Lee Leadprof (demo)',
      agency: 'Millbrook Early Help Hub (demo)',
      workItemId: workId,
    });
    expect(r.work).toEqual([
      expect.objectContaining({
        workflowId: 'early-help-episode',
        state: 'taf-plan',
        level: 3,
        open: true,
      }),
    ]);
    expect(r.deadlines.map((d) => d.status.state)).toEqual(['upcoming']);
    expect(r.currentConsents.find((c) => c.purpose === 'early-help')?.live).toBe(true);

    const history = await get(`/api/work-items/${workId}/transitions`, 'lead-professional');
    expect(history.statusCode, history.body).toBe(200);
    expect(
      history
        .json<{ transitions: { transitionId: string; status: string; packId: string }[] }>()
        .transitions.map((t) => [t.transitionId, t.status, t.packId]),
    ).toEqual([
      ['open-episode', 'applied', 'stockport'],
      ['complete-eha-taf', 'applied', 'stockport'],
    ]);
  });

  it('shows no level and says why when there is no open work', async () => {
    const { child } = await seedChild('Nell');
    const r = (await get(`/api/children/${child}`, 'lead-professional')).json<{
      currentLevel: { level: number | null; explanation: string };
      leadProfessional: unknown;
    }>();
    expect(r.currentLevel.level).toBeNull();
    expect(r.currentLevel.explanation).toMatch(/universal services \(level 1\)/);
    expect(r.leadProfessional).toBeNull();
  });

  it('lists the timeline newest first, a page at a time, with nothing lost or repeated', async () => {
    const { child, mum } = await seedChild('Tamsin');
    for (const purpose of ['early-help', 'information-sharing', 'front-door-referral']) {
      advance(1000);
      const res = await post(
        `/api/children/${child}/consents`,
        {
          purpose,
          decision: 'given',
          givenByKind: 'parent-with-pr',
          givenByPersonId: mum,
          method: 'verbal',
          scope: ['Larkfield Primary School (demo)'],
          recordedOn: clock.toISOString().slice(0, 10),
        },
        'lead-professional',
      );
      expect(res.statusCode, res.body).toBe(201);
    }
    advance(1000);
    await post(
      `/api/children/${child}/sharing-decisions`,
      {
        decision: 'not-shared',
        what: 'Health visitor notes',
        withWhom: 'Harbour Family Support Charity (demo)',
        purpose: 'Befriending',
        withConsent: false,
        reason: 'Not needed for befriending',
      },
      'lead-professional',
    );
    type Page = { items: { at: string; kind: string }[]; nextBefore: string | null };
    const seen: { at: string; kind: string }[] = [];
    let url = `/api/children/${child}/timeline?limit=2`;
    for (;;) {
      const page = (await get(url, 'lead-professional')).json<Page>();
      seen.push(...page.items);
      if (page.nextBefore === null) break;
      url = `/api/children/${child}/timeline?limit=2&before=${encodeURIComponent(page.nextBefore)}`;
    }
    expect(seen.map((e) => e.kind)).toEqual([
      'sharing.not-shared',
      'consent.given',
      'consent.given',
      'consent.given',
    ]);
    expect(seen.map((e) => e.at)).toEqual([...seen.map((e) => e.at)].sort().reverse());
    const decisions = await get(`/api/children/${child}/sharing-decisions`, 'lead-professional');
    expect(decisions.json<{ decisions: unknown[] }>().decisions).toHaveLength(1);
    const consents = await get(`/api/children/${child}/consents`, 'lead-professional');
    expect(
      consents
        .json<{ consents: unknown[]; current: { live: boolean }[] }>()
        .current.filter((c) => c.live),
    ).toHaveLength(3);
  });

  it('answers a consent that breaks the rules with 400 and field paths (001 "Consent")', async () => {
    const { child } = await seedChild('Ivo');
    const res = await post(
      `/api/children/${child}/consents`,
      { purpose: 'early-help', decision: 'not-sought', recordedOn: '2026-11-20' },
      'lead-professional',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorJson>().error.details.map((d) => d.path)).toEqual([
      'notSoughtReason',
      'consulted',
    ]);
  });

  it("holds a front-door worker's decision for a team manager, who authorises it; the referrer is told (001 Option 1)", async () => {
    const { child } = await seedChild('Kit');
    const workId = await startContact(child);
    const t = decision();
    advance(60_000);
    const asked = await post(
      `/api/work-items/${workId}/transitions`,
      { transitionId: t.id, payload: { rationale: 'Needs met by school support; advice given.' } },
      'front-door',
    );
    expect(asked.statusCode, asked.body).toBe(202);
    expect(asked.json<{ status: string }>().status).toBe('awaiting-authorisation');

    expect((await get('/api/tray', 'front-door')).json<{ items: unknown[] }>().items).toEqual([]);
    const tray = await get('/api/tray', 'team-manager');
    expect(tray.statusCode, tray.body).toBe(200);
    const item = tray
      .json<{
        items: {
          transitionRecordId: string;
          workItemId: string;
          requestedBy: { name: string };
          payload: { rationale: string };
          effects: { closes: string[]; notify: string[] };
          children: { id: string }[];
        }[];
      }>()
      .items.find((i) => i.workItemId === workId);
    expect(item).toMatchObject({
      requestedBy: { name: 'Fern Frontdoor (demo)' },
      payload: { rationale: expect.stringContaining('advice given') as unknown },
      effects: { notify: expect.arrayContaining(['referrer']) as unknown },
      children: [{ id: child }],
    });

    const noNote = await post(
      `/api/tray/${item?.transitionRecordId ?? ''}/decision`,
      { decision: 'decline' },
      'team-manager',
    );
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json<ErrorJson>().error.details[0]?.path).toBe('note');

    advance(60_000);
    const authorised = await post(
      `/api/tray/${item?.transitionRecordId ?? ''}/decision`,
      { decision: 'authorise' },
      'team-manager',
    );
    expect(authorised.statusCode, authorised.body).toBe(200);
    expect(authorised.json<{ status: string; workItem: { state: string } }>()).toMatchObject({
      status: 'applied',
      workItem: { state: t.to },
    });
    const trayAfter = await get('/api/tray', 'team-manager');
    expect(
      trayAfter.json<{ items: { workItemId: string }[] }>().items.map((i) => i.workItemId),
    ).not.toContain(workId);

    const referrer = (await get('/api/my-work', 'practitioner')).json<{
      notifications: { id: string; kind: string; read: boolean; workItemId: string }[];
    }>();
    const told = referrer.notifications.find((n) => n.workItemId === workId);
    expect(told).toMatchObject({ kind: 'referral-outcome', read: false });
    const read = await post(`/api/notifications/${told?.id ?? ''}/read`, {}, 'practitioner');
    expect(read.statusCode).toBe(204);
    expect(
      (await get('/api/my-work', 'practitioner'))
        .json<{ notifications: { id: string; read: boolean }[] }>()
        .notifications.find((n) => n.id === told?.id)?.read,
    ).toBe(true);
    // Someone else's notification is not theirs to mark.
    expect((await post(`/api/notifications/${told?.id ?? ''}/read`, {}, 'dsl')).statusCode).toBe(
      404,
    );

    const requester = (await get('/api/my-work', 'front-door')).json<{
      notifications: { kind: string; workItemId: string }[];
    }>();
    expect(requester.notifications).toContainEqual(
      expect.objectContaining({ kind: 'request-authorised', workItemId: workId }),
    );

    const history = await get(`/api/work-items/${workId}/transitions`, 'team-manager');
    expect(history.json<{ transitions: unknown[] }>().transitions).toEqual([
      expect.objectContaining({
        transitionId: t.id,
        status: 'applied',
        requestedBy: expect.objectContaining({ name: 'Fern Frontdoor (demo)' }) as unknown,
        decidedBy: expect.objectContaining({ name: 'Tom Manager (demo)' }) as unknown,
        packId: 'stockport',
        packVersion: stockport.version,
      }),
    ]);
  });

  it('declines with a note, which the requester sees', async () => {
    const { child } = await seedChild('Lark');
    const workId = await startContact(child);
    const t = decision();
    advance(60_000);
    await post(
      `/api/work-items/${workId}/transitions`,
      { transitionId: t.id, payload: { rationale: 'Seems fine.' } },
      'front-door',
    );
    const item = (await get('/api/tray', 'team-manager'))
      .json<{ items: { transitionRecordId: string; workItemId: string }[] }>()
      .items.find((i) => i.workItemId === workId);
    advance(60_000);
    const declined = await post(
      `/api/tray/${item?.transitionRecordId ?? ''}/decision`,
      { decision: 'decline', note: 'Speak to the school first: the referral mentions hunger.' },
      'team-manager',
    );
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json<{ status: string; workItem: { state: string } }>()).toMatchObject({
      status: 'declined',
      workItem: { state: 'received' },
    });
    const mine = (await get('/api/my-work', 'front-door')).json<{
      notifications: { kind: string; text: string; workItemId: string }[];
    }>();
    expect(mine.notifications).toContainEqual(
      expect.objectContaining({
        kind: 'request-declined',
        workItemId: workId,
        text: expect.stringContaining('Speak to the school first') as unknown,
      }),
    );
  });

  it("shows my team's overdue referral decision on my work (Working Together: one working day)", async () => {
    // A contact received on Friday 20 November is due for a decision on Monday 23 November.
    clock = new Date('2026-11-20T11:00:00.000Z');
    const { child } = await seedChild('Otto');
    const workId = await startContact(child);
    clock = new Date('2026-11-24T09:00:00.000Z');
    cookies.clear();
    const res = await get('/api/my-work', 'front-door');
    expect(res.statusCode, res.body).toBe(200);
    const deadline = res
      .json<{
        deadlines: { workItemId: string; due: string; mine: boolean; status: { state: string } }[];
      }>()
      .deadlines.find((d) => d.workItemId === workId);
    expect(deadline).toMatchObject({
      due: '2026-11-23',
      mine: false,
      status: { state: 'overdue' },
    });
    const page = await get('/my-work', 'front-door');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Overdue');
    expect(page.body).toContain('Otto Recordham');
  });

  it('publishes every record, consent, my work and tray route in the OpenAPI document', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/children/{id}',
        '/api/children/{id}/timeline',
        '/api/children/{id}/break-glass',
        '/api/children/{id}/consents',
        '/api/children/{id}/sharing-decisions',
        '/api/break-glass',
        '/api/break-glass/{id}/review',
        '/api/my-work',
        '/api/notifications/{id}/read',
        '/api/tray',
        '/api/tray/{id}/decision',
        '/api/work-items/{id}',
        '/api/work-items/{id}/transitions',
      ]) as unknown,
    );
  });

  describe('pages', () => {
    it('renders the child record, and the refusal page offering emergency access', async () => {
      const { child } = await seedChild('Pip');
      const page = await get(`/children/${child}`, 'lead-professional');
      expect(page.statusCode, page.body).toBe(200);
      expect(page.body).toContain('Pip Recordham');
      expect(page.body).toContain('Record consent');
      const refused = await get(`/children/${child}`, 'dsl');
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('Get emergency access');
    });

    it('re-shows the consent form with a GOV.UK error summary and what was typed', async () => {
      const { child } = await seedChild('Quin');
      const form = await get(`/children/${child}/consents/new`, 'lead-professional');
      expect(form.statusCode, form.body).toBe(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
      const csrfCookie = form.cookies.find((c) => c.name === '_csrf');
      const res = await s.app.inject({
        method: 'POST',
        url: `/children/${child}/consents`,
        headers: {
          cookie: `${await cookie('lead-professional')}; _csrf=${csrfCookie?.value ?? ''}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: new URLSearchParams({
          _csrf: csrf,
          purpose: 'early-help',
          decision: 'given',
          method: 'written',
          notes: 'Explained the EHA to mum',
          'recordedOn-day': '20',
          'recordedOn-month': '11',
          'recordedOn-year': '2026',
        }).toString(),
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.body).toContain('govuk-error-summary');
      expect(res.body).toContain('href="#givenBy"');
      expect(res.body).toContain('href="#documentRef"');
      expect(res.body).toContain('Explained the EHA to mum');
    });
  });
});
