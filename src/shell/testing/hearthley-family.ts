/**
 * The family the family suites share, on one database under Stockport's pack: Ivy and Otto
 * Hearthley and both parents, referred by the school's safeguarding lead with the mother's consent
 * to early help; a half-sister through the mother, Wren, whom the school does not know; and a
 * health visitor who uses Baton but does not yet work with the family. Every name is invented.
 */
import { expect } from 'vitest';
import type { Dialect } from '../db/index.js';
import { createUser } from '../repositories/index.js';
import { insertPerson, insertRelationship } from '../repositories/people-repository.js';
import { actorFor } from './api-client.js';
import { twoParentContact, type ContactChild } from './contact-fixtures.js';
import { pageClient } from './page-forms.js';
import { apiSignIn, startTestServer, TEST_PASSWORD, type TestServer } from './test-server.js';

/** The server's clock: Monday 2 March 2026. */
export const MONDAY = new Date('2026-03-02T10:00:00.000Z');
const USERS = ['dsl', 'practitioner', 'lead-professional', 'front-door'];

/** The consent the contact put on the ledger, as the early help form shows it for checking. */
export const HELD_CONSENT = {
  consentDecision: 'given',
  consentGivenBy: 'parent-with-pr',
  consentGivenByName: 'Rowan Hearthley',
  consentMethod: 'verbal',
};

export class HearthleyFamily {
  server!: TestServer;
  /** Session cookies of the demo users and the health visitor (`hv`), by username. */
  readonly cookies: Record<string, string> = {};
  readonly client = pageClient(() => this.server.app, this.cookies);
  ivy = '';
  otto = '';
  /** Wren, the half-sister the school may not see. */
  hidden = '';

  constructor(private readonly dialect: Dialect) {}

  /** Start the server, add the health visitor, sign everyone in and refer the family. */
  async start(): Promise<void> {
    const s = await startTestServer({
      dialect: this.dialect,
      clock: () => MONDAY,
      env: { BATON_PACK: 'stockport', BATON_SIGN_IN_LIMIT: '1000' },
    });
    this.server = s;
    const health = await s.database.db
      .selectFrom('agencies')
      .select('id')
      .where('kind', '=', 'health')
      .executeTakeFirst();
    const healthId = health?.id ?? `health-${this.dialect}`;
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
    for (const u of [...USERS, 'hv']) this.cookies[u] = await apiSignIn(s.app, u);
    [this.ivy = '', this.otto = ''] = await this.referSiblings(
      { givenName: 'Ivy', familyName: 'Hearthley', dateOfBirth: '2016-05-05' },
      { givenName: 'Otto', familyName: 'Hearthley', dateOfBirth: '2019-02-11' },
      {
        concerns: 'Ivy and her brother are often hungry; their mother says she is struggling.',
        referrerLevel: 3,
        mother: 'Rowan',
        father: 'Ash',
      },
    );
    // A half-sister through the mother, whom the school does not know: never named to the school.
    const actor = await actorFor(s, 'front-door');
    const ctx = { actor, requestId: 'test', remoteAddress: null, now: MONDAY.toISOString() };
    this.hidden = await insertPerson(s.database.db, ctx, {
      kind: 'child',
      givenName: 'Wren',
      familyName: 'Elsewhereton',
      dateOfBirth: '2012-08-30',
    });
    await insertRelationship(s.database.db, ctx, {
      childId: this.hidden,
      personId: await this.motherOf(this.ivy),
      relationship: 'mother',
      parentalResponsibility: true,
      livesWithChild: false,
    });
  }

  /** `start`, then open the family's early help episode as the first family suite does. */
  async startWithEarlyHelpOpen(): Promise<void> {
    await this.start();
    const opened = await this.openEarlyHelp();
    expect(opened.statusCode, opened.body).toBe(303);
  }

  /**
   * The school's safeguarding lead refers two siblings and both parents, with the mother's consent
   * to early help; returns the children's ids, in order.
   */
  async referSiblings(
    first: ContactChild,
    second: ContactChild,
    options: Parameters<typeof twoParentContact>[1],
  ): Promise<string[]> {
    const contact = twoParentContact(first, options);
    const firstChild = contact.children[0];
    if (!firstChild) throw new Error('the fixture has a child');
    const made = await this.client.postJson(
      '/api/contacts',
      {
        ...contact,
        earlyHelpConsent: { decision: 'given', givenBy: 'mum' },
        children: [firstChild, { ...firstChild, person: second }],
      },
      'dsl',
    );
    expect(made.statusCode, made.body).toBe(201);
    return made.json<{ childIds: string[] }>().childIds;
  }

  /** Stop the server and drop its database. */
  close(): Promise<void> {
    return this.server.close();
  }

  /**
   * The school's safeguarding lead opens early help for Ivy and Otto through the form, with the
   * consent given (`HELD_CONSENT` unless said otherwise) and themself as lead professional.
   */
  openEarlyHelp(consent: Record<string, string> = HELD_CONSENT) {
    const path = `/children/${this.ivy}/early-help/new`;
    return this.client.postForm(
      path,
      path,
      { ...consent, leadWho: 'me', leadAgreed: 'yes', alsoFor: this.otto },
      'dsl',
    );
  }

  /** The person id of the child's mother. */
  async motherOf(childId: string): Promise<string> {
    const row = await this.server.database.db
      .selectFrom('relationships')
      .select('person_id')
      .where('child_id', '=', childId)
      .where('relationship', '=', 'mother')
      .executeTakeFirstOrThrow();
    return row.person_id;
  }

  /** The child's early help consents. */
  earlyHelpConsents(childId: string) {
    return this.server.database.db
      .selectFrom('consents')
      .select(['id', 'given_by_person_id', 'method'])
      .where('child_id', '=', childId)
      .where('purpose', '=', 'early-help')
      .execute();
  }

  /** Every consent on the child's ledger. */
  consentsOf(childId: string) {
    return this.server.database.db
      .selectFrom('consents')
      .select(['id', 'purpose', 'decision', 'given_by_person_id'])
      .where('child_id', '=', childId)
      .execute();
  }

  /** The child's early help episode, and the consents it references. */
  async episodeOf(childId: string) {
    const row = await this.server.database.db
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
  }
}
