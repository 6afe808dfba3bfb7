/**
 * Contacts to the front door through the JSON API, on SQLite and PostgreSQL: what a contact must
 * include (001), consent (001 "Consent"; 004 §4), pre-filling from a levels-of-need check,
 * idempotent retries, one transaction, the triage tray and MASH enquiries. Synthetic data only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nhsCheckDigit } from '../../core/people/index.js';
import { loadPacks } from '../policy/pack-files.js';
import { findPack } from '../policy/pack-views.js';
import { insertContact, type ContactToInsert } from '../repositories/index.js';
import { testDialects } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';

const dialects = await testDialects();

const nhs = (nine: string): string => `${nine}${String(nhsCheckDigit(nine))}`;

type Body = Record<string, unknown>;

/** A family of two children and both parents, who live apart (all invented). */
function family(over: Body = {}): Body {
  const parents = [
    { adult: 'mum', relationship: 'mother', parentalResponsibility: true, livesWithChild: true },
    { adult: 'dad', relationship: 'father', parentalResponsibility: true, livesWithChild: false },
  ];
  return {
    urgency: 'routine',
    familySpokenTo: true,
    concerns: 'Ada often arrives hungry and tired; her brother has missed health appointments.',
    referrerLevel: 3,
    consent: { decision: 'given', givenBy: 'mum' },
    adults: [
      {
        key: 'mum',
        person: { givenName: 'Morwenna', familyName: 'Quillfeather', dateOfBirth: '1990-05-01' },
      },
      { key: 'dad', person: { givenName: 'Bartholomew', familyName: 'Quillfeather-Test' } },
    ],
    children: [
      {
        person: {
          givenName: 'Ada',
          familyName: 'Quillfeather',
          dateOfBirth: '2019-04-02',
          nhsNumber: nhs('999000123'),
        },
        parents,
      },
      {
        person: { givenName: 'Bram', familyName: 'Quillfeather', dateOfBirth: '2022-09-15' },
        parents,
      },
    ],
    ...over,
  };
}

interface Receipt {
  workItemId: string;
  contactId: string;
  reference: string;
  childIds: string[];
  decisionDue: string | null;
  phoneNow: { text: string; contact: { phones: { number: string }[] } | null }[];
  people: { personId: string; role: string; name: string }[];
}

