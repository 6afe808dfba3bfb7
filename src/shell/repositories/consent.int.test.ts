/**
 * The consent ledger and the information-sharing log, on every database. Each rule cites its
 * source in ../shared/seeds (001 = Stockport step up / step down protocol; 004 = Worcestershire
 * levels of need).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/access/index.js';
import { isBatonError } from '../../core/errors/error-catalogue.js';
import { testDialects } from '../testing/test-databases.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';
import { signIn } from './auth-repository.js';
import { addInvolvement } from './child-access.js';
import {
  currentConsent,
  listConsents,
  recordConsent,
  type ConsentInput,
} from './consent-repository.js';
import { insertPerson, insertRelationship } from './people-repository.js';
import { listSharingDecisions, recordSharingDecision } from './sharing-repository.js';
import type { RequestContext } from './request-context.js';

const dialects = await testDialects();
const NOW = '2026-11-23T09:00:00.000Z';
const TODAY = NOW.slice(0, 10);

/** The field paths of a BATON_VALIDATION error thrown by `run`. */
async function validationPaths(run: () => Promise<unknown>): Promise<string[]> {
  try {
    await run();
  } catch (e) {
    if (isBatonError(e) && e.code === 'BATON_VALIDATION') return e.details.map((d) => d.path);
    throw e;
  }
  throw new Error('expected BATON_VALIDATION');
}

