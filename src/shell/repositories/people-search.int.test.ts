/**
 * How many people intake search reads, on both databases (docs/people-search.md): a date of birth
 * narrows a family name to the people born that year or on that day, a misspelt year or family
 * name still finds the person, and without a date of birth the people whose given name sounds or
 * starts the same are read first when there are more than the search reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockingKeys } from '../../core/people/index.js';
import { testDialects } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';

const dialects = await testDialects();

interface Candidate {
  id: string;
  givenName: string;
  score: number;
}

/** Most rows one search reads (CANDIDATE_CAP in people-search-repository.ts). */
const CAP = 2000;

describe.each(dialects)('how many people intake search reads, on %s', (dialect) => {
  let s: TestServer;
  let cookie = '';
  beforeAll(async () => {
    s = await startTestServer({ dialect });
    cookie = await apiSignIn(s.app, 'front-door');
  });
  afterAll(async () => {
    await s.close();
  });

  const create = async (body: Record<string, unknown>): Promise<string> => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { cookie },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  };
  /** The candidates shown, and how many people the search compared (from its audit row). */
  const search = async (query: Record<string, string>) => {
    const res = await s.app.inject({
      method: 'GET',
      url: `/api/people/search?${new URLSearchParams(query)}`,
      headers: { cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    const audit = await s.database.db
      .selectFrom('audit_events')
      .select('reason')
      .where('action', '=', 'person.search')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    const compared = Number(/(\d+) compared/.exec(audit.reason ?? '')?.[1]);
    return { candidates: res.json<{ candidates: Candidate[] }>().candidates, compared };
  };

  describe('with a date of birth', () => {
    let mabyn = '';
    let undated = '';
    beforeAll(async () => {
      mabyn = await create({
        kind: 'child',
        givenName: 'Mabyn',
        familyName: 'Threadgold',
        dateOfBirth: '2016-04-09',
      });
      // The same family name, born in other years on other days: unrelated to a search for Mabyn.
      for (const [givenName, dateOfBirth] of [
        ['Corentin', '2011-09-28'],
        ['Ysella', '2013-02-17'],
        ['Jory', '1985-07-21'],
        ['Morwenna', '1990-12-03'],
        ['Talan', '1979-05-05'],
      ] as const)
        await create({ kind: 'adult', givenName, familyName: 'Threadgold', dateOfBirth });
      // Recorded with no date of birth: a date typed cannot rule this one out.
      undated = await create({ kind: 'adult', givenName: 'Kerensa', familyName: 'Threadgould' });
    });

    it('reads only the people born that year or on that day, and those with no date', async () => {
      const found = await search({ familyName: 'Threadgold', dateOfBirth: '2016-04-09' });
      // Mabyn, and Kerensa with no date of birth; none of the five born in other years.
      expect(found.compared).toBe(2);
      expect(found.candidates.map((c) => c.id)).toEqual([mabyn, undated]);
      const withName = await search({
        givenName: 'Kerensa',
        familyName: 'Threadgold',
        dateOfBirth: '1961-10-14',
      });
      expect(withName.candidates.map((c) => c.id)).toEqual([undated]);
    });

    it('still finds the person when the year of birth is misspelt', async () => {
      const found = await search({
        givenName: 'Mabyn',
        familyName: 'Threadgold',
        dateOfBirth: '2061-04-09',
      });
      expect(found.candidates[0]?.id).toBe(mabyn);
      expect(found.compared).toBe(2);
    });

    it('still finds the person when the day or the month is misspelt', async () => {
      for (const dateOfBirth of ['2016-04-19', '2016-06-09']) {
        const found = await search({ givenName: 'Mabyn', familyName: 'Threadgold', dateOfBirth });
        expect(found.candidates[0]?.id).toBe(mabyn);
      }
    });

    it('still finds the person when the family name is misspelt beyond its sound', async () => {
      const found = await search({
        givenName: 'Mabyn',
        familyName: 'Frogmorton',
        dateOfBirth: '2016-04-09',
      });
      expect(found.candidates[0]?.id).toBe(mabyn);
    });
  });

  describe('without a date of birth, past the most a search reads', () => {
    let catherine = '';
    beforeAll(async () => {
      // More Smiths than one search reads, all with ids sorting before Catherine's and given
      // names that neither start nor sound like Kathryn; written directly, as a large authority.
      const person = (id: string, givenName: string) => ({
        id,
        kind: 'child',
        given_name: givenName,
        family_name: 'Smith',
        other_names: null,
        date_of_birth: '2014-06-01',
        expected_date: null,
        gender: null,
        nhs_number: null,
        upn: null,
        local_id: null,
        postcode: null,
        address: null,
        language: null,
        communication_needs: '[]',
        disabled: 0,
        disability_details: null,
        merged_into: null,
        created_by: 'seed',
        created_at: '2026-01-01T00:00:00.000Z',
        version: 1,
      });
      const people = [
        ...Array.from({ length: CAP + 50 }, (_, i) =>
          person(`0-filler-${String(i).padStart(5, '0')}`, i % 2 === 0 ? 'Zoe' : 'Ruby'),
        ),
        person('z-catherine', 'Catherine'),
      ];
      catherine = 'z-catherine';
      for (let i = 0; i < people.length; i += 500) {
        const chunk = people.slice(i, i + 500);
        await s.database.db.insertInto('people').values(chunk).execute();
        await s.database.db
          .insertInto('person_keys')
          .values(
            chunk.flatMap((p) =>
              blockingKeys({
                givenName: p.given_name,
                familyName: p.family_name,
                dateOfBirth: p.date_of_birth,
              }).map((key) => ({ person_id: p.id, key })),
            ),
          )
          .execute();
      }
    });

    it('reads the people whose given name sounds or starts the same first', async () => {
      const found = await search({ givenName: 'Kathryn', familyName: 'Smyth' });
      expect(found.compared).toBe(CAP);
      expect(found.candidates.map((c) => c.id)).toEqual([catherine]);
    });

    it('reads in the same order every time', async () => {
      const first = await search({ familyName: 'Smith' });
      const again = await search({ familyName: 'Smith' });
      expect(first.compared).toBe(CAP);
      expect(again.candidates.map((c) => c.id)).toEqual(first.candidates.map((c) => c.id));
      expect(first.candidates[0]?.id).toBe('0-filler-00000');
    });
  });
});
