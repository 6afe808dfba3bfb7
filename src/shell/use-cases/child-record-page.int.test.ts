/**
 * The child record page's one use-case on every database (getChildRecordPage): the record and,
 * for a child with social care work, the census rules on the record as it stands, built from the
 * record's own person row and giving what the census's own read gives; one access check (the
 * record's), its child.read row and a child.census-check row saying the rules were run. A child
 * with no social care work is in no census: no check runs and only the read is audited. Every
 * name and id is invented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { censusChild, censusPeriodOn, validateCensusChild } from '../../core/returns/index.js';
import { journey, recordFacts, work } from '../../core/returns/census-testing.js';
import { censusFactsOf } from '../repositories/census-repository.js';
import { loadPacks } from '../policy/pack-files.js';
import { insertCensusJourney } from '../returns/census-test-rows.js';
import { testDialects } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';

const dialects = await testDialects();
// In the 2025-26 census year, while the journey's child is in it.
const NOW = new Date('2026-02-02T10:00:00.000Z');

describe.each(dialects)('the child record page and its census check on %s', (dialect) => {
  let s: TestServer;
  let inCensus = '';
  let noSocialCare = '';
  let cookie = '';
  beforeAll(async () => {
    s = await startTestServer({ dialect, clock: () => NOW });
    cookie = await apiSignIn(s.app, 'social-worker');
    inCensus = await insertCensusJourney(
      s.database.db,
      recordFacts({ ethnicity: null }),
      journey(),
    );
    // A contact the front door closed with advice: no social care work, so in no census.
    noSocialCare = await insertCensusJourney(s.database.db, recordFacts({ ethnicity: null }), [
      work('contact', 'contact', '2025-11-03', {
        closedOn: '2025-11-04',
        referralSource: '2A',
        receivedOn: '2025-11-03',
      }),
    ]);
  });
  afterAll(() => s.close());

  const page = (childId: string) =>
    s.app.inject({ method: 'GET', url: `/children/${childId}`, headers: { cookie } });
  const auditOf = (childId: string) =>
    s.database.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('object_id', '=', childId)
      .orderBy('action')
      .execute();

  it('shows the census rules the record would fail, the same as the census’s own read of the child', async () => {
    const res = await page(inCensus);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Children in Need census 2025-26');
    // What the return itself would say of this child (census-repository's own read).
    const facts = await censusFactsOf(s.database.db, inCensus, loadPacks());
    if (facts === null) throw new Error('the census child was not written');
    const period = { ...censusPeriodOn('2025-26', '2026-02-02'), end: '2026-02-02' };
    const child = censusChild(facts.record, facts.work, period);
    if (child === null) throw new Error('the journey is not in the 2025-26 census');
    const rules = validateCensusChild(child, period).map((f) => f.rule);
    expect(rules.length).toBeGreaterThan(0);
    const shown = [...res.body.matchAll(/(?:Error|Query) (\w+)<\/strong>/g)].map((m) => m[1]);
    expect(shown).toEqual(rules);
    expect(res.body).toContain('Ethnicity');
  });

  it('audits the read once and says the census check ran, on the record’s one access check', async () => {
    const before = await auditOf(inCensus);
    expect((await page(inCensus)).statusCode).toBe(200);
    const after = await auditOf(inCensus);
    const added = after.length - before.length;
    expect(added).toBe(2);
    const count = (rows: typeof after, action: string) =>
      rows.filter((r) => r.action === action && r.outcome === 'allowed').length;
    expect(count(after, 'child.read') - count(before, 'child.read')).toBe(1);
    expect(count(after, 'child.census-check') - count(before, 'child.census-check')).toBe(1);
  });

  it('runs no census check for a child with no social care work, and audits only the read', async () => {
    const res = await page(noSocialCare);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toContain('Children in Need census');
    // The link to the details for statutory returns is still offered.
    expect(res.body).toContain(`/children/${noSocialCare}/census-details`);
    expect(await auditOf(noSocialCare)).toEqual([{ action: 'child.read', outcome: 'allowed' }]);
  });

  it('refuses a reader without access with one refusal, before any census check', async () => {
    const dataTeam = await apiSignIn(s.app, 'data-team');
    const res = await s.app.inject({
      method: 'GET',
      url: `/children/${inCensus}`,
      headers: { cookie: dataTeam },
    });
    expect(res.statusCode).toBe(403);
    const refusals = await s.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('object_id', '=', inCensus)
      .where('outcome', '!=', 'allowed')
      .execute();
    expect(refusals.map((r) => r.action)).toEqual(['child.read']);
  });
});
