import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPacks } from '../policy/pack-files.js';
import { startupFailureMessage } from '../server/start.js';
import { hasStackTrace, packDir, removeTempDirs, runBaton, TESTDATA } from './cli-test-kit.js';

let dir: string;
let env: Record<string, string>;

beforeAll(() => {
  dir = packDir(['national', 'testshire']);
  env = { BATON_POLICY_DIR: dir };
});

afterAll(removeTempDirs);

describe('baton policy list', () => {
  it('lists each pack with authority, version, effective date, base and indicator count', async () => {
    const r = await runBaton(['policy', 'list'], env);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /national\s+England \(national statutory guidance\)\s+1\.1\.0\s+2023-12-15\s+-\s+4/,
    );
    expect(r.out).toMatch(
      /testshire\s+Testshire Council \(fictional\)\s+2\.0\.1\s+2024-04-01\s+national 1\.1\.0\s+8/,
    );
  });

  it('prints JSON with --json', async () => {
    const r = await runBaton(['policy', 'list', '--json'], env);
    expect(JSON.parse(r.out)).toEqual([
      {
        id: 'national',
        authority: 'England (national statutory guidance)',
        version: '1.1.0',
        effectiveFrom: '2023-12-15',
        base: null,
        frontDoorName: "the local authority children's social care front door",
        indicatorCount: 4,
      },
      {
        id: 'testshire',
        authority: 'Testshire Council (fictional)',
        version: '2.0.1',
        effectiveFrom: '2024-04-01',
        base: { id: 'national', version: '1.1.0' },
        frontDoorName: 'Testshire Front Door',
        indicatorCount: 8,
      },
    ]);
  });

  it('prefers --policy-dir to BATON_POLICY_DIR', async () => {
    const nationalOnly = packDir(['national']);
    const r = await runBaton(['--policy-dir', nationalOnly, 'policy', 'list', '--json'], env);
    expect((JSON.parse(r.out) as { id: string }[]).map((p) => p.id)).toEqual(['national']);
  });

  it('fails in one line when the pack directory does not exist', async () => {
    const r = await runBaton(['policy', 'list'], { BATON_POLICY_DIR: join(dir, 'missing') });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^baton: .*missing: no such file or directory\n$/);
  });
});

describe('baton policy show', () => {
  it('summarises levels, states both ways, contacts and indicators per domain and level', async () => {
    const r = await runBaton(['policy', 'show', 'testshire'], env);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Testshire Council (fictional): policy pack testshire 2.0.1');
    expect(r.out).toContain('Extends national 1.1.0');
    expect(r.out).toContain('3 Complex: Children with complex needs');
    expect(r.out).toMatch(/tst-some-help\s+Some help\s+2/);
    expect(r.out).toContain('level 2 → tst-some-help');
    expect(r.out).toContain('01632 960000 (option 1, Monday to Friday, 9am to 5pm)');
    expect(r.out).toContain('Out of hours: 01632 960001');
    expect(r.out).toMatch(/Health\s+0\s+1\s+1\s+0\s+2\n/);
    expect(r.out).toMatch(/Statutory tests \(Children Act 1989\)\s+0\s+0\s+0\s+4\s+4\n/);
    expect(r.out).toContain('1 rebuilt from garbled source text');
  });

  it('prints the resolved pack with a flat list of indicators under --json', async () => {
    const r = await runBaton(['policy', 'show', 'testshire', '--json'], env);
    const pack = JSON.parse(r.out) as Record<string, unknown> & {
      indicators: Record<string, unknown>[];
      levels: { level: number; name: string }[];
    };
    expect(pack).toMatchObject({ id: 'testshire', version: '2.0.1' });
    expect(pack).not.toHaveProperty('indicatorsById');
    expect(pack).not.toHaveProperty('contactsById');
    expect(pack).not.toHaveProperty('indicatorOrder');
    expect(pack.levels.map((l) => [l.level, l.name])).toEqual([
      [1, 'Universal'],
      [2, 'Additional'],
      [3, 'Complex'],
      [4, 'Specialist'],
    ]);
    expect(pack.indicators).toHaveLength(8);
    for (const indicator of pack.indicators) {
      expect(Object.keys(indicator)).toEqual(
        expect.arrayContaining(['id', 'level', 'domain', 'text', 'citation']),
      );
    }
    expect(pack.indicators).toContainEqual({
      id: 'tst-excluded',
      level: 3,
      domain: 'tst-education',
      text: 'Excluded or at risk of permanent exclusion.',
      citation: { source: 'tst-levels', section: 'Appendix 1, level 3' },
      uncertain: true,
      note: 'The source line is garbled; synthetic example.',
    });
  });

  it('prints each workflow with --workflows: steps, who asks and authorises, rules and citations', async () => {
    const r = await runBaton(['policy', 'show', 'national', '--workflows'], env);
    expect(r.code).toBe(0);
    const episode = r.out.slice(r.out.indexOf('Early help episode (early-help-episode)'));
    expect(episode).not.toBe(r.out);
    expect(episode).toMatch(/\n {2}open-episode +proposed → assessment +- +practitioner, /);
    const open = episode.slice(episode.indexOf('[open-episode, role open-episode]'));
    const block = open.slice(0, open.indexOf('\n\n'));
    expect(block.replace(/\n +/g, ' ')).toContain(
      'Must hold: Early help is agreed with the family: a parent with parental responsibility has consented (Information sharing: advice for practitioners providing safeguarding services, Seven golden rules, rule 4)',
    );
    expect(block.replace(/\n +/g, ' ')).toContain(
      'Source: Working Together to Safeguard Children 2023, Chapter 3: early help',
    );
    expect(r.out).toMatch(/Opens: .+ \(within 1 working day\)/);
  });

  it('prints the workflows as JSON with --workflows --json', async () => {
    const r = await runBaton(['policy', 'show', 'national', '--workflows', '--json'], env);
    const workflows = JSON.parse(r.out) as {
      id: string;
      steps: { id: string; role: string | null }[];
    }[];
    const episode = workflows.find((w) => w.id === 'early-help-episode');
    expect(episode?.steps.find((t) => t.id === 'review-continue-taf')?.role).toBe(
      'review-continue',
    );
  });

  it('names the loaded packs when the pack is unknown', async () => {
    const r = await runBaton(['policy', 'show', 'nowhere'], env);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      'baton: There is no policy pack "nowhere". Loaded packs: national, testshire (see `baton policy list`).\n',
    );
  });
});