describe.each(dialects)('contacts to the front door on %s', (dialect) => {
  let s: TestServer;
  let now = new Date('2026-03-02T10:00:00.000Z'); // a Monday
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    s = await startTestServer({ dialect, clock: () => now });
    for (const u of [
      'practitioner',
      'dsl',
      'front-door',
      'team-manager',
      'auditor',
      'lead-professional',
    ])
      cookies[u] = await apiSignIn(s.app, u);
    const users = await s.database.db.selectFrom('users').select(['id', 'username']).execute();
    for (const u of users) ids[u.username] = u.id;
  });
  afterAll(async () => {
    await s.close();
  });

  const post = (
    url: string,
    payload: unknown,
    user: string,
    headers: Record<string, string> = {},
  ) =>
    s.app.inject({
      method: 'POST',
      url,
      payload: payload as object,
      headers: { cookie: cookies[user] ?? '', ...headers },
    });
  const get = (url: string, user: string) =>
    s.app.inject({ method: 'GET', url, headers: { cookie: cookies[user] ?? '' } });
  const count = async (
    table: 'contacts' | 'people' | 'work_items' | 'consents' | 'relationships',
  ) =>
    Number(
      (
        await s.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('records every child and both parents with consent, involvement, a contact work item and the timeline (001)', async () => {
    const res = await post('/api/contacts', family(), 'practitioner');
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json<Receipt>();
    expect(r.reference).toMatch(/^FD-[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(r.childIds).toHaveLength(2);
    expect(r.people.map((p) => p.role).sort()).toEqual(['adult', 'adult', 'child', 'child']);
    // National rule: a decision on a referral within one working day (Working Together 2023).
    expect(r.decisionDue).toBe('2026-03-03');
    const db = s.database.db;
    const work = await db
      .selectFrom('work_items')
      .selectAll()
      .where('id', '=', r.workItemId)
      .executeTakeFirstOrThrow();
    expect(work).toMatchObject({
      workflow_id: 'contact',
      state: 'received',
      level: 3,
      subject_id: r.contactId,
    });
    const csc = await db
      .selectFrom('agencies')
      .select('id')
      .where('kind', '=', 'childrens-social-care')
      .executeTakeFirstOrThrow();
    expect(work.owner_agency_id).toBe(csc.id);
    const rels = await db
      .selectFrom('relationships')
      .selectAll()
      .where('child_id', 'in', r.childIds)
      .execute();
    // Both parents for each child, whether or not they live together (001).
    expect(rels).toHaveLength(4);
    expect(rels.filter((x) => x.lives_with_child === 0)).toHaveLength(2);
    const consents = await db
      .selectFrom('consents')
      .selectAll()
      .where('child_id', 'in', r.childIds)
      .execute();
    expect(consents.map((c) => [c.purpose, c.decision, c.given_by_kind])).toEqual([
      ['front-door-referral', 'given', 'parent-with-pr'],
      ['front-door-referral', 'given', 'parent-with-pr'],
    ]);
    const involvement = await db
      .selectFrom('involvements')
      .selectAll()
      .where('child_id', 'in', r.childIds)
      .execute();
    expect(involvement.map((i) => [i.role, i.user_id])).toEqual([
      ['referrer', ids.practitioner],
      ['referrer', ids.practitioner],
    ]);
    const timeline = await db
      .selectFrom('child_timeline')
      .select(['kind'])
      .where('child_id', '=', r.childIds[0] ?? '')
      .execute();
    expect(timeline.map((t) => t.kind)).toEqual(
      expect.arrayContaining(['contact.received', 'contact.started', 'consent.recorded']),
    );
    const audit = await db
      .selectFrom('audit_events')
      .select('action')
      .where('object_id', '=', r.contactId)
      .execute();
    expect(audit.map((a) => a.action)).toContain('contact.create');

    // The referrer can read their contact (involvement as referrer), without the MASH requests.
    const mine = await get(`/api/contacts/${r.workItemId}`, 'practitioner');
    expect(mine.statusCode, mine.body).toBe(200);
    const view = mine.json<{
      children: { parents: unknown[] }[];
      referrer: { name: string };
      availableDecisions: unknown[];
    }>();
    expect(view.children.map((c) => c.parents.length)).toEqual([2, 2]);
    expect(view.referrer.name).toBe('Priya Teacher (demo)');
    expect(view.availableDecisions).toEqual([]);
    // Someone in another agency with no link to the children cannot.
    expect((await get(`/api/contacts/${r.workItemId}`, 'lead-professional')).statusCode).toBe(403);
  });

  it("refuses a child without both parents' details unless it says why, and writes nothing (001)", async () => {
    const before = await count('people');
    const body = family({
      children: [
        {
          person: { givenName: 'Cora', familyName: 'Quillfeather', dateOfBirth: '2020-01-01' },
          parents: [
            {
              adult: 'mum',
              relationship: 'mother',
              parentalResponsibility: true,
              livesWithChild: true,
            },
          ],
        },
      ],
    });
    const res = await post('/api/contacts', body, 'practitioner');
    expect(res.statusCode).toBe(400);
    const err = res.json<{
      error: { code: string; details: { path: string; message: string }[] };
    }>().error;
    expect(err.code).toBe('BATON_VALIDATION');
    expect(err.details.map((d) => d.path)).toEqual(['children.0.parentDetailsUnknownReason']);
    expect(await count('people')).toBe(before);

    const children = body.children as Body[];
    const withReason = family({
      children: [
        {
          ...children[0],
          parentDetailsUnknownReason: 'The mother says the father is not known to her.',
        },
      ],
    });
    expect((await post('/api/contacts', withReason, 'practitioner')).statusCode).toBe(201);
  });

  it('lists every problem at once, by field, and a bad identifier writes nothing', async () => {
    const before = await count('contacts');
    const res = await post(
      '/api/contacts',
      family({
        concerns: '',
        consent: { decision: 'not-sought' },
        familySpokenTo: false,
        children: [
          {
            person: { givenName: 'Dot', familyName: 'Quillfeather', nhsNumber: '9990001234' },
            parents: [],
          },
        ],
      }),
      'practitioner',
    );
    expect(res.statusCode).toBe(400);
    const paths = res
      .json<{ error: { details: { path: string }[] } }>()
      .error.details.map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'children.0.person.nhsNumber',
        'children.0.parentDetailsUnknownReason',
        'consent.notSoughtReason',
        'consent.consulted',
        'concerns',
      ]),
    );
    expect(await count('contacts')).toBe(before);
  });

  it('needs a reason and who was consulted when consent was not sought (001 "Consent"; 004 §4)', async () => {
    const res = await post(
      '/api/contacts',
      family({
        familySpokenTo: false,
        consent: {
          decision: 'not-sought',
          notSoughtReason: 'risk-of-significant-harm',
          consulted: 'safeguarding-lead',
        },
      }),
      'dsl',
    );
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json<Receipt>();
    const consents = await s.database.db
      .selectFrom('consents')
      .selectAll()
      .where('child_id', 'in', r.childIds)
      .execute();
    expect(consents.map((c) => [c.decision, c.not_sought_reason, c.consulted])).toEqual([
      ['not-sought', 'risk-of-significant-harm', 'safeguarding-lead'],
      ['not-sought', 'risk-of-significant-harm', 'safeguarding-lead'],
    ]);
  });

  it('goes ahead when consent is refused, recording why and who was consulted (004 §4)', async () => {
    const missing = await post(
      '/api/contacts',
      family({ consent: { decision: 'refused' } }),
      'practitioner',
    );
    expect(missing.statusCode).toBe(400);
    expect(
      missing
        .json<{ error: { details: { path: string }[] } }>()
        .error.details.map((d) => d.path)
        .sort(),
    ).toEqual(['consent.consulted', 'consent.notes']);
    const res = await post(
      '/api/contacts',
      family({
        consent: {
          decision: 'refused',
          givenBy: 'mum',
          consulted: 'manager',
          notes:
            'Mother refused; the concerns are about significant harm, so the referral goes ahead.',
        },
      }),
      'practitioner',
    );
    expect(res.statusCode, res.body).toBe(201);
    const view = (await get(`/api/contacts/${res.json<Receipt>().workItemId}`, 'front-door')).json<{
      consent: { decision: string; consulted: string };
      consents: { decision: string; notes: string }[];
    }>();
    expect(view.consent).toMatchObject({ decision: 'refused', consulted: 'manager' });
    expect(view.consents[0]?.notes).toContain('Mother refused');
  });

  it("starts from a levels-of-need check: its reasons become the concerns and its level the referrer's", async () => {
    const check = await post(
      '/api/threshold-checks',
      { pack: 'stockport', indicators: ['stk-urgent-serious-harm'], judgement: { level: 4 } },
      'practitioner',
    );
    expect(check.statusCode, check.body).toBe(201);
    const checkId = check.json<{ id: string }>().id;
    const body = family({ thresholdCheckId: checkId });
    delete body.concerns;
    delete body.referrerLevel;
    const res = await post('/api/contacts', body, 'practitioner');
    expect(res.statusCode, res.body).toBe(201);
    const view = (await get(`/api/contacts/${res.json<Receipt>().workItemId}`, 'front-door')).json<{
      concerns: string;
      referrerLevel: number;
      level: number;
      thresholdCheck: {
        id: string;
        suggestedLevel: number;
        reasons: { text: string; citation: { source: string } }[];
      };
    }>();
    expect(view.referrerLevel).toBe(4);
    expect(view.level).toBe(4);
    expect(view.concerns).toMatch(/^From a levels-of-need check \(Stockport/);
    expect(view.thresholdCheck.id).toBe(checkId);
    expect(view.thresholdCheck.reasons.length).toBeGreaterThan(0);
    expect(view.concerns).toContain(view.thresholdCheck.reasons[0]?.text ?? '(none)');
    // Someone outside the practitioner's supervision cannot borrow their check.
    const other = await post(
      '/api/contacts',
      family({ thresholdCheckId: checkId }),
      'lead-professional',
    );
    expect(other.statusCode).toBe(403);
  });

  it('answers an immediate concern with 999 first, then the front door by phone', async () => {
    const res = await post(
      '/api/contacts',
      family({ urgency: 'immediate', referrerLevel: 4 }),
      'practitioner',
    );
    expect(res.statusCode).toBe(201);
    const steps = res.json<Receipt>().phoneNow;
    expect(steps[0]?.text).toContain('999');
    // Stockport (the default pack): the MASSH urgent line, option 1.
    expect(steps.flatMap((st) => st.contact?.phones.map((p) => p.number) ?? [])).toContain(
      '0161 217 6028',
    );
  });

  it('makes retries safe with an Idempotency-Key: one contact, the same answer; another body is refused', async () => {
    const before = await count('contacts');
    const key = `retry-${dialect}-1`;
    const first = await post('/api/contacts', family(), 'practitioner', { 'idempotency-key': key });
    const again = await post('/api/contacts', family(), 'practitioner', { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await count('contacts')).toBe(before + 1);

    const changed = await post('/api/contacts', family({ referrerLevel: 2 }), 'practitioner', {
      'idempotency-key': key,
    });
    expect(changed.statusCode).toBe(422);
    expect(changed.json<{ error: { code: string } }>().error.code).toBe(
      'BATON_IDEMPOTENCY_CONFLICT',
    );
    // Keys are each user's own: another user's same key neither replays nor blocks the first's.
    const stranger = await post('/api/contacts', family(), 'dsl', { 'idempotency-key': key });
    expect(stranger.statusCode).toBe(201);
    expect(stranger.json<Receipt>().contactId).not.toBe(first.json<Receipt>().contactId);
    expect(stranger.headers['idempotent-replayed']).toBeUndefined();
    expect(await count('contacts')).toBe(before + 2);
  });

  it('keeps one contact when two submissions with one key arrive together', async () => {
    const before = { contacts: await count('contacts'), people: await count('people') };
    const key = `race-${dialect}`;
    const [a, b] = await Promise.all([
      post('/api/contacts', family(), 'practitioner', { 'idempotency-key': key }),
      post('/api/contacts', family(), 'practitioner', { 'idempotency-key': key }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json<Receipt>().contactId).toBe(b.json<Receipt>().contactId);
    expect(await count('contacts')).toBe(before.contacts + 1);
    // The losing request's people were rolled back with it.
    expect(await count('people')).toBe(before.people + 4);
  });

  it('rolls everything back when a write fails part-way through', async () => {
    const before = {
      contacts: await count('contacts'),
      people: await count('people'),
      work: await count('work_items'),
      consents: await count('consents'),
    };
    const pack = findPack(loadPacks(), 'stockport');
    const actorRow = await s.database.db
      .selectFrom('users')
      .select(['id', 'agency_id'])
      .where('username', '=', 'practitioner')
      .executeTakeFirstOrThrow();
    const broken: ContactToInsert = {
      pack,
      ownerAgencyId: actorRow.agency_id,
      referrer: {
        userId: actorRow.id,
        name: 'P',
        agencyId: actorRow.agency_id,
        agencyName: 'School',
        phone: null,
      },
      channel: 'online',
      concerns: 'Concerns.',
      thresholdCheck: null,
      referrerLevel: 2,
      urgency: 'routine',
      familySpokenTo: true,
      familyNotSpokenToReason: null,
      consent: {
        decision: 'given',
        givenByAdult: null,
        notSoughtReason: null,
        consulted: null,
        notes: null,
      },
      earlyHelpConsent: null,
      adults: [{ person: { kind: 'adult', givenName: 'Orla', familyName: 'Testcase' } }],
      // A relationship to an adult that does not exist: the foreign key fails after the contact,
      // the people and the contact's people are written.
      children: [
        {
          who: { person: { kind: 'child', givenName: 'Pip', familyName: 'Testcase' } },
          parents: [
            {
              adult: 5,
              relationship: 'mother',
              parentalResponsibility: true,
              livesWithChild: true,
            },
          ],
          parentDetailsUnknownReason: 'Not known.',
        },
      ],
      phoneNow: [],
    };
    const ctx = {
      actor: {
        userId: actorRow.id,
        username: 'practitioner',
        displayName: 'P',
        agencyId: actorRow.agency_id,
        agencyKind: 'school' as const,
        roles: ['practitioner' as const],
      },
      requestId: 'test',
      remoteAddress: null,
      now: now.toISOString(),
    };
    await expect(insertContact(s.database.db, ctx, broken)).rejects.toThrow();
    expect(await count('contacts')).toBe(before.contacts);
    expect(await count('people')).toBe(before.people);
    expect(await count('work_items')).toBe(before.work);
    expect(await count('consents')).toBe(before.consents);
  });

  it('lets the front door record a telephone contact for a named referrer; partners cannot', async () => {
    const phoned = family({
      channel: 'telephone',
      referrer: {
        name: 'Hattie Neighbour-Example',
        agencyName: 'Member of the public',
        phone: '01632 960000',
      },
      urgency: 'today',
    });
    const res = await post('/api/contacts', phoned, 'front-door');
    expect(res.statusCode, res.body).toBe(201);
    const view = (await get(`/api/contacts/${res.json<Receipt>().workItemId}`, 'front-door')).json<{
      channel: string;
      referrer: { userId: string | null; name: string; phone: string };
    }>();
    expect(view).toMatchObject({
      channel: 'telephone',
      referrer: { userId: null, name: 'Hattie Neighbour-Example', phone: '01632 960000' },
    });
    // For a named Baton user, the contact is theirs: they are involved and told the outcome.
    const forUser = await post(
      '/api/contacts',
      family({ channel: 'telephone', referrer: { userId: ids.dsl } }),
      'front-door',
    );
    expect(forUser.statusCode).toBe(201);
    const contact = await s.database.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', forUser.json<Receipt>().contactId)
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({
      referrer_user_id: ids.dsl,
      channel: 'telephone',
      created_by: ids['front-door'],
    });

    const partner = await post('/api/contacts', phoned, 'practitioner');
    expect(partner.statusCode).toBe(403);
    expect((await post('/api/contacts', family(), 'auditor')).statusCode).toBe(403);
  });

  it('links an existing child by id rather than creating them again', async () => {
    const first = (await post('/api/contacts', family(), 'practitioner')).json<Receipt>();
    const people = await count('people');
    const res = await post(
      '/api/contacts',
      family({
        adults: [],
        consent: { decision: 'given' },
        children: [
          {
            personId: first.childIds[0],
            parents: [],
            parentDetailsUnknownReason: 'Parents already on the record.',
          },
        ],
      }),
      'practitioner',
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Receipt>().childIds).toEqual([first.childIds[0]]);
    expect(await count('people')).toBe(people);
    // A partner cannot link a child they have no connection with.
    const stranger = await post(
      '/api/contacts',
      family({
        adults: [],
        consent: { decision: 'given' },
        children: [{ personId: first.childIds[0], parents: [], parentDetailsUnknownReason: 'x' }],
      }),
      'lead-professional',
    );
    expect(stranger.statusCode).toBe(403);
  });

  it('orders the tray by priority: immediate first, then level 4 to 1, then oldest; flags overdue decisions (001 Option 1)', async () => {
    const started = now;
    now = new Date('2026-03-02T11:00:00.000Z');
    const low = (
      await post(
        '/api/contacts',
        family({ referrerLevel: 1, concerns: 'tray low' }),
        'practitioner',
      )
    ).json<Receipt>();
    now = new Date('2026-03-02T11:05:00.000Z');
    const high = (
      await post(
        '/api/contacts',
        family({ referrerLevel: 4, concerns: 'tray high' }),
        'practitioner',
      )
    ).json<Receipt>();
    const urgent = (
      await post(
        '/api/contacts',
        family({ referrerLevel: 2, urgency: 'immediate' }),
        'practitioner',
      )
    ).json<Receipt>();

    const tray = await get('/api/triage', 'front-door');
    expect(tray.statusCode, tray.body).toBe(200);
    const items = tray.json<{
      items: {
        workItemId: string;
        referrerLevel: number;
        urgency: string;
        decisionDue: string;
        overdue: boolean;
      }[];
    }>().items;
    const order = items.map((i) => i.workItemId);
    expect(order.indexOf(urgent.workItemId)).toBeLessThan(order.indexOf(high.workItemId));
    expect(order.indexOf(high.workItemId)).toBeLessThan(order.indexOf(low.workItemId));
    const immediates = items.filter((i) => i.urgency === 'immediate');
    expect(items.slice(0, immediates.length)).toEqual(immediates);
    const rest = items.slice(immediates.length).map((i) => i.referrerLevel);
    expect(rest).toEqual([...rest].sort((a, b) => b - a));
    expect(items.find((i) => i.workItemId === low.workItemId)).toMatchObject({
      decisionDue: '2026-03-03',
      overdue: false,
    });

    // Two working days later, the one-working-day decision is overdue.
    now = new Date('2026-03-05T09:00:00.000Z');
    cookies['front-door'] = await apiSignIn(s.app, 'front-door');
    const later = (await get('/api/triage', 'front-door')).json<{
      items: { workItemId: string; overdue: boolean }[];
    }>().items;
    expect(later.find((i) => i.workItemId === low.workItemId)?.overdue).toBe(true);
    now = started;
    cookies['front-door'] = await apiSignIn(s.app, 'front-door');

    // The tray is the front door's: partners are refused.
    expect((await get('/api/triage', 'practitioner')).statusCode).toBe(403);
  });

  it('keeps MASH requests and answers on the contact under its version; stale edits get 409', async () => {
    const r = (await post('/api/contacts', family(), 'practitioner')).json<Receipt>();
    const view = (await get(`/api/contacts/${r.workItemId}`, 'front-door')).json<{
      version: number;
    }>();
    const asked = await post(
      `/api/contacts/${r.workItemId}/mash-requests`,
      {
        agency: 'Eastshire Police (demo)',
        question: 'Any call-outs to the address in the last year?',
        version: view.version,
      },
      'front-door',
    );
    expect(asked.statusCode, asked.body).toBe(201);
    const afterAsk = asked.json<{
      version: number;
      mashRequests: { id: string; answer: string | null }[];
    }>();
    expect(afterAsk.version).toBe(view.version + 1);
    const requestId = afterAsk.mashRequests[0]?.id ?? '';
    expect(afterAsk.mashRequests[0]?.answer).toBeNull();

    const stale = await post(
      `/api/contacts/${r.workItemId}/mash-requests/${requestId}/answer`,
      { answer: 'None.', version: view.version },
      'front-door',
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: { code: string } }>().error.code).toBe('BATON_STALE_EDIT');

    const answered = await post(
      `/api/contacts/${r.workItemId}/mash-requests/${requestId}/answer`,
      { answer: 'One call-out in January; no further action.', version: afterAsk.version },
      'front-door',
    );
    expect(answered.statusCode, answered.body).toBe(200);
    expect(
      answered.json<{ mashRequests: { answer: string; answeredAt: string }[] }>().mashRequests[0],
    ).toMatchObject({
      answer: 'One call-out in January; no further action.',
    });
    // The referrer does not see what partner agencies said, and cannot ask.
    const referrerView = (await get(`/api/contacts/${r.workItemId}`, 'practitioner')).json<{
      mashRequests: unknown[];
    }>();
    expect(referrerView.mashRequests).toEqual([]);
    expect(
      (
        await post(
          `/api/contacts/${r.workItemId}/mash-requests`,
          { agency: 'x', question: 'y', version: 9 },
          'practitioner',
        )
      ).statusCode,
    ).toBe(403);
    const timeline = await s.database.db
      .selectFrom('child_timeline')
      .select('summary')
      .where('child_id', '=', r.childIds[0] ?? '')
      .execute();
    expect(timeline.map((t) => t.summary)).toContain(
      'MASH enquiry: information requested from Eastshire Police (demo)',
    );
  });

  it('publishes the front-door routes in the OpenAPI document', async () => {
    const doc = (await s.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, unknown>;
    }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/contacts',
        '/api/contacts/{workItemId}',
        '/api/triage',
        '/api/contacts/{workItemId}/mash-requests',
        '/api/contacts/{workItemId}/mash-requests/{requestId}/answer',
        '/api/contacts/{workItemId}/decision',
      ]),
    );
  });
});
