/**
 * A pack's workflows as the API, the OpenAPI document and the pages show them. Packs are
 * published guidance: no database work, so SQLite alone is enough here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';

interface StepJson {
  id: string;
  role: string | null;
  authorisedBy: string[];
  requires: { field: string; label: string; citation: { source: string; section: string } }[];
  opensDeadlines: { id: string; within: string }[];
  from: { id: string; name: string }[];
}

describe('policy pack workflows: API and pages', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ dialect: 'sqlite' });
  });
  afterAll(async () => {
    await s.close();
  });
  const get = (url: string, cookie?: string) =>
    s.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

  it('GET /api/policy-packs/{id} returns each workflow with its steps, rules, deadlines and citations', async () => {
    const res = await get('/api/policy-packs/worcestershire');
    expect(res.statusCode).toBe(200);
    const pack = res.json<{ workflows: { id: string; steps: StepJson[] }[] }>();
    const episode = pack.workflows.find((w) => w.id === 'early-help-episode');
    const step = episode?.steps.find((t) => t.id === 'new-concerns-taf');
    expect(step).toMatchObject({
      role: 'new-concerns',
      authorisedBy: ['team-manager'],
      from: [{ id: 'taf-plan' }],
      requires: [
        {
          field: 'newConcerns',
          label: 'The new concerns and who raised them',
          citation: {
            source: 'wor-levels-of-need-2019',
            section: 'Appendix 6: When not an immediate child protection concern',
          },
        },
      ],
      opensDeadlines: [
        {
          id: 'new-concerns-meeting',
          within: '3 days (a weekend or bank holiday moves it to the next working day)',
        },
      ],
    });
    // Inherited from the national base: the contact workflow's front-door decision deadline.
    expect(pack.workflows.map((w) => w.id)).toEqual(
      expect.arrayContaining(['contact', 'early-help-episode', 'cf-assessment', 'cin-plan']),
    );
  });

  it('answers for every shipped pack, its workflows matching the published schema', async () => {
    for (const id of ['national', 'peterborough', 'stockport', 'walsall', 'worcestershire']) {
      const res = await get(`/api/policy-packs/${id}`);
      expect(res.statusCode, `${id}: ${res.body.slice(0, 200)}`).toBe(200);
      expect(res.json<{ workflows: unknown[] }>().workflows.length).toBeGreaterThan(0);
      expect((await get(`/policy-packs/${id}`)).statusCode).toBe(200);
    }
  });

  it('describes the workflows in the OpenAPI document', async () => {
    const doc = (await get('/api/openapi.json')).json<{
      paths: Record<string, { get: { responses: Record<string, unknown> } }>;
    }>();
    const ok = JSON.stringify(doc.paths['/api/policy-packs/{packId}']?.get.responses['200']);
    for (const field of ['workflows', 'steps', 'requestedBy', 'authorisedBy', 'guards', 'requires'])
      expect(ok).toContain(`"${field}"`);
  });

  it('lists the packs on a page, each linked to its own page', async () => {
    const res = await get('/policy-packs');
    expect(res.statusCode).toBe(200);
    for (const id of ['national', 'peterborough', 'stockport', 'walsall', 'worcestershire'])
      expect(res.body).toContain(`href="/policy-packs/${id}"`);
  });

  it("shows a pack's workflows: steps, who asks and authorises, rules and their sources", async () => {
    const res = await get('/policy-packs/national');
    expect(res.statusCode).toBe(200);
    const body = res.body.replace(/\s+/g, ' ');
    expect(body).toContain(
      '<h1 class="govuk-heading-l">England (national statutory guidance)</h1>',
    );
    expect(body).toContain('id="workflow-early-help-episode"');
    expect(body).toContain(
      '<h3 class="govuk-summary-card__title">Open the early help episode and start the assessment</h3>',
    );
    expect(body).toContain(
      'Early help is agreed with the family: a parent with parental responsibility has consented <span class="govuk-body-s">(Information sharing: advice for practitioners providing safeguarding services, Seven golden rules, rule 4)</span>',
    );
    expect(body).toContain('Working Together to Safeguard Children 2023, Chapter 3: early help');
    expect(body).toContain('(Baton uses it as <code>open-episode</code>)');
  });

  it('answers an unknown pack with a 404 page, not a stack trace', async () => {
    const res = await get('/policy-packs/nowhere');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).not.toMatch(/\bat .+\.js:\d+/);
  });

  it("explains the abbreviations, national and the authority's own, and pages link their first use there", async () => {
    const res = await get('/glossary');
    expect(res.statusCode).toBe(200);
    const body = res.body.replace(/\s+/g, ' ');
    // Stockport's own word (the deployment's pack) beside the national ones, with their sources.
    expect(body).toContain('<dt class="govuk-summary-list__key">MASSH</dt>');
    expect(body).toContain('Multi Agency Safeguarding and Support Hub');
    expect(body).toContain('id="term-s47"');
    expect(body).toContain('Source: Children Act 1989, Section 47');
    // The glossary page itself links no term to itself.
    expect(body).not.toContain('href="/glossary#');

    const pack = (await get('/policy-packs/stockport')).body;
    const links = pack.match(
      /<a class="govuk-link" href="\/glossary#term-massh"><abbr title="[^"]+">MASSH<\/abbr><\/a>/g,
    );
    expect(links).toHaveLength(1);
    expect(pack).toContain('href="/glossary#term-eha"');
    expect(pack).toContain('href="/glossary">What the abbreviations mean</a>');
  });

  it('links to the packs from where a practitioner chooses whose guidance to follow', async () => {
    const cookie = await apiSignIn(s.app, 'practitioner');
    const res = await get('/check', cookie);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/policy-packs"');
  });
});