describe('baton policy validate', () => {
  it('accepts a local pack on its own, finding its national base', async () => {
    const r = await runBaton(['policy', 'validate', join(TESTDATA, 'packs', 'testshire.yaml')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/testshire\.yaml: valid \(testshire 2\.0\.1, 8 indicators\)\n$/);
    expect(r.err).toBe('');
  });

  it('reports every problem in every file of a directory, by file and path', async () => {
    const r = await runBaton(['policy', 'validate', 'src/shell/cli/testdata/invalid']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    const prefix = 'src/shell/cli/testdata/invalid/';
    expect(r.err).toContain(`${prefix}testshire-broken.yaml: indicators.0.level: `);
    expect(r.err).toContain(
      `${prefix}testshire-references.yaml: indicators.0.citation: cites unknown source "tst-missing"`,
    );
    expect(r.err).toContain(
      `${prefix}testshire-references.yaml: indicators.0.domain: unknown domain "tst-nowhere"`,
    );
    expect(r.err).toMatch(new RegExp(`${prefix}testshire-syntax\\.yaml: .*line 3`));
    expect(r.err).toMatch(/\nbaton: 3 of 3 pack files are not valid\n$/);
    expect(hasStackTrace(r.err)).toBe(false);
  });

  it('validates a whole directory of valid packs', async () => {
    const r = await runBaton(['policy', 'validate', dir]);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toEqual([
      expect.stringMatching(/national\.yaml: valid \(national 1\.1\.0, 4 indicators\)$/),
      expect.stringMatching(/testshire\.yaml: valid \(testshire 2\.0\.1, 8 indicators\)$/),
    ]);
  });

  it('fails in one line for a path that does not exist', async () => {
    const r = await runBaton(['policy', 'validate', 'no-such-pack.yaml']);
    expect([r.code, r.err]).toEqual([1, 'baton: no-such-pack.yaml: no such file or directory\n']);
  });
});

describe('the pack contract at load', () => {
  const contract = 'src/shell/cli/testdata/contract/';

  it('validate names the file, the path and the missing, doubled or unknown role', async () => {
    const r = await runBaton(['policy', 'validate', contract]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain(
      `${contract}testshire-role-missing.yaml: workflows.0.transitions: missing role "open-episode": no step of "early-help-episode" has \`role: open-episode\``,
    );
    expect(r.err).toContain(
      `${contract}testshire-role-twice.yaml: workflows.0.transitions.11.role: role "review-continue" is named twice from state "taf-plan" (steps "tst-review" and "tst-review-again"); only one is allowed`,
    );
    expect(r.err).toContain(
      `${contract}testshire-role-unknown.yaml: workflows.0.transitions.10.role: unknown role "reasses" on step "tst-reassess"`,
    );
    expect(r.err).toContain(
      `${contract}testshire-role-unknown.yaml: workflows.0.transitions: missing role "reassess"`,
    );
    // A social care workflow without the role the CIN plan page reads its reviews by.
    expect(r.err).toContain(
      `${contract}testshire-cin-review-missing.yaml: workflows.0.transitions: missing role "cin-plan-review": no step of "cin-plan" has \`role: cin-plan-review\``,
    );
    // An assessment's step into early help that does not say so, so the census could not give RC9;
    // and a no further action role on a step that starts a child in need plan.
    expect(r.err).toContain(
      `${contract}testshire-census-role-missing.yaml: workflows.0.transitions.1: step "tst-early-help" leads to a final state and starts the "early-help-episode" workflow but has no \`role: assessment-to-early-help\``,
    );
    expect(r.err).toContain(
      `${contract}testshire-census-role-missing.yaml: workflows.0.transitions.0.role: role "assessment-no-further-action" is on step "tst-cin-plan", which must lead to a final state and start no further work`,
    );
    expect(r.err).toContain(`${contract}testshire-role-twice.yaml: BATON_PACK_CONTRACT: `);
    expect(r.err).toMatch(/\nbaton: 5 of 5 pack files are not valid\n$/);
    expect(hasStackTrace(r.err)).toBe(false);
  });

  it('start-up and every command refuse a pack directory holding such a pack, saying why', async () => {
    const broken = packDir(['national']);
    copyFileSync(
      join(TESTDATA, 'contract', 'testshire-role-twice.yaml'),
      join(broken, 'testshire-role-twice.yaml'),
    );
    const r = await runBaton(['policy', 'list'], { BATON_POLICY_DIR: broken });
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'baton: testshire-role-twice.yaml: workflows.0.transitions.11.role: role "review-continue" is named twice from state "taf-plan" (steps "tst-review" and "tst-review-again"); only one is allowed\n',
    );
    let error: unknown;
    try {
      loadPacks([broken]);
    } catch (e) {
      error = e;
    }
    expect(startupFailureMessage(error)).toMatch(
      /^testshire-role-twice\.yaml: workflows\.0\.transitions\.11\.role: role "review-continue" is named twice .* \[BATON_PACK_CONTRACT\]\n {2}workflows\.0\.transitions\.11\.role: /,
    );
  });
});
