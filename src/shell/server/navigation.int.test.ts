/**
 * Issue 14 item 8, "Menus lead to refusals": every link a role's menu and home page offer answers
 * that role with a page, never a refusal. Every demo user (one per role), on each database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../testing/test-databases.js';
import {
  apiSignIn,
  DEMO_USERNAMES,
  startTestServer,
  type TestServer,
} from '../testing/test-server.js';

const dialects = await testDialects();

/** The links of the service navigation and of the home page's cards. */
function offeredLinks(html: string): string[] {
  const nav = [...html.matchAll(/class="govuk-service-navigation__link" href="([^"]+)"/g)];
  const cards = [...html.matchAll(/data-baton-card href="([^"]+)"/g)];
  return [...new Set([...nav, ...cards].map((m) => m[1] ?? ''))];
}

describe.each(dialects)('menus on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ dialect });
  });
  afterAll(() => server.close());

  it('offers every role something, and each link it offers opens for that role', async () => {
    const refused: string[] = [];
    let links = 0;
    for (const username of DEMO_USERNAMES) {
      const cookie = await apiSignIn(server.app, username);
      const home = await server.app.inject({ method: 'GET', url: '/', headers: { cookie } });
      expect(home.statusCode, username).toBe(200);
      const offered = offeredLinks(home.body);
      if (offered.length === 0) refused.push(`${username} is offered nothing`);
      for (const href of offered) {
        links++;
        const r = await server.app.inject({ method: 'GET', url: href, headers: { cookie } });
        if (r.statusCode !== 200) refused.push(`${username} ${href} → ${String(r.statusCode)}`);
      }
    }
    expect(refused).toEqual([]);
    expect(links).toBeGreaterThan(DEMO_USERNAMES.length);
  });
});
