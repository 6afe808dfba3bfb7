/**
 * People at intake on both databases (issue 3, "Records" and "Person matching at intake"):
 * search with scores and reasons, adding children and adults, access through involvement and
 * break-glass, corrections with versions, relationships, and merge / undo.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nhsCheckDigit } from '../../core/people/index.js';
import { testDialects } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';
import { actorForSession } from './auth-repository.js';
import { breakGlass } from './child-access.js';
import type { RequestContext } from './request-context.js';

const dialects = await testDialects();

/** A valid NHS number in the range reserved for testing (999…), from a six-digit serial. */
function testNhsNumber(serial: number): string {
  for (let s = serial; ; s++) {
    const nine = `999${String(s).padStart(6, '0')}`;
    const check = nhsCheckDigit(nine);
    if (check !== null) return `${nine}${String(check)}`;
  }
}

/** The same number with its check digit made wrong. */
const badCheckDigit = (nhs: string): string =>
  `${nhs.slice(0, 9)}${String((Number(nhs[9]) + 1) % 10)}`;

interface Detail {
  id: string;
  kind: string;
  givenName: string;
  familyName: string;
  version: number;
  ageYears: number | null;
  countsAsChild: boolean;
  mergedFrom: string | null;
  relationships: {
    personId: string;
    relationship: string;
    parentalResponsibility: boolean;
    livesWithChild: boolean;
  }[];
}

interface Candidate {
  id: string;
  score: number;
  reasons: string[];
  nhsNumber: string | null;
  nhsNumberLast4: string | null;
}

interface ErrorAnswer {
  error: { code: string; details: { path: string; message: string }[] };
}