describe.each(dialects)('consent ledger and sharing log on %s', (dialect) => {
  let s: TestServer;
  let lead: RequestContext;
  let stranger: RequestContext;
  let family: { child: string; teen: string; mum: string; uncle: string };

  const ctxFor = async (username: string): Promise<RequestContext> => {
    const base = { actor: null, requestId: `test-${username}`, remoteAddress: null, now: NOW };
    const { actor }: { actor: Actor } = await signIn(s.database.db, base, username, TEST_PASSWORD);
    return { ...base, actor };
  };
  const count = async (table: 'consents' | 'sharing_decisions' | 'child_timeline') =>
    Number(
      (
        await s.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  // Each call a second later on the same day: the ledger orders by the moment it was written.
  let tick = 0;
  const L = (): RequestContext => ({
    ...lead,
    now: new Date(Date.parse(NOW) + ++tick * 1000).toISOString(),
  });
  const given = (over: Partial<ConsentInput> = {}): ConsentInput => ({
    purpose: 'early-help',
    decision: 'given',
    givenByKind: 'parent-with-pr',
    givenByPersonId: family.mum,
    method: 'verbal',
    recordedOn: TODAY,
    ...over,
  });

  beforeAll(async () => {
    s = await startTestServer({ dialect });
    lead = await ctxFor('lead-professional');
    stranger = await ctxFor('practitioner');
    family = await s.database.db.transaction().execute(async (trx) => {
      const child = await insertPerson(trx, lead, {
        kind: 'child',
        givenName: 'Tilly',
        familyName: 'Ledgerton',
        dateOfBirth: '2020-04-02',
      });
      const teen = await insertPerson(trx, lead, {
        kind: 'child',
        givenName: 'Tobias',
        familyName: 'Ledgerton',
        dateOfBirth: '2012-01-15',
      });
      const mum = await insertPerson(trx, lead, {
        kind: 'adult',
        givenName: 'Mona',
        familyName: 'Ledgerton',
      });
      const uncle = await insertPerson(trx, lead, {
        kind: 'adult',
        givenName: 'Umar',
        familyName: 'Ledgerton',
      });
      for (const c of [child, teen]) {
        await insertRelationship(trx, lead, {
          childId: c,
          personId: mum,
          relationship: 'mother',
          parentalResponsibility: true,
          livesWithChild: true,
        });
        await insertRelationship(trx, lead, {
          childId: c,
          personId: uncle,
          relationship: 'uncle',
          parentalResponsibility: false,
          livesWithChild: true,
        });
        await addInvolvement(trx, {
          childId: c,
          agencyId: lead.actor?.agencyId ?? '',
          userId: lead.actor?.userId ?? null,
          role: 'lead-professional',
          from: TODAY,
          now: NOW,
        });
      }
      return { child, teen, mum, uncle };
    });
  });
  afterAll(async () => {
    await s.close();
  });

  it('records consent from a parent with parental responsibility, with its timeline entry (001 "Consent")', async () => {
    const saved = await recordConsent(s.database.db, L(), family.child, given());
    expect(saved).toMatchObject({
      purpose: 'early-help',
      decision: 'given',
      givenBy: { personId: family.mum, name: 'Mona Ledgerton', kind: 'parent-with-pr' },
      method: 'verbal',
      recordedOn: TODAY,
    });
    const current = await currentConsent(s.database.db, L(), family.child, 'early-help');
    expect(current).toMatchObject({ live: true, status: 'live' });
    const timeline = await s.database.db
      .selectFrom('child_timeline')
      .select(['kind', 'summary'])
      .where('object_id', '=', saved.id)
      .execute();
    expect(timeline).toEqual([
      {
        kind: 'consent.given',
        summary: expect.stringContaining('given by Mona Ledgerton') as unknown,
      },
    ]);
  });

  it('refuses consent from an adult without parental responsibility, writing nothing (001 "Consent": "provided they have parental responsibility")', async () => {
    const before = [await count('consents'), await count('child_timeline')];
    expect(
      await validationPaths(() =>
        recordConsent(s.database.db, L(), family.child, given({ givenByPersonId: family.uncle })),
      ),
    ).toEqual(['givenBy']);
    expect([await count('consents'), await count('child_timeline')]).toEqual(before);
  });

  it('refuses a person not related to the child', async () => {
    expect(
      await validationPaths(() =>
        recordConsent(s.database.db, L(), family.child, given({ givenByPersonId: family.teen })),
      ),
    ).toEqual(['givenBy']);
  });

  it('refuses written consent without a document reference (001 "Consent": "verbally and in writing")', async () => {
    expect(
      await validationPaths(() =>
        recordConsent(s.database.db, L(), family.child, given({ method: 'written' })),
      ),
    ).toEqual(['documentRef']);
    const saved = await recordConsent(
      s.database.db,
      L(),
      family.child,
      given({ method: 'written', documentRef: 'EHA-CONSENT-0001' }),
    );
    expect(saved.documentRef).toBe('EHA-CONSENT-0001');
  });

  it('refuses "not sought" without one of the permitted reasons and the person consulted (004 §4; 001 "Consent")', async () => {
    const notSought = { purpose: 'front-door-referral', decision: 'not-sought', recordedOn: TODAY };
    expect(
      await validationPaths(() => recordConsent(s.database.db, L(), family.child, notSought)),
    ).toEqual(['notSoughtReason', 'consulted']);
    expect(
      await validationPaths(() =>
        recordConsent(s.database.db, L(), family.child, {
          ...notSought,
          notSoughtReason: 'parent-is-busy',
          consulted: 'Dan Safeguarding-Lead',
        }),
      ),
    ).toEqual(['notSoughtReason']);
    const saved = await recordConsent(s.database.db, L(), family.child, {
      ...notSought,
      notSoughtReason: 'risk-of-significant-harm',
      consulted: 'Dan Safeguarding-Lead (demo), designated safeguarding lead',
    });
    expect(saved).toMatchObject({ decision: 'not-sought', givenBy: null });
    expect(
      (await currentConsent(s.database.db, L(), family.child, 'front-door-referral')).status,
    ).toBe('not-sought');
  });

  it('records a refusal (004 §4: "explain why consent was not established")', async () => {
    const saved = await recordConsent(s.database.db, L(), family.teen, {
      purpose: 'front-door-referral',
      decision: 'refused',
      givenByKind: 'parent-with-pr',
      givenByPersonId: family.mum,
      recordedOn: TODAY,
      notes: 'Mother declined; advice sought from the DSL.',
    });
    expect(saved.decision).toBe('refused');
    const current = await currentConsent(s.database.db, L(), family.teen, 'front-door-referral');
    expect(current).toMatchObject({ live: false, status: 'refused' });
  });

  it('accepts the young person only from age 12 (000 Chapter 5: "or the young person (where appropriate)")', async () => {
    expect(
      await validationPaths(() =>
        recordConsent(s.database.db, L(), family.child, given({ givenByKind: 'young-person' })),
      ),
    ).toEqual(['givenBy']);
    const saved = await recordConsent(
      s.database.db,
      L(),
      family.teen,
      given({ givenByKind: 'young-person', givenByPersonId: undefined }),
    );
    expect(saved.givenBy).toMatchObject({ kind: 'young-person', personId: family.teen });
  });

  it('refuses a date in the future and an expiry not after the recorded date', async () => {
    expect(
      await validationPaths(() =>
        recordConsent(
          s.database.db,
          L(),
          family.child,
          given({ recordedOn: '2026-11-24', expiresOn: '2026-11-24' }),
        ),
      ),
    ).toEqual(['recordedOn', 'expiresOn']);
    expect(
      await validationPaths(() =>
        recordConsent(s.database.db, L(), family.child, given({ expiresOn: '2026-11-01' })),
      ),
    ).toEqual(['expiresOn']);
    expect(
      await validationPaths(() =>
        recordConsent(s.database.db, L(), family.child, given({ recordedOn: '23/11/2026' })),
      ),
    ).toEqual(['recordedOn']);
  });

  it('lists every problem at once', async () => {
    expect(
      await validationPaths(() =>
        recordConsent(s.database.db, L(), family.child, {
          purpose: 'everything',
          decision: 'given',
          recordedOn: '',
        }),
      ),
    ).toEqual(['purpose', 'recordedOn', 'method', 'givenBy']);
  });

  it('treats consent past its expiry date as not live', async () => {
    await recordConsent(
      s.database.db,
      L(),
      family.teen,
      given({ purpose: 'step-down-transfer', recordedOn: '2026-01-05', expiresOn: '2026-06-30' }),
    );
    expect(
      await currentConsent(s.database.db, L(), family.teen, 'step-down-transfer'),
    ).toMatchObject({ live: false, status: 'expired' });
  });

  it('withdraws consent with a new row: the ledger is append-only and currentConsent is no longer live', async () => {
    expect((await currentConsent(s.database.db, L(), family.child, 'early-help')).live).toBe(true);
    const before = await listConsents(s.database.db, L(), family.child);
    await recordConsent(s.database.db, L(), family.child, {
      purpose: 'early-help',
      decision: 'withdrawn',
      givenByKind: 'parent-with-pr',
      givenByPersonId: family.mum,
      recordedOn: TODAY,
    });
    const after = await listConsents(s.database.db, L(), family.child);
    expect(after).toHaveLength(before.length + 1);
    // Nothing earlier changed.
    expect(after.slice(1)).toEqual(before);
    expect(after[0]?.decision).toBe('withdrawn');
    expect(await currentConsent(s.database.db, L(), family.child, 'early-help')).toMatchObject({
      live: false,
      status: 'withdrawn',
    });
  });

  it('refuses a withdrawal where there is no consent to withdraw', async () => {
    expect(
      await validationPaths(() =>
        recordConsent(s.database.db, L(), family.child, {
          purpose: 'step-down-transfer',
          decision: 'withdrawn',
          givenByKind: 'parent-with-pr',
          givenByPersonId: family.mum,
          recordedOn: TODAY,
        }),
      ),
    ).toEqual(['decision']);
  });

  it('refuses someone who does not work with the child, and audits the refusal', async () => {
    await expect(recordConsent(s.database.db, stranger, family.child, given())).rejects.toThrow(
      expect.objectContaining({ code: 'BATON_FORBIDDEN' }),
    );
    const refused = await s.database.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('actor_user_id', '=', stranger.actor?.userId ?? '')
      .where('action', '=', 'consent.record')
      .execute();
    expect(refused).toEqual([{ action: 'consent.record', outcome: 'refused' }]);
  });

  describe('information-sharing log (001 Appendix 2, the seven golden rules)', () => {
    it('records a decision not to share, with its reasons (golden rule 7: "whether it is to share information or not")', async () => {
      const saved = await recordSharingDecision(s.database.db, L(), family.child, {
        decision: 'not-shared',
        what: 'School attendance record',
        withWhom: 'Harbour Family Support Charity (demo)',
        purpose: 'Planning a parenting course',
        reason: 'Not necessary for the purpose: the course needs no attendance data',
      });
      expect(saved).toMatchObject({
        decision: 'not-shared',
        lawfulBasis: null,
        withConsent: false,
        reason: expect.stringContaining('Not necessary') as unknown,
        decidedBy: { userId: lead.actor?.userId },
      });
    });

    it('needs what, with whom, purpose and a lawful basis to share (golden rule 7; rule 4 "be clear of the basis")', async () => {
      expect(
        await validationPaths(() =>
          recordSharingDecision(s.database.db, L(), family.child, {
            decision: 'shared',
            what: '',
            withWhom: ' ',
            purpose: '',
            withConsent: false,
          }),
        ),
      ).toEqual(['what', 'withWhom', 'purpose', 'lawfulBasis', 'reason']);
    });

    it('needs a reason to share without consent, and then records it (golden rule 4)', async () => {
      const input = {
        decision: 'shared',
        what: 'Bruising seen on both arms',
        withWhom: "Millbrook Children's Social Care (demo)",
        purpose: 'Child protection referral',
        lawfulBasis: 'public-task',
        specialCategoryNote: 'Safeguarding of children and individuals at risk',
        withConsent: false,
      };
      expect(
        await validationPaths(() => recordSharingDecision(s.database.db, L(), family.child, input)),
      ).toEqual(['reason']);
      const saved = await recordSharingDecision(s.database.db, L(), family.child, {
        ...input,
        reason: 'Seeking consent would put the child at risk of significant harm',
      });
      expect(saved).toMatchObject({
        lawfulBasis: 'public-task',
        specialCategoryNote: 'Safeguarding of children and individuals at risk',
        withConsent: false,
      });
    });

    it('sharing "with consent" needs a live consent to information sharing that names the agency', async () => {
      const input = {
        decision: 'shared',
        what: 'The family plan',
        withWhom: 'Millbrook Housing Options (demo)',
        purpose: 'Support with rent arrears',
        lawfulBasis: 'consent',
        withConsent: true,
      };
      expect(
        await validationPaths(() => recordSharingDecision(s.database.db, L(), family.child, input)),
      ).toEqual(['withConsent']);
      expect(
        await validationPaths(() =>
          recordConsent(
            s.database.db,
            L(),
            family.child,
            given({ purpose: 'information-sharing' }),
          ),
        ),
      ).toEqual(['scope']);
      await recordConsent(
        s.database.db,
        L(),
        family.child,
        given({ purpose: 'information-sharing', scope: ['Larkfield Primary School (demo)'] }),
      );
      expect(
        await validationPaths(() => recordSharingDecision(s.database.db, L(), family.child, input)),
      ).toEqual(['withWhom']);
      await recordConsent(
        s.database.db,
        L(),
        family.child,
        given({
          purpose: 'information-sharing',
          scope: ['Larkfield Primary School (demo)', 'Millbrook Housing Options (demo)'],
        }),
      );
      const saved = await recordSharingDecision(s.database.db, L(), family.child, input);
      expect(saved).toMatchObject({ withConsent: true, lawfulBasis: 'consent', reason: null });
      const log = await listSharingDecisions(s.database.db, L(), family.child);
      expect(log[0]?.id).toBe(saved.id);
      expect(log.map((d) => d.decision)).toEqual(['shared', 'shared', 'not-shared']);
    });
  });
});
