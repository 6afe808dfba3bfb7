/**
 * The seeds' front-door scenarios, through the JSON API, on SQLite and PostgreSQL, each under the
 * deployment's own pack (BATON_PACK). Every test names the passage it follows. People and
 * agencies are invented; the decisions are the seeds'.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldenTrace, type GoldenTrace } from '../testing/golden-trace.js';
import { testDialects } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';

const dialects = await testDialects();
const MONDAY = new Date('2026-03-02T10:00:00.000Z');

type Body = Record<string, unknown>;

const bothParents = [
  { adult: 'mum', relationship: 'mother', parentalResponsibility: true, livesWithChild: true },
  { adult: 'dad', relationship: 'father', parentalResponsibility: true, livesWithChild: false },
];

/** One child and both parents (001: every child and both parents), all invented. */
function contact(over: Body = {}): Body {
  return {
    urgency: 'routine',
    familySpokenTo: true,
    concerns: 'Kit is often late and unkempt; the family has moved twice this year.',
    referrerLevel: 2,
    consent: { decision: 'given', givenBy: 'mum' },
    adults: [
      { key: 'mum', person: { givenName: 'Juniper', familyName: 'Wrenfield' } },
      { key: 'dad', person: { givenName: 'Caspian', familyName: 'Wrenfield-Demo' } },
    ],
    children: [
      {
        person: { givenName: 'Kit', familyName: 'Wrenfield', dateOfBirth: '2017-06-20' },
        parents: bothParents,
      },
    ],
    ...over,
  };
}

interface ContactView {
  workItemId: string;
  state: string;
  version: number;
  awaitingAuthorisation: boolean;
  availableDecisions: { id: string; name: string; needsAuthorisation: boolean }[];
  deadlines: { timescaleId: string; due: string; met: boolean }[];
  history: { transitionId: string; status: string; rationale: string | null }[];
}
interface ErrorBody {
  error: {
    code: string;
    missing?: { rule: string; message: string; citation: { source: string; section: string } }[];
  };
}

/** A server for one authority's pack, with the users signed in and helpers to call the API. */
function harness(dialect: 'sqlite' | 'postgres', packId: string) {
  const h = {
    s: undefined as unknown as TestServer,
    cookies: {} as Record<string, string>,
    userIds: {} as Record<string, string>,
    trace: undefined as unknown as GoldenTrace,
    async start() {
      h.s = await startTestServer({ dialect, clock: () => MONDAY, env: { BATON_PACK: packId } });
      h.trace = goldenTrace(h.s, dialect);
      for (const u of ['practitioner', 'front-door', 'team-manager'])
        h.cookies[u] = await apiSignIn(h.s.app, u);
      for (const u of await h.s.database.db
        .selectFrom('users')
        .select(['id', 'username'])
        .execute())
        h.userIds[u.username] = u.id;
    },
    async post(url: string, payload: unknown, user: string) {
      const res = await h.s.app.inject({
        method: 'POST',
        url,
        payload: payload as object,
        headers: { cookie: h.cookies[user] ?? '' },
      });
      await h.trace.step(`${user} POST ${url}`, res.statusCode);
      return res;
    },
    async get(url: string, user: string) {
      const res = await h.s.app.inject({
        method: 'GET',
        url,
        headers: { cookie: h.cookies[user] ?? '' },
      });
      await h.trace.step(`${user} GET ${url}`, res.statusCode);
      return res;
    },
    async make(body: Body, user = 'practitioner'): Promise<string> {
      const res = await h.post('/api/contacts', body, user);
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ workItemId: string }>().workItemId;
    },
    async view(id: string, user = 'team-manager'): Promise<ContactView> {
      const res = await h.get(`/api/contacts/${id}`, user);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<ContactView>();
    },
    async decide(id: string, user: string, transitionId: string, payload: Body = {}) {
      const { version } = await h.view(id, user);
      return h.post(`/api/contacts/${id}/decision`, { transitionId, version, ...payload }, user);
    },
    async notificationsFor(username: string) {
      return h.s.database.db
        .selectFrom('notifications')
        .selectAll()
        .where('user_id', '=', h.userIds[username] ?? '')
        .execute();
    },
  };
  return h;
}

