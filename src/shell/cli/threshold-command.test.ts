import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThresholdResult } from '../../core/threshold/index.js';
import { hasStackTrace, packDir, runBaton, removeTempDirs } from './cli-test-kit.js';

let env: Record<string, string>;

beforeAll(() => {
  env = { BATON_POLICY_DIR: packDir(['national', 'testshire']) };
});

afterAll(removeTempDirs);

async function thresholdJson(args: readonly string[]): Promise<ThresholdResult> {
  const r = await runBaton(['threshold', ...args, '--json'], env);
  expect([r.code, r.err]).toEqual([0, '']);
  return JSON.parse(r.out) as ThresholdResult;
}

describe('baton threshold --json', () => {
  it('prints the ThresholdResult: suggested level, reasons and next steps', async () => {
    const r = await thresholdJson([
      '--pack',
      'testshire',
      '--indicator',
      'tst-untreated-condition',
      'tst-excluded',
      '--indicator',
      'tst-poor-attendance',
    ]);
    expect(r.suggestedLevel).toBe(3);
    expect(r.state).toEqual({ id: 'tst-more-help', name: 'More help' });
    expect(r.reasons.map((x) => x.indicatorId)).toEqual([
      'tst-untreated-condition',
      'tst-excluded',
      'tst-poor-attendance',
    ]);
    expect(r.accumulation).toMatchObject({ count: 2, raisedLevel: false });
    expect(r.nextSteps.map((s) => s.id)).toEqual(['tst-start-eha']);
    expect([r.packId, r.packVersion, r.basePack]).toEqual([
      'testshire',
      '2.0.1',
      { id: 'national', version: '1.1.0' },
    ]);
  });

  it('accepts ids separated by commas', async () => {
    const r = await thresholdJson([
      '--pack',
      'testshire',
      '--indicator',
      'tst-poor-attendance,tst-missed-appointments',
    ]);
    expect(r.reasons).toHaveLength(2);
  });

  it('puts 999 first when the child is in immediate danger', async () => {
    const r = await thresholdJson(['--pack', 'testshire', '--immediate-danger']);
    expect(r.suggestedLevel).toBe(4);
    expect(r.nextSteps[0]?.contact?.phones.map((p) => p.number)).toEqual(['999']);
    expect(r.nextSteps.map((s) => s.id)).toEqual([
      'call-999',
      'tst-then-phone-front-door',
      'tst-phone-front-door',
    ]);
  });

  it('passes age, disability and open cases to the check', async () => {
    const r = await thresholdJson([
      '--pack',
      'national',
      '--age',
      '19',
      '--open-to',
      'social-care',
    ]);
    expect(r.warnings.join(' ')).toMatch(/not a child/);
    expect(r.nextSteps.map((s) => s.kind)).toEqual(['not-a-child', 'open-case']);
    const disabled = await thresholdJson(['--pack', 'national', '--age', '17', '--disabled']);
    expect(disabled.warnings).toEqual([]);
  });
});

describe('baton threshold', () => {
  it('shows the suggestion, reasons with citations, next steps with numbers and consent', async () => {
    const r = await runBaton(
      [
        'threshold',
        '--pack',
        'testshire',
        '--indicator',
        'tst-untreated-condition',
        'tst-excluded',
      ],
      env,
    );
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Suggested level 3: Complex (state: More help)');
    expect(r.out).toContain('Level 3: A health condition left untreated.');
    expect(r.out).toContain('Source: Testshire Levels of Need, Appendix 1, level 3');
    expect(r.out).toContain('Uncertain wording: check it in the source.');
    expect(r.out).toContain('2 indicators at one level. Several indicators at one level');
    expect(r.out).toMatch(/Why not higher: Level 4 \(Specialist\)/);
    expect(r.out).toMatch(/Why not lower: These indicators are at level 3/);
    expect(r.out).toContain('1. Start an early help assessment');
    expect(r.out).toContain('Testshire Early Help Hub: 01632 960002');
    expect(r.out).toMatch(/Consent\n {2}- Talk to the family first/);
    expect(r.out).toContain('Policy pack: testshire 2.0.1, extending national 1.1.0');
  });

  it('lists 999 as the first next step in immediate danger', async () => {
    const r = await runBaton(['threshold', '--pack', 'national', '--immediate-danger'], env);
    expect(r.out).toMatch(
      /Next steps\n {2}1\. If the child is in immediate danger, call 999 now\.\n.*: 999\n/,
    );
  });

  it('says level 1 plainly when no indicator is chosen', async () => {
    const r = await runBaton(['threshold', '--pack', 'national'], env);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Suggested level 1: Universal\nNo indicators were chosen/);
  });

  it('names the closest valid ids for an unknown indicator', async () => {
    const r = await runBaton(
      ['threshold', '--pack', 'testshire', '--indicator', 'tst-exclude', 'tst-poor-attendence'],
      env,
    );
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toHaveLength(2);
    expect(r.err).toMatch(
      /^baton: Unknown indicators for pack "testshire": "tst-exclude" \(did you mean tst-excluded,/,
    );
    expect(r.err).toMatch(/"tst-poor-attendence" \(did you mean tst-poor-attendance,/);
  });

  it('fails plainly for an unknown pack', async () => {
    const r = await runBaton(['threshold', '--pack', 'nowhere', '--indicator', 'x'], env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^baton: There is no policy pack "nowhere"/);
  });

  it.each([
    [['threshold', '--indicator', 'x'], "required option '--pack <id>' not specified"],
    [['threshold', '--pack', 'national', '--open-to', 'school'], 'Allowed choices are none'],
    [['threshold', '--pack', 'national', '--age', 'ten'], 'Give the age in whole years'],
    [['threshold', '--pack', 'national', '--colour'], "unknown option '--colour'"],
    [['treshold'], "unknown command 'treshold' (Did you mean threshold?)"],
  ])('treats %j as a usage error: exit 1 and one line', async (args, message) => {
    const r = await runBaton(args, env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^baton: [^\n]+\n$/);
    expect(r.err).toContain(message);
    expect(hasStackTrace(r.err)).toBe(false);
  });

  it('prints help on stdout and exits 0 for --help', async () => {
    const r = await runBaton(['threshold', '--help'], env);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--immediate-danger');
  });
});
