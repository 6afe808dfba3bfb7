/**
 * The data quality page runs the one rules list: rules added to it (4016, a CIN plan begun
 * while a CP plan is open) and the rules over the whole return (1520, two records with one UPN)
 * reach the page with no change to it, on every database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journey, recordFacts, work } from '../../core/returns/census-testing.js';
import { testDialects } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';
import { insertCensusJourney } from './census-test-rows.js';

const dialects = await testDialects();

describe.each(dialects)('census data quality picks up new rules on %s', (dialect) => {
  let s: TestServer;
  let cookie = '';
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    s = await startTestServer({ dialect, clock: () => new Date('2026-05-01T12:00:00Z') });
    cookie = await apiSignIn(s.app, 'data-team');
    const db = s.database.db;
    // Two children with one UPN (a duplicate record, or a mistyped UPN): 1520 for both.
    for (const localId of ['DQ0001', 'DQ0002'])
      ids[localId] = await insertCensusJourney(
        db,
        recordFacts({ localId, upn: 'A801200001001', upnUnknownReason: null }),
        journey(),
      );
    // A CIN plan begun while the CP plan is open: 4016 (and 4001, as before).
    ids['DQ0003'] = await insertCensusJourney(db, recordFacts({ localId: 'DQ0003' }), [
      ...journey(),
      work('cin-early', 'cin-plan', '2025-08-01', { steppedFromId: 'cpp', closedOn: '2025-09-01' }),
    ]);
    // A child whose journey is recorded in full fails nothing.
    ids['DQ0004'] = await insertCensusJourney(db, recordFacts({ localId: 'DQ0004' }), journey());
  });
  afterAll(async () => {
    await s.close();
  });

  it('lists 1520 and 4016 with DfE’s messages, for the children who fail them', async () => {
    const res = await s.app.inject({
      method: 'GET',
      url: '/returns/data-quality?year=2025-26',
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(
      /1520[\s\S]*?More than one record with the same UPN\.[\s\S]*?>\s*2\s*</,
    );
    expect(res.body).toMatch(
      /4016[\s\S]*?A CIN Plan has been reported as open at the same time as a Child Protection Plan\.[\s\S]*?>\s*1\s*</,
    );
    for (const id of ['DQ0001', 'DQ0002', 'DQ0003'])
      expect(res.body).toContain(`href="/children/${ids[id] ?? ''}"`);
    expect(res.body).not.toContain(`href="/children/${ids['DQ0004'] ?? ''}"`);
    // The 2025-26 year has ended by 1 May 2026: no notice that rules wait for its end.
    expect(res.body).not.toContain('has not ended');
    const audit = await s.database.db
      .selectFrom('audit_events')
      .select('reason')
      .where('action', '=', 'returns.data-quality')
      .where('outcome', '=', 'allowed')
      .executeTakeFirstOrThrow();
    expect(audit.reason).toContain('children 4');
    expect(audit.reason).toContain('failing 3');
  });

  it('says, for the year under way, that 8736 and 8740 wait for its end', async () => {
    const res = await s.app.inject({
      method: 'GET',
      url: '/returns/data-quality?year=2026-27',
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('The 2026-27 census year has not ended');
    expect(res.body).toContain('Rules 8736 and 8740');
  });
});
