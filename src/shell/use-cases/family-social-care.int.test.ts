/**
 * Issue 14 §4 on every database: a family referred together stays together in social care. A
 * contact about two children that the front door sends for a Child and Family Assessment (a
 * holistic family assessment: Stockport 001) opens one piece of work about both; its recording
 * pages and API name both children, and the visits (seen, seen alone) are each child's own.
 * People are invented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { twoParentContact } from '../testing/contact-fixtures.js';
import { testDialects } from '../testing/test-databases.js';
import { Scenario } from '../testing/scenario.js';
import { apiSignIn } from '../testing/test-server.js';

const dialects = await testDialects();

const record = z.object({
  childId: z.string(),
  children: z.array(z.object({ id: z.string(), name: z.string() })),
  visits: z.array(z.object({ childId: z.string(), visitedOn: z.string(), seen: z.boolean() })),
});
const viewNext = z.object({ followedBy: z.object({ workItemId: z.string() }).nullable() });

describe.each(dialects)('a family in social care on %s', (dialect) => {
  const s = new Scenario('walsall', '2026-04-06T09:30:00.000Z');
  beforeAll(() => s.start(dialect));
  afterAll(() => s.close());

  const ok = async (who: string, method: 'GET' | 'POST', url: string, body?: object) => {
    const r = await s.call(who, method, url, body);
    expect([200, 201, 202], `${method} ${url}: ${JSON.stringify(r.body)}`).toContain(r.status);
    return r.body;
  };

  it('one assessment about both children names them both, and each child’s visits are their own', async () => {
    const contact = twoParentContact(
      { givenName: 'Linnea', familyName: 'Marchbank', dateOfBirth: '2015-09-09' },
      {
        concerns: 'Both children are frightened at home; shouting heard nightly.',
        referrerLevel: 4,
      },
    );
    const first = contact.children[0];
    if (!first) throw new Error('the fixture has a child');
    const made = z.object({ workItemId: z.string(), childIds: z.array(z.string()) }).parse(
      await ok('hv-demo', 'POST', '/api/contacts', {
        ...contact,
        children: [
          first,
          {
            ...first,
            person: { givenName: 'Bram', familyName: 'Marchbank', dateOfBirth: '2018-12-01' },
          },
        ],
      }),
    );
    const [linnea = '', bram = ''] = made.childIds;
    await ok('team-manager', 'POST', `/api/work-items/${made.workItemId}/transitions`, {
      transitionId: 'decide-cf-assessment',
      payload: { rationale: 'Both children need a Child and Family Assessment.' },
    });
    const cf =
      viewNext.parse(await ok('team-manager', 'GET', `/api/work-items/${made.workItemId}/view`))
        .followedBy?.workItemId ?? '';
    expect(cf).not.toBe('');
    // Each child seen on a different day: a visit to one is not a visit to the other.
    await ok('social-worker', 'POST', `/api/children/${linnea}/visits`, {
      workItemId: cf,
      visitedOn: '2026-04-06',
      seen: true,
      seenAlone: 'yes',
    });
    await ok('social-worker', 'POST', `/api/children/${bram}/visits`, {
      workItemId: cf,
      visitedOn: '2026-04-03',
      seen: false,
      reason: 'Bram was at his grandmother’s.',
    });
    const r = record.parse(await ok('social-worker', 'GET', `/api/work-items/${cf}/record`));
    // The child the work is named for first, then the other.
    expect(r.children[0]?.id).toBe(r.childId);
    expect([...r.children].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { id: bram, name: 'Bram Marchbank' },
      { id: linnea, name: 'Linnea Marchbank' },
    ]);
    expect(r.visits.map((v) => [v.childId, v.visitedOn, v.seen])).toEqual([
      [linnea, '2026-04-06', true],
      [bram, '2026-04-03', false],
    ]);
    const bramsOwn = z
      .object({ visits: z.array(z.object({ visitedOn: z.string() })) })
      .parse(await ok('social-worker', 'GET', `/api/children/${bram}/visits`));
    expect(bramsOwn.visits.map((v) => v.visitedOn)).toEqual(['2026-04-03']);
    // The recording page names both children and links to each child's visits.
    const page = await s.server.app.inject({
      method: 'GET',
      url: `/work/${cf}/assessment`,
      headers: { cookie: await apiSignIn(s.server.app, 'social-worker') },
    });
    expect(page.statusCode, page.body).toBe(200);
    const html = page.body;
    expect(html).toContain(r.children.map((c) => c.name).join(' and '));
    for (const [id, name] of [
      [linnea, 'Linnea Marchbank'],
      [bram, 'Bram Marchbank'],
    ])
      expect(html).toContain(
        `href="/children/${id}/visits?work=${cf}">Visits to ${name} (seen, seen alone)</a>`,
      );
  });
});