describe.each(dialects)('front-door scenarios on %s', (dialect) => {
  describe('Peterborough (BATON_PACK=peterborough)', () => {
    const h = harness(dialect, 'peterborough');
    beforeAll(() => h.start());
    afterAll(() => h.s.close());

    it('reassigns a contact whose family consented to the safeguarding referral, though not (yet) to early help: "and/or" (003 §1)', async () => {
      // "Contacts / Referrals / MASH Enquiry requests should only be sent to the EHH where the
      // family consented to the safeguarding referral and /or have consented to Early Help
      // support as an outcome of the contact." The default contact carries consent to the referral.
      const id = await h.make(contact());
      const applied = await h.decide(id, 'team-manager', 'reassign-to-early-help-hub', {
        rationale: 'Below the threshold for social care; the family agreed to the referral.',
      });
      expect(applied.statusCode, applied.body).toBe(200);
      expect(applied.json<{ contact: ContactView }>().contact.state).toBe(
        'reassigned-to-early-help-hub',
      );
    });

    it("reassigns a below-threshold contact to the Early Help Hub only with a rationale and the family's consent; the hub reviews within 24 hours (003 §1)", async () => {
      // The referrer refers without the family's consent (and says why).
      const id = await h.make(
        contact({
          consent: {
            decision: 'refused',
            givenBy: 'mum',
            consulted: 'safeguarding-lead',
            notes:
              'The family did not agree to the referral; the school is worried enough to refer.',
          },
        }),
      );
      // 003 §1 "Contacts not meeting Children's Social Care Thresholds": "record a rationale as
      // to why the contact should be reassigned to the EHH"; and "Contacts ... should only be
      // sent to the EHH where the family consented to the safeguarding referral and /or have
      // consented to Early Help support".
      const refused = await h.decide(id, 'team-manager', 'reassign-to-early-help-hub');
      expect(refused.statusCode).toBe(422);
      const err = refused.json<ErrorBody>().error;
      expect(err.code).toBe('BATON_TRANSITION_REFUSED');
      expect(err.missing?.map((m) => m.rule).sort()).toEqual([
        'consentRecorded',
        'requires:rationale',
      ]);
      for (const m of err.missing ?? []) expect(m.citation.source).toBe('pet-stepping-down');
      expect((await h.view(id)).state).toBe('received');

      // The front door speaks to the family, who agree to early help.
      const consent = await h.post(
        `/api/contacts/${id}/consents`,
        { purpose: 'early-help', decision: 'given', method: 'verbal' },
        'front-door',
      );
      expect(consent.statusCode, consent.body).toBe(201);

      const applied = await h.decide(id, 'team-manager', 'reassign-to-early-help-hub', {
        rationale: 'Below the threshold for social care; the family would benefit from early help.',
      });
      expect(applied.statusCode, applied.body).toBe(200);
      const body = applied.json<{ status: string; contact: ContactView }>();
      expect(body.status).toBe('applied');
      expect(body.contact.state).toBe('reassigned-to-early-help-hub');
      // "The EHH Team Manager / Senior Practitioner will review these within 24 hours of receipt."
      const ehh = body.contact.deadlines.find((d) => d.timescaleId === 'ehh-review');
      expect(ehh).toMatchObject({ due: '2026-03-03T10:00:00.000Z', met: false });
      expect(body.contact.deadlines.find((d) => d.timescaleId === 'referral-decision')?.met).toBe(
        true,
      );
      // The referrer is told the outcome and why.
      const told = await h.notificationsFor('practitioner');
      expect(told.map((n) => n.text).join('\n')).toContain(
        'Below the threshold for social care; the family would benefit from early help.',
      );

      // The contact passes to the Early Help Hub, which reviews it and links it to early help:
      // 003 §1 "The EHH Team Manager / Senior Practitioner will review these within 24 hours of
      // receipt" and link it to an open episode, start an EHH enquiry, or start an EHA.
      h.cookies['eh-manager'] = await apiSignIn(h.s.app, 'eh-manager');
      const atHub = await h.view(id, 'eh-manager');
      expect(atHub.deadlines.find((d) => d.timescaleId === 'ehh-review')?.met).toBe(false);
      const reviewed = await h.decide(id, 'eh-manager', 'ehh-start-enquiry', {
        rationale: 'Hub review: an EHH enquiry to find the right lead professional.',
      });
      expect(reviewed.statusCode, reviewed.body).toBe(200);
      const after = reviewed.json<{ status: string; contact: ContactView }>();
      expect(after.status).toBe('applied');
      expect(after.contact.deadlines.find((d) => d.timescaleId === 'ehh-review')?.met).toBe(true);
      // …and the front door no longer owns it.
      const frontDoorTray = await h.get('/api/triage', 'front-door');
      expect(frontDoorTray.body).not.toContain(id);
    });
  });

  describe('Stockport (BATON_PACK=stockport)', () => {
    const h = harness(dialect, 'stockport');
    beforeAll(() => h.start());
    afterAll(() => h.s.close());

    it('at level 2, the MASSH identifies a lead professional, who must be named (001 "Step up from universal to early help")', async () => {
      const id = await h.make(contact({ referrerLevel: 2 }));
      const unnamed = await h.decide(id, 'team-manager', 'identify-lead-professional', {
        rationale: 'Needs can be met with a lead professional at school.',
      });
      expect(unnamed.statusCode).toBe(422);
      expect(unnamed.json<ErrorBody>().error.missing?.map((m) => m.rule)).toEqual([
        'leadProfessionalNamed',
      ]);
      // Level 4 routes are closed to a level 2 contact (001 "How levels of need are met").
      const cf = await h.decide(id, 'team-manager', 'decide-cf-assessment', { rationale: 'x' });
      expect(cf.json<ErrorBody>().error.missing?.map((m) => m.rule)).toEqual(['levelIn']);

      const named = await h.decide(id, 'team-manager', 'identify-lead-professional', {
        rationale: 'Needs can be met with a lead professional at school.',
        leadProfessionalName: 'Rowan Example',
        leadProfessionalAgency: 'Larkfield Primary School (demo)',
      });
      expect(named.statusCode, named.body).toBe(200);
      expect(named.json<{ contact: ContactView }>().contact.state).toBe(
        'lead-professional-identified',
      );
      const work = await h.s.database.db
        .selectFrom('work_items')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(work.lead_professional_name).toBe('Rowan Example');
    });

    it('at level 4, the First Response team manager accepts it for a Children and Family Assessment (001 "Step Up to Social care: Option 1")', async () => {
      const id = await h.make(contact({ referrerLevel: 4 }));
      const lp = await h.decide(id, 'team-manager', 'identify-lead-professional', {
        rationale: 'x',
        leadProfessionalName: 'Rowan Example',
        leadProfessionalAgency: 'School',
      });
      expect(lp.json<ErrorBody>().error.missing?.map((m) => m.rule)).toEqual(['levelIn']);
      const cf = await h.decide(id, 'team-manager', 'decide-cf-assessment', {
        rationale:
          'Significant concerns about neglect: a Children and Family Assessment is needed.',
      });
      expect(cf.statusCode, cf.body).toBe(200);
      expect(cf.json<{ contact: ContactView }>().contact.state).toBe('referred-to-social-care');
    });

    it('goes ahead with the midwife\'s referral after the mother declined an EHA, and closes as the MASSH decided (000 Annex (iii) "Step up to more help")', async () => {
      const id = await h.make(
        contact({
          referrerLevel: 3,
          concerns:
            "Expectant mother (23) smoked cannabis daily until 14 weeks; she attends the drug and alcohol service but declined an Early Help Assessment, and the baby's needs may be unmet without a plan.",
          adults: [
            {
              key: 'mother',
              person: {
                givenName: 'Saffron',
                familyName: 'Examplewood',
                dateOfBirth: '2002-10-10',
              },
            },
          ],
          children: [
            {
              person: {
                givenName: 'Unborn',
                familyName: 'Examplewood',
                expectedDate: '2026-09-01',
              },
              parents: [
                {
                  adult: 'mother',
                  relationship: 'mother',
                  parentalResponsibility: true,
                  livesWithChild: true,
                },
              ],
              parentDetailsUnknownReason: "The midwife has no details of the baby's father.",
            },
          ],
          consent: {
            decision: 'refused',
            givenBy: 'mother',
            consulted: 'safeguarding-lead',
            notes:
              'Consent to an Early Help Assessment was declined; the mother was told of the referral to the MASSH.',
          },
          earlyHelpConsent: { decision: 'refused', givenBy: 'mother', notes: 'Declined an EHA.' },
        }),
      );
      const ledger = await h.s.database.db
        .selectFrom('consents')
        .innerJoin('work_item_children', 'work_item_children.child_id', 'consents.child_id')
        .select(['consents.purpose', 'consents.decision'])
        .where('work_item_children.work_item_id', '=', id)
        .execute();
      expect(ledger.map((c) => `${c.purpose}:${c.decision}`).sort()).toEqual([
        'early-help:refused',
        'front-door-referral:refused',
      ]);
      // Without consent to early help the MASSH passes nothing on to early help: neither a lead
      // professional identified nor the Early Help Hub (001 "Step up from universal to early
      // help": "Consent must be obtained from the parent/s ... to begin an Early Help Episode or
      // make a referral to the MASSH or Early help Hub"; 000 Annex iii, above).
      for (const [step, extra] of [
        [
          'identify-lead-professional',
          { leadProfessionalName: 'Mo Midwife', leadProfessionalAgency: 'Enhanced midwifery' },
        ],
        ['refer-to-early-help-hub', {}],
      ] as const) {
        const refused = await h.decide(id, 'team-manager', step, {
          rationale: 'Needs at level 2: early help would support the mother.',
          ...extra,
        });
        expect(refused.statusCode, refused.body).toBe(422);
        const err = refused.json<ErrorBody>().error;
        expect(err.code).toBe('BATON_TRANSITION_REFUSED');
        expect(err.missing?.map((m) => [m.rule, m.citation.source, m.citation.section])).toEqual([
          ['consentNotRefused', 'stk-step-up-step-down', 'Step up from universal to early help'],
        ]);
      }
      // "The MASSH social worker concluded that the level of need identified for the baby was not
      // one of 'risk or harm'. The absence of the parents' consent the MASSH social worker could
      // not intervene further. The referral did not result in a step up."
      const closed = await h.decide(id, 'team-manager', 'close-nfa', {
        rationale:
          "Not a level of risk or harm; without the mother's consent the MASSH cannot intervene further. Support continues from enhanced midwifery and the drug and alcohol service.",
      });
      expect(closed.statusCode, closed.body).toBe(200);
      expect(closed.json<{ contact: ContactView }>().contact.state).toBe('closed');
    });

    it("holds a front-door worker's decision for a team manager, who authorises it; the referrer sees the outcome and why (001 Option 1)", async () => {
      const id = await h.make(contact({ referrerLevel: 2 }));
      const asked = await h.decide(id, 'front-door', 'decide-advice-and-signposting', {
        rationale: 'Advice to the school on the attendance service and the family hub.',
      });
      expect(asked.statusCode, asked.body).toBe(200);
      const pending = asked.json<{
        status: string;
        transitionRecordId: string;
        contact: ContactView;
      }>();
      expect(pending.status).toBe('awaiting-authorisation');
      expect(pending.contact.state).toBe('received');
      expect(pending.contact.awaitingAuthorisation).toBe(true);
      // Nothing else can be decided while it waits.
      expect(pending.contact.availableDecisions).toEqual([]);
      const tray = (await h.get('/api/triage', 'front-door')).json<{
        items: { workItemId: string; awaitingAuthorisation: boolean }[];
      }>();
      expect(tray.items.find((i) => i.workItemId === id)?.awaitingAuthorisation).toBe(true);
      expect((await h.notificationsFor('practitioner')).filter((n) => n.object_id === id)).toEqual(
        [],
      );

      // The team manager authorises it from the authorisation tray (the record API).
      const authorised = await h.post(
        `/api/tray/${pending.transitionRecordId}/decision`,
        { decision: 'authorise' },
        'team-manager',
      );
      expect(authorised.statusCode, authorised.body).toBe(200);
      const after = await h.view(id);
      expect(after.state).toBe('closed');
      expect(after.history.map((t) => [t.transitionId, t.status])).toEqual([
        ['decide-advice-and-signposting', 'applied'],
      ]);
      const told = (await h.notificationsFor('practitioner')).filter((n) => n.object_id === id);
      expect(told.map((n) => n.kind)).toEqual(['referral-outcome']);
      expect(told[0]?.text).toContain(
        'Advice to the school on the attendance service and the family hub.',
      );
      // And through the API: the referrer's own notifications.
      const myWork = await h.get('/api/my-work', 'practitioner');
      expect(myWork.statusCode, myWork.body).toBe(200);
      expect(myWork.body).toContain(
        'Advice to the school on the attendance service and the family hub.',
      );
    });
  });

  describe('Walsall (BATON_PACK=walsall)', () => {
    const h = harness(dialect, 'walsall');
    beforeAll(() => h.start());
    afterAll(() => h.s.close());

    it('offers the MASH outcomes from the pack as the decisions (002 "What do we do ... \'Step Up\'?")', async () => {
      const id = await h.make(contact({ referrerLevel: 3 }));
      const decisions = (await h.view(id)).availableDecisions;
      // "Outcomes of the contact to MASH include": advice only; an EHA and plan with the Early
      // Help Hub's advice; a C&F assessment (early help continues meanwhile); an immediate
      // emergency response. Plus screening against the thresholds first.
      expect(decisions.map((d) => d.id).sort()).toEqual([
        'decide-advice-only',
        'decide-cf-assessment',
        'decide-early-help-via-ehh',
        'decide-emergency-response',
        'start-mash-enquiry',
      ]);
      expect(decisions.find((d) => d.id === 'decide-advice-only')?.name).toBe(
        'Give advice to the practitioner; no referral accepted',
      );
      expect(decisions.every((d) => !d.needsAuthorisation)).toBe(true);
      const frontDoor = (await h.view(id, 'front-door')).availableDecisions;
      expect(frontDoor.every((d) => d.needsAuthorisation)).toBe(true);

      const ehh = await h.decide(id, 'team-manager', 'decide-early-help-via-ehh', {
        rationale: 'An Early Help Assessment and plan are needed; the Early Help Hub will advise.',
      });
      expect(ehh.statusCode, ehh.body).toBe(200);
      expect(ehh.json<{ contact: ContactView }>().contact.state).toBe('referred-to-early-help-hub');
    });

    it('screens first, gathering information from partners, then decides (002)', async () => {
      const id = await h.make(contact({ referrerLevel: 4, urgency: 'today' }));
      const screen = await h.decide(id, 'team-manager', 'start-mash-enquiry', {
        rationale: 'Police and health information needed before deciding.',
      });
      expect(screen.json<{ contact: ContactView }>().contact.state).toBe('mash-enquiry');
      const { version } = await h.view(id, 'front-door');
      const asked = await h.post(
        `/api/contacts/${id}/mash-requests`,
        { agency: 'Eastshire Police (demo)', question: 'Any incidents at the address?', version },
        'front-door',
      );
      expect(asked.statusCode, asked.body).toBe(201);
      const cf = await h.decide(id, 'team-manager', 'decide-cf-assessment', {
        rationale: 'Police report two incidents: a Child and Family Assessment is needed.',
      });
      expect(cf.json<{ contact: ContactView }>().contact.state).toBe('referred-to-social-care');
    });
  });
});
