/**
 * Issue 14 §4 on every database, under Stockport's pack: the household view shows the family's
 * children, adults (with parental responsibility) and each child's open work and level, leaves
 * out children the reader may not read, and audits the read. People are invented
 * (src/shell/testing/hearthley-family.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HearthleyFamily } from '../testing/hearthley-family.js';
import { testDialects } from '../testing/test-databases.js';

const dialects = await testDialects();

describe.each(dialects)('the household view on %s (BATON_PACK=stockport)', (dialect) => {
  const f = new HearthleyFamily(dialect);
  const { get } = f.client;
  // The school's safeguarding lead has opened the family's early help episode, for both children.
  beforeAll(() => f.startWithEarlyHelpOpen());
  afterAll(() => f.close());

  it('§4: the household view shows the children the reader may see, the adults with parental responsibility, and each child’s open work and level', async () => {
    const page = await get(`/children/${f.ivy}/family`, 'dsl');
    expect(page.statusCode, page.body).toBe(200);
    const body = page.body;
    expect(body).toContain('Ivy Hearthley’s family');
    expect(body).toContain(`href="/children/${f.otto}"`);
    expect(body).toContain('Otto Hearthley');
    // Each child's early help episode, opened before the tests, and its level (not yet set).
    const ivyEpisode = (await f.episodeOf(f.ivy)).id;
    const ottoEpisode = (await f.episodeOf(f.otto)).id;
    expect(body).toContain(`href="/early-help/${ivyEpisode}"`);
    expect(body).toContain(`href="/early-help/${ottoEpisode}"`);
    expect(body).toMatch(
      /Early help episode<span class="govuk-visually-hidden"> for Otto Hearthley/,
    );
    // Both parents, with parental responsibility for each child.
    expect(body).toContain('Rowan Hearthley');
    expect(body).toContain('Ash Hearthley');
    expect(body).toMatch(/Mother of Otto Hearthley: has parental responsibility, lives with them/);
    expect(body).toMatch(/Father of Ivy Hearthley: has parental responsibility, lives with them/);
    // A half-sister the school does not work with is left out, as on the child record.
    expect(body).not.toContain('Wren');
    expect(body).not.toContain(f.hidden);
    // The read is audited, with the list of the family.
    const audit = await f.server.database.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('object_id', '=', f.ivy)
      .where('action', 'in', ['child.family.read', 'child.household.list'])
      .execute();
    expect(audit.map((a) => `${a.action}:${a.outcome}`)).toEqual(
      expect.arrayContaining(['child.family.read:allowed', 'child.household.list:allowed']),
    );
  });

  it('§4: the front door sees the whole family, the half-sister too; someone from an agency not working with the child is refused, audited', async () => {
    const page = await get(`/children/${f.ivy}/family`, 'front-door');
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('Wren Elsewhereton');
    expect(page.body).toMatch(
      /Mother of Wren Elsewhereton: has parental responsibility, lives elsewhere/,
    );
    const refused = await get(`/children/${f.ivy}/family`, 'lead-professional');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain('Otto');
    const audit = await f.server.database.db
      .selectFrom('audit_events')
      .select('outcome')
      .where('object_id', '=', f.ivy)
      .where('action', '=', 'child.family.read')
      .where('outcome', '=', 'refused')
      .execute();
    expect(audit).toHaveLength(1);
    expect((await get(`/children/nobody-${dialect}/family`, 'dsl')).statusCode).toBe(404);
  });

  it('§4: the child record and the early help episode page link to the household view', async () => {
    const record = await get(`/children/${f.ivy}`, 'dsl');
    expect(record.statusCode).toBe(200);
    expect(record.body).toContain(`href="/children/${f.ivy}/family"`);
    // Otto's episode is the family's, opened for Ivy: its family link is Ivy's.
    const episode = await get(`/early-help/${(await f.episodeOf(f.otto)).id}`, 'dsl');
    expect(episode.statusCode).toBe(200);
    expect(episode.body).toContain(`href="/children/${f.ivy}/family"`);
  });
});
