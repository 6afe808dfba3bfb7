/**
 * Issue 12 §4: a practitioner's threshold judgement stores and returns the citation (source
 * document and section) of the level, and of the named state, it was made under; the check's
 * page shows them. On every database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LevelNumber, ResolvedPack } from '../../core/policy/index.js';
import { loadPacks } from '../policy/pack-files.js';
import { testDialects } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';

const dialects = await testDialects();
const packs = loadPacks();

function pack(id: string): ResolvedPack {
  const p = packs.get(id);
  if (!p) throw new Error(`no pack ${id}`);
  return p;
}

interface Judged {
  id: string;
  version: number;
  judgement: {
    level: number;
    citations: { rule: string; text: string; citation: { source: string; section: string } }[];
  } | null;
}

describe.each(dialects)('threshold judgements cite their rule on %s', (dialect) => {
  let s: TestServer;
  let practitioner: string;
  beforeAll(async () => {
    s = await startTestServer({ dialect });
    practitioner = await apiSignIn(s.app, 'practitioner');
  });
  afterAll(async () => {
    await s.close();
  });

  const call = (method: 'POST' | 'PUT' | 'GET', url: string, payload?: object) =>
    s.app.inject({
      method,
      url,
      headers: { cookie: practitioner },
      ...(payload ? { payload } : {}),
    });

  it('stores the judged level’s and named state’s citations, and returns them on reading', async () => {
    const stockport = pack('stockport');
    const made = await call('POST', '/api/threshold-checks', { pack: 'stockport', indicators: [] });
    expect(made.statusCode, made.body).toBe(201);
    const check = made.json<Judged>();
    expect(check.judgement).toBeNull();

    const level: LevelNumber = 3;
    const judged = await call('PUT', `/api/threshold-checks/${check.id}/judgement`, {
      level,
      reason: 'The school has seen more than the indicators show',
      version: check.version,
    });
    expect(judged.statusCode, judged.body).toBe(200);
    const stateId = stockport.stateForLevel[level];
    const state = stockport.states.find((x) => x.id === stateId);
    expect(state, 'Stockport names a state for level 3').toBeDefined();
    const expected = [
      {
        rule: 'level',
        text: `Level 3: ${stockport.levels[3].name}`,
        citation: stockport.levels[3].citation,
      },
      { rule: 'state', text: state?.name, citation: state?.citation },
    ];
    expect(judged.json<Judged>().judgement?.citations).toEqual(expected);

    // Stored, not recomputed on reading: the row holds them.
    const row = await s.database.db
      .selectFrom('threshold_checks')
      .select('judgement_citations')
      .where('id', '=', check.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.judgement_citations ?? 'null')).toEqual(expected);
    const read = await call('GET', `/api/threshold-checks/${check.id}`);
    expect(read.json<Judged>().judgement?.citations).toEqual(expected);

    // The page shows the document's title and the section.
    const page = await call('GET', `/checks/${check.id}`);
    expect(page.statusCode).toBe(200);
    const source = stockport.sources.find((x) => x.id === stockport.levels[3].citation.source);
    expect(page.body).toContain('Made under');
    expect(page.body).toContain(
      `Source: ${source?.title ?? ''}, ${stockport.levels[3].citation.section}`
        .replace(/&/g, '&amp;')
        .replace(/'/g, '&#39;'),
    );
  });

  it('cites the judged level, not the suggested one, when a check is recorded with a judgement', async () => {
    const national = pack('national');
    const made = await call('POST', '/api/threshold-checks', {
      pack: 'national',
      indicators: [],
      judgement: { level: 2, reason: 'Health visitor has a worry the list does not hold' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const cites = made.json<Judged>().judgement?.citations ?? [];
    expect(cites[0]).toEqual({
      rule: 'level',
      text: `Level 2: ${national.levels[2].name}`,
      citation: national.levels[2].citation,
    });
    expect(cites[0]?.citation).not.toEqual(national.levels[1].citation);
  });
});
