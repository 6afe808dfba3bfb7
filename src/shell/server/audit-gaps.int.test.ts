/**
 * Issue 13 item 15, gaps in the audit trail: a request to a child's record from someone not
 * signed in left no row, and a telephone contact's audit row held the referrer's name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const refusals = (objectId: string) =>
  server.database.db
    .selectFrom('audit_events')
    .select(['action', 'object_type', 'object_id', 'outcome', 'reason', 'actor_user_id'])
    .where('object_id', '=', objectId)
    .execute();

describe('requests from someone not signed in', () => {
  it('leave a refused row naming the child, on the API', async () => {
    const childId = 'child-probed-by-api';
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/children/${childId}/early-help-episodes`,
    });
    expect(res.statusCode).toBe(401);
    expect(await refusals(childId)).toEqual([
      {
        action: 'request.not-signed-in',
        object_type: 'child',
        object_id: childId,
        outcome: 'refused',
        reason: 'BATON_NOT_SIGNED_IN',
        actor_user_id: null,
      },
    ]);
  });

  it('leave a refused row naming the child, on a page (which still redirects to sign in)', async () => {
    const childId = 'child-probed-by-page';
    const res = await server.app.inject({ method: 'GET', url: `/children/${childId}` });
    expect(res.statusCode).toBe(303);
    const rows = await refusals(childId);
    expect(rows.map((r) => [r.action, r.outcome, r.reason])).toEqual([
      ['request.not-signed-in', 'refused', 'BATON_NOT_SIGNED_IN'],
    ]);
  });
});

describe('the contact.create audit row', () => {
  it('holds no personal data about a telephone referrer', async () => {
    const cookie = await apiSignIn(server.app, 'front-door');
    const referrerName = 'Hattie Neighbour-Example';
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: { cookie },
      payload: {
        channel: 'telephone',
        referrer: { name: referrerName, agencyName: 'Member of the public', phone: '01632 960000' },
        urgency: 'routine',
        familySpokenTo: true,
        concerns: 'Synthetic concern for the audit test.',
        referrerLevel: 2,
        consent: { decision: 'given', givenBy: 'mum' },
        adults: [{ key: 'mum', person: { givenName: 'Ada', familyName: 'Audittest' } }],
        children: [
          {
            person: { givenName: 'Bea', familyName: 'Audittest', dateOfBirth: '2019-04-02' },
            parentDetailsUnknownReason: 'Father not known to the family (synthetic)',
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
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const rows = await server.database.db
      .selectFrom('audit_events')
      .select(['reason'])
      .where('action', '=', 'contact.create')
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.reason ?? '').not.toContain('Hattie');
      expect(row.reason ?? '').not.toContain('01632');
    }
    expect(rows.map((r) => r.reason)).toContain('telephone contact');
  });
});