describe.each(dialects)('people at intake on %s', (dialect) => {
  let s: TestServer;
  const cookies: Record<string, string> = {};
  const TODAY = new Date().toISOString().slice(0, 10);
  const yearsAgo = (n: number, days = 0): string => {
    const d = new Date(`${TODAY}T00:00:00Z`);
    d.setUTCFullYear(d.getUTCFullYear() - n);
    d.setUTCDate(d.getUTCDate() - days);
    return d.toISOString().slice(0, 10);
  };

  beforeAll(async () => {
    s = await startTestServer({ dialect });
    for (const u of [
      'practitioner',
      'dsl',
      'front-door',
      'team-manager',
      'social-worker',
      'lead-professional',
      'admin',
      'eh-manager',
    ])
      cookies[u] = await apiSignIn(s.app, u);
  });
  afterAll(async () => {
    await s.close();
  });

  const db = () => s.database.db;
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, user: string, payload?: unknown) =>
    s.app.inject({
      method,
      url,
      headers: { cookie: cookies[user] ?? '' },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const create = async (user: string, body: Record<string, unknown>): Promise<Detail> => {
    const res = await call('POST', '/api/people', user, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Detail>();
  };
  const search = async (user: string, query: Record<string, string>) => {
    const res = await call('GET', `/api/people/search?${new URLSearchParams(query)}`, user);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ scope: string; candidates: Candidate[] }>();
  };
  const ctxFor = async (user: string): Promise<RequestContext> => {
    const token = (cookies[user] ?? '').replace(/^baton_session=/, '');
    const now = new Date().toISOString();
    return {
      actor: await actorForSession(db(), token, now),
      requestId: randomUUID(),
      remoteAddress: null,
      now,
    };
  };
  const auditRows = (action: string, objectId?: string) => {
    let q = db().selectFrom('audit_events').selectAll().where('action', '=', action);
    if (objectId !== undefined) q = q.where('object_id', '=', objectId);
    return q.orderBy('seq').execute();
  };

  it('ranks Smyth for Smith, with reasons (issue 3, "Person matching at intake")', async () => {
    const dob = yearsAgo(7, 40);
    const smith = await create('front-door', {
      kind: 'child',
      givenName: 'Tindra',
      familyName: 'Smith',
      dateOfBirth: dob,
      postcode: 'SK1 3XE',
    });
    await create('front-door', {
      kind: 'child',
      givenName: 'Quillan',
      familyName: 'Oakhart',
      dateOfBirth: dob,
    });
    const result = await search('front-door', {
      givenName: 'Tindra',
      familyName: 'Smyth',
      dateOfBirth: dob,
      postcode: 'sk1 3xe',
    });
    expect(result.scope).toBe('everyone');
    const [first] = result.candidates;
    expect(first?.id).toBe(smith.id);
    expect(first?.score).toBeGreaterThanOrEqual(80);
    expect(first?.reasons).toEqual(
      expect.arrayContaining([
        'Family name sounds the same (Smyth / Smith)',
        'Same given name (Tindra / Tindra)',
      ]),
    );
    // Every search is audited, with no personal data in the audit row.
    const audits = await auditRows('person.search');
    const last = audits.at(-1);
    expect(last?.outcome).toBe('allowed');
    expect(last?.reason ?? '').not.toMatch(/Smyth|Tindra|SK1/i);
  });

  it('refuses an NHS number with a bad check digit: 400 BATON_VALIDATION naming nhsNumber', async () => {
    const bad = badCheckDigit(testNhsNumber(101));
    const res = await call('POST', '/api/people', 'front-door', {
      kind: 'child',
      givenName: 'Orrin',
      familyName: 'Pellow',
      dateOfBirth: yearsAgo(4),
      nhsNumber: bad,
    });
    expect(res.statusCode).toBe(400);
    const body = res.json<ErrorAnswer>();
    expect(body.error.code).toBe('BATON_VALIDATION');
    expect(body.error.details.map((d) => d.path)).toEqual(['nhsNumber']);
    expect(body.error.details[0]?.message).toMatch(/check digit/);
    // Search checks it too.
    const searched = await call('GET', `/api/people/search?nhsNumber=${bad}`, 'front-door');
    expect(searched.statusCode).toBe(400);
    expect(searched.json<ErrorAnswer>().error.details[0]?.path).toBe('nhsNumber');
  });

  it('refuses a birth date in the future and an expected date in the past', async () => {
    const future = await call('POST', '/api/people', 'front-door', {
      kind: 'child',
      givenName: 'Wren',
      familyName: 'Futuro',
      dateOfBirth: '2999-01-01',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json<ErrorAnswer>().error.details).toEqual([
      { path: 'dateOfBirth', message: 'Date of birth must be today or in the past' },
    ]);
    const past = await call('POST', '/api/people', 'front-door', {
      kind: 'child',
      givenName: 'Unborn',
      familyName: 'Pastdue',
      expectedDate: yearsAgo(0, 3),
    });
    expect(past.statusCode).toBe(400);
    expect(past.json<ErrorAnswer>().error.details[0]?.path).toBe('expectedDate');
  });

  it('writes nothing when a create is refused (rows counted before and after)', async () => {
    const tables = [
      'people',
      'person_keys',
      'involvements',
      'child_timeline',
      'relationships',
    ] as const;
    const count = async () =>
      Promise.all(
        tables.map(async (t) =>
          Number(
            (
              await db()
                .selectFrom(t)
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
        ),
      );
    const before = await count();
    const refusals = [
      await call('POST', '/api/people', 'front-door', {
        kind: 'child',
        givenName: 'Ysolde',
        familyName: 'Brack',
        dateOfBirth: yearsAgo(3),
        nhsNumber: badCheckDigit(testNhsNumber(202)),
        postcode: 'not a postcode',
      }),
      await call('POST', '/api/people', 'admin', {
        kind: 'child',
        givenName: 'Ysolde',
        familyName: 'Brack',
        dateOfBirth: yearsAgo(3),
      }),
      await call('POST', '/api/people', 'front-door', {
        kind: 'child',
        givenName: 'Ysolde',
        familyName: 'Brack',
        dateOfBirth: yearsAgo(30),
      }),
    ];
    expect(refusals.map((r) => r.statusCode)).toEqual([400, 403, 400]);
    expect(
      refusals[0]
        ?.json<ErrorAnswer>()
        .error.details.map((d) => d.path)
        .sort(),
    ).toEqual(['nhsNumber', 'postcode']);
    expect(await count()).toEqual(before);
  });

  it('counts a disabled 20-year-old as a child under Stockport’s pack, but not a non-disabled one (000 Stockport, Chapter 1: "disabled young people until aged 24 years")', async () => {
    const disabled = await create('front-door', {
      kind: 'child',
      givenName: 'Idris',
      familyName: 'Vantongeren',
      dateOfBirth: yearsAgo(20),
      disabled: true,
      disabilityDetails: 'Synthetic example',
      communicationNeeds: ['bsl', 'easy-read'],
    });
    expect(disabled.ageYears).toBe(20);
    expect(disabled.countsAsChild).toBe(true);
    const notDisabled = await call('POST', '/api/people', 'front-door', {
      kind: 'child',
      givenName: 'Idris',
      familyName: 'Vantongeren',
      dateOfBirth: yearsAgo(20),
    });
    expect(notDisabled.statusCode).toBe(400);
    expect(notDisabled.json<ErrorAnswer>().error.details[0]).toMatchObject({
      path: 'dateOfBirth',
    });
    expect(notDisabled.json<ErrorAnswer>().error.details[0]?.message).toMatch(/until they are 18/);
    const seventeen = await create('front-door', {
      kind: 'child',
      givenName: 'Maelis',
      familyName: 'Dunmore',
      dateOfBirth: yearsAgo(17),
    });
    expect(seventeen.countsAsChild).toBe(true);
  });

  it('records an unborn child with an expected date, then the birth clears it', async () => {
    const expected = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const unborn = await create('front-door', {
      kind: 'child',
      givenName: 'Unborn',
      familyName: 'Halloway',
      expectedDate: expected,
    });
    expect(unborn.countsAsChild).toBe(true);
    expect(unborn.ageYears).toBeNull();
    const born = await call('PATCH', `/api/people/${unborn.id}`, 'front-door', {
      version: unborn.version,
      givenName: 'Bryn',
      dateOfBirth: TODAY,
    });
    expect(born.statusCode, born.body).toBe(200);
    expect(born.json()).toMatchObject({
      givenName: 'Bryn',
      dateOfBirth: TODAY,
      expectedDate: null,
    });
  });

  it('answers a stale edit with 409 BATON_STALE_EDIT and changes nothing', async () => {
    const child = await create('front-door', {
      kind: 'child',
      givenName: 'Saoirse',
      familyName: 'Quennell',
      dateOfBirth: yearsAgo(9),
    });
    const first = await call('PATCH', `/api/people/${child.id}`, 'social-worker', {
      version: child.version,
      postcode: 'SK4 1AA',
      communicationNeeds: ['interpreter'],
      language: 'Polish',
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ postcode: 'SK4 1AA', version: child.version + 1 });
    const stale = await call('PATCH', `/api/people/${child.id}`, 'front-door', {
      version: child.version,
      postcode: 'SK2 6AB',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<ErrorAnswer>().error.code).toBe('BATON_STALE_EDIT');
    const now = await call('GET', `/api/people/${child.id}`, 'front-door');
    expect(now.json()).toMatchObject({ postcode: 'SK4 1AA' });
    // The new postcode is searchable.
    const found = await search('front-door', { familyName: 'Quennell', postcode: 'SK4 1AA' });
    expect(found.candidates[0]?.id).toBe(child.id);
  });

  it('relates both parents to the child, with parental responsibility and where they live (001: "details of both parents and carers")', async () => {
    const child = await create('front-door', {
      kind: 'child',
      givenName: 'Ottilie',
      familyName: 'Marchbank',
      dateOfBirth: yearsAgo(6),
    });
    const withMother = await call('POST', `/api/people/${child.id}/relationships`, 'front-door', {
      person: { kind: 'adult', givenName: 'Rosamund', familyName: 'Marchbank' },
      relationship: 'mother',
      parentalResponsibility: true,
      livesWithChild: true,
    });
    expect(withMother.statusCode, withMother.body).toBe(201);
    const father = await create('front-door', {
      kind: 'adult',
      givenName: 'Corwin',
      familyName: 'Estley',
    });
    const withFather = await call('POST', `/api/people/${child.id}/relationships`, 'front-door', {
      personId: father.id,
      relationship: 'father',
      parentalResponsibility: true,
      livesWithChild: false,
    });
    expect(withFather.statusCode, withFather.body).toBe(201);
    const rels = withFather.json<Detail>().relationships;
    expect(rels.map((r) => [r.relationship, r.parentalResponsibility, r.livesWithChild])).toEqual([
      ['mother', true, true],
      ['father', true, false],
    ]);
    const again = await call('POST', `/api/people/${child.id}/relationships`, 'front-door', {
      personId: father.id,
      relationship: 'father',
      parentalResponsibility: true,
      livesWithChild: false,
    });
    expect(again.statusCode).toBe(400);
    // The adult is read through the child.
    const fatherRead = await call('GET', `/api/people/${father.id}`, 'front-door');
    expect(fatherRead.json<Detail>().relationships[0]?.personId).toBe(child.id);
    const timeline = await db()
      .selectFrom('child_timeline')
      .select('kind')
      .where('child_id', '=', child.id)
      .execute();
    expect(timeline.filter((t) => t.kind === 'relationship.added')).toHaveLength(2);
  });

  it('keeps a partner out of a child they do not work with (403, audited) until break-glass', async () => {
    const child = await create('front-door', {
      kind: 'child',
      givenName: 'Peregrine',
      familyName: 'Ashdown',
      dateOfBirth: yearsAgo(11),
      nhsNumber: testNhsNumber(303),
    });
    const refused = await call('GET', `/api/people/${child.id}`, 'practitioner');
    expect(refused.statusCode).toBe(403);
    expect(refused.json<ErrorAnswer>().error.code).toBe('BATON_FORBIDDEN');
    const refusals = await auditRows('person.read', child.id);
    expect(refusals.map((r) => r.outcome)).toContain('refused');
    // The partner's search is limited to their children, so it does not show this child.
    expect(
      (await search('practitioner', { givenName: 'Peregrine', familyName: 'Ashdown' })).candidates,
    ).toEqual([]);

    await breakGlass(
      db(),
      await ctxFor('practitioner'),
      child.id,
      'Child disclosed harm at school this morning; need the record now',
    );
    const allowed = await call('GET', `/api/people/${child.id}`, 'practitioner');
    expect(allowed.statusCode, allowed.body).toBe(200);
    const found = await search('practitioner', { givenName: 'Peregrine', familyName: 'Ashdown' });
    expect(found.scope).toBe('your-children');
    expect(found.candidates[0]).toMatchObject({
      id: child.id,
      nhsNumber: null,
      nhsNumberLast4: testNhsNumber(303).slice(-4),
    });
    // The front door sees the whole NHS number.
    const frontDoor = await search('front-door', { nhsNumber: testNhsNumber(303) });
    expect(frontDoor.candidates[0]?.nhsNumber).toBe(testNhsNumber(303));
  });

  it('lets a partner who adds a child keep access to it (involvement as practitioner)', async () => {
    const child = await create('dsl', {
      kind: 'child',
      givenName: 'Marigold',
      familyName: 'Threlkeld',
      dateOfBirth: yearsAgo(8),
    });
    const involvement = await db()
      .selectFrom('involvements')
      .selectAll()
      .where('child_id', '=', child.id)
      .executeTakeFirstOrThrow();
    expect(involvement.role).toBe('practitioner');
    // A colleague in the same school reaches it through the agency's involvement…
    expect((await call('GET', `/api/people/${child.id}`, 'practitioner')).statusCode).toBe(200);
    // …while early help learns from search only that a record exists (issue 13 item 9: no name,
    // date of birth, postcode, NHS number or id), and reads the record only once involved.
    const res = await call(
      'GET',
      `/api/people/search?${new URLSearchParams({ givenName: 'Marigold', familyName: 'Threlkeld' })}`,
      'lead-professional',
    );
    const found = res.json<{ candidates: Candidate[]; restricted: number }>();
    expect(found.candidates).toEqual([]);
    expect(found.restricted).toBe(1);
    for (const secret of [child.id, 'Marigold', yearsAgo(8)])
      expect(res.body.replace(/\([^)]*\)/g, '')).not.toContain(secret);
    const audited = await auditRows('person.search');
    expect(audited.at(-1)?.reason).toContain('1 matched; 0 shown; 1 not readable');
    expect((await call('GET', `/api/people/${child.id}`, 'lead-professional')).statusCode).toBe(
      403,
    );
  });

  describe('merging cannot widen access (issue 13 item 2)', () => {
    const reason = 'Same child recorded twice at intake by mistake';
    const child = (givenName: string) =>
      create('front-door', {
        kind: 'child',
        givenName,
        familyName: 'Pendarves',
        dateOfBirth: yearsAgo(6),
      });
    const relationship = async (user: string, childId: string) => {
      const ctx = await ctxFor(user);
      const { relationshipTo } = await import('./child-access.js');
      return ctx.actor ? relationshipTo(db(), ctx.actor, childId, ctx.now) : 'none';
    };

    it('refuses a merge into a child reached only by emergency access', async () => {
      const real = await child('Jowan');
      await breakGlass(
        db(),
        await ctxFor('eh-manager'),
        real.id,
        'Police called about the child tonight',
      );
      const duplicate = await create('eh-manager', {
        kind: 'child',
        givenName: 'Jowan',
        familyName: 'Pendarves',
        dateOfBirth: yearsAgo(6),
      });
      const merged = await call('POST', '/api/people/merges', 'eh-manager', {
        keptId: real.id,
        mergedId: duplicate.id,
        reason,
      });
      expect(merged.statusCode, merged.body).toBe(403);
      expect(merged.json<ErrorAnswer>().error.code).toBe('BATON_FORBIDDEN');
      const refused = (await auditRows('person.merge', real.id)).filter(
        (r) => r.outcome === 'refused',
      );
      expect(refused).toHaveLength(1);
      expect(await relationship('eh-manager', real.id)).toBe('break-glass');
      // Nor does it work the other way round (the duplicate kept, the real record merged away).
      const reversed = await call('POST', '/api/people/merges', 'eh-manager', {
        keptId: duplicate.id,
        mergedId: real.id,
        reason,
      });
      expect(reversed.statusCode).toBe(403);
    });

    it('leaves the merging manager’s own involvements on the duplicate', async () => {
      const real = await child('Tamsin');
      // The manager's agency works with the real child, so the merge itself is allowed.
      const eh = await ctxFor('eh-manager');
      await db()
        .insertInto('involvements')
        .values({
          id: randomUUID(),
          child_id: real.id,
          agency_id: eh.actor?.agencyId ?? '',
          user_id: null,
          role: 'early-help',
          from_date: TODAY,
          to_date: null,
          created_at: eh.now,
        })
        .execute();
      const duplicate = await create('eh-manager', {
        kind: 'child',
        givenName: 'Tamsin',
        familyName: 'Pendarves',
        dateOfBirth: yearsAgo(6),
      });
      expect(await relationship('eh-manager', duplicate.id)).toBe('involved');
      const merged = await call('POST', '/api/people/merges', 'eh-manager', {
        keptId: real.id,
        mergedId: duplicate.id,
        reason,
      });
      expect(merged.statusCode, merged.body).toBe(201);
      // Still only the team's access, not the manager's own: ending the team's involvement ends it.
      expect(await relationship('eh-manager', real.id)).toBe('team');
      const onReal = await db()
        .selectFrom('involvements')
        .select(['user_id'])
        .where('child_id', '=', real.id)
        .execute();
      expect(onReal.map((r) => r.user_id)).not.toContain(eh.actor?.userId);
      await db()
        .updateTable('involvements')
        .set({ to_date: '2000-01-01' })
        .where('child_id', '=', real.id)
        .execute();
      expect((await call('GET', `/api/people/${real.id}`, 'eh-manager')).statusCode).toBe(403);
    });
  });

  describe('merging duplicates', () => {
    let keptId = '';
    let mergedId = '';
    let parentId = '';
    let snapshot: Record<string, unknown[]> = {};

    /** Every row that refers to either child, sorted, for comparing before and after. */
    const references = async () => {
      const ids = [keptId, mergedId];
      const sortById = <T>(rows: T[]) =>
        [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      return {
        consents: sortById(
          await db().selectFrom('consents').selectAll().where('child_id', 'in', ids).execute(),
        ),
        involvements: sortById(
          await db().selectFrom('involvements').selectAll().where('child_id', 'in', ids).execute(),
        ),
        relationships: sortById(
          await db().selectFrom('relationships').selectAll().where('child_id', 'in', ids).execute(),
        ),
        timeline: sortById(
          await db()
            .selectFrom('child_timeline')
            .select(['id', 'child_id'])
            .where('child_id', 'in', ids)
            .where('kind', 'not like', 'person.merge%')
            .execute(),
        ),
        keys: sortById(
          await db().selectFrom('person_keys').selectAll().where('person_id', 'in', ids).execute(),
        ),
        sharing: sortById(
          await db()
            .selectFrom('sharing_decisions')
            .selectAll()
            .where('child_id', 'in', ids)
            .execute(),
        ),
      };
    };

    beforeAll(async () => {
      const dob = yearsAgo(5, 12);
      keptId = (
        await create('front-door', {
          kind: 'child',
          givenName: 'Elowen',
          familyName: 'Pencarrow',
          dateOfBirth: dob,
          nhsNumber: testNhsNumber(404),
        })
      ).id;
      // The same child recorded again by the school, with the name misspelt.
      mergedId = (
        await create('dsl', {
          kind: 'child',
          givenName: 'Elowen',
          familyName: 'Pencarow',
          dateOfBirth: dob,
          postcode: 'SK1 3XE',
        })
      ).id;
      parentId = (
        await create('front-door', { kind: 'adult', givenName: 'Jory', familyName: 'Pencarow' })
      ).id;
      const rel = await call('POST', `/api/people/${mergedId}/relationships`, 'front-door', {
        personId: parentId,
        relationship: 'parent',
        parentalResponsibility: true,
        livesWithChild: true,
      });
      expect(rel.statusCode, rel.body).toBe(201);
      const school = await db()
        .selectFrom('users')
        .select(['id', 'agency_id'])
        .where('username', '=', 'dsl')
        .executeTakeFirstOrThrow();
      await db()
        .insertInto('consents')
        .values({
          id: randomUUID(),
          child_id: mergedId,
          purpose: 'early-help',
          decision: 'given',
          given_by_person_id: parentId,
          given_by_kind: 'parent-with-pr',
          method: 'written',
          document_ref: null,
          scope: '[]',
          recorded_on: TODAY,
          expires_on: null,
          not_sought_reason: null,
          consulted: null,
          notes: null,
          recorded_by: school.id,
          created_at: new Date().toISOString(),
        })
        .execute();
      await db()
        .insertInto('sharing_decisions')
        .values({
          id: randomUUID(),
          child_id: mergedId,
          decision: 'shared',
          what: 'Attendance record',
          with_whom: 'Early help',
          purpose: 'early-help',
          lawful_basis: 'consent',
          with_consent: 1,
          reason_without_consent: null,
          decided_by: school.id,
          decided_at: new Date().toISOString(),
        })
        .execute();
      snapshot = await references();
    });

    it('refuses anyone but a team manager (403, audited)', async () => {
      for (const user of ['social-worker', 'front-door', 'dsl']) {
        const res = await call('POST', '/api/people/merges', user, {
          keptId,
          mergedId,
          reason: 'Same child recorded twice at intake',
        });
        expect(res.statusCode, user).toBe(403);
      }
      const refused = (await auditRows('person.merge')).filter((r) => r.outcome === 'refused');
      expect(refused.length).toBeGreaterThanOrEqual(3);
      const still = await db()
        .selectFrom('people')
        .select('merged_into')
        .where('id', '=', mergedId)
        .executeTakeFirstOrThrow();
      expect(still.merged_into).toBeNull();
    });

    it('asks a team manager for a reason', async () => {
      const res = await call('POST', '/api/people/merges', 'team-manager', {
        keptId,
        mergedId,
        reason: 'dup',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json<ErrorAnswer>().error.details[0]?.path).toBe('reason');
    });

    it('moves consents, involvements and every other reference, and undo restores them exactly', async () => {
      const merged = await call('POST', '/api/people/merges', 'team-manager', {
        keptId,
        mergedId,
        reason: 'Same child: same date of birth, school confirmed the spelling',
      });
      expect(merged.statusCode, merged.body).toBe(201);
      const merge = merged.json<{ id: string; moved: { label: string; count: number }[] }>();
      expect(merge.moved).toEqual(
        expect.arrayContaining([
          { label: 'consent records', count: 1 },
          { label: 'involvements', count: 1 },
          { label: 'relationships (as the child)', count: 1 },
          { label: 'information-sharing decisions', count: 1 },
        ]),
      );
      // Everything that referred to the duplicate now refers to the record kept.
      const after = await references();
      for (const rows of [after.consents, after.involvements, after.relationships, after.sharing])
        for (const row of rows as { child_id: string }[]) expect(row.child_id).toBe(keptId);
      expect((after.keys as { person_id: string }[]).every((k) => k.person_id === keptId)).toBe(
        true,
      );
      const stored = await db()
        .selectFrom('person_merges')
        .selectAll()
        .where('id', '=', merge.id)
        .executeTakeFirstOrThrow();
      const moved = JSON.parse(stored.moved_json) as {
        rows: { table: string; ids: string[] }[];
      };
      expect(moved.rows.find((r) => r.table === 'consents')?.ids).toEqual(
        (snapshot.consents as { id: string }[]).map((c) => c.id),
      );

      // Reads of the duplicate answer with the record kept, saying so.
      const read = await call('GET', `/api/people/${mergedId}`, 'team-manager');
      expect(read.json<Detail>()).toMatchObject({ id: keptId, mergedFrom: mergedId });
      // The school that recorded the duplicate keeps access through its moved involvement.
      expect((await call('GET', `/api/people/${keptId}`, 'dsl')).statusCode).toBe(200);
      // Search shows one record, found by either spelling.
      for (const familyName of ['Pencarrow', 'Pencarow']) {
        const found = await search('front-door', { givenName: 'Elowen', familyName });
        expect(found.candidates.map((c) => c.id)).toEqual([keptId]);
      }
      // A timeline entry on the kept child.
      const entry = await db()
        .selectFrom('child_timeline')
        .selectAll()
        .where('child_id', '=', keptId)
        .where('kind', '=', 'person.merged')
        .executeTakeFirstOrThrow();
      expect(entry.object_id).toBe(merge.id);
      // An edit of the duplicate is refused: it lives on in the kept record.
      const edit = await call('PATCH', `/api/people/${mergedId}`, 'team-manager', {
        version: 2,
        postcode: 'SK2 6AB',
      });
      expect(edit.statusCode).toBe(409);

      // Undo: only a team manager…
      expect(
        (await call('POST', `/api/people/merges/${merge.id}/undo`, 'social-worker', {})).statusCode,
      ).toBe(403);
      const undone = await call('POST', `/api/people/merges/${merge.id}/undo`, 'team-manager', {});
      expect(undone.statusCode, undone.body).toBe(200);
      expect(undone.json<{ undoneAt: string | null }>().undoneAt).not.toBeNull();
      // …moves exactly those rows back.
      expect(await references()).toEqual(snapshot);
      const restored = await call('GET', `/api/people/${mergedId}`, 'team-manager');
      expect(restored.json<Detail>()).toMatchObject({ id: mergedId, mergedFrom: null });
      expect(
        (await call('POST', `/api/people/merges/${merge.id}/undo`, 'team-manager', {})).statusCode,
      ).toBe(409);
    });

    it('refuses to merge a child with an adult, or a record with itself', async () => {
      const withAdult = await call('POST', '/api/people/merges', 'team-manager', {
        keptId,
        mergedId: parentId,
        reason: 'Not the same kind of record at all',
      });
      expect(withAdult.statusCode).toBe(400);
      const withItself = await call('POST', '/api/people/merges', 'team-manager', {
        keptId,
        mergedId: keptId,
        reason: 'The very same record twice over',
      });
      expect(withItself.statusCode).toBe(400);
    });
  });

  it('publishes every people route in the OpenAPI document', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/people/search',
        '/api/people',
        '/api/people/{id}',
        '/api/people/{id}/relationships',
        '/api/people/merges',
        '/api/people/merges/{id}/undo',
      ]),
    );
  });
});
