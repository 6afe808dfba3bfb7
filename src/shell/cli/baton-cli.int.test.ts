/**
 * The built `baton` command as a user runs it: a child process, its exit code and its streams.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThresholdResult } from '../../core/threshold/index.js';
import {
  hasStackTrace,
  packDir,
  removeTempDirs,
  REPO_ROOT,
  TESTDATA,
  type CliRun,
} from './cli-test-kit.js';

const MAIN = join(REPO_ROOT, 'dist', 'shell', 'cli', 'main.js');
let dir: string;

/** Newest modification time of the compiled sources under `path`. */
function newestSource(path: string): number {
  return readdirSync(path, { withFileTypes: true }).reduce((newest, entry) => {
    const full = join(path, entry.name);
    if (entry.isDirectory()) return Math.max(newest, newestSource(full));
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) return newest;
    return Math.max(newest, statSync(full).mtimeMs);
  }, 0);
}

beforeAll(() => {
  if (!existsSync(MAIN) || statSync(MAIN).mtimeMs < newestSource(join(REPO_ROOT, 'src'))) {
    // tsc still emits when another module has a type error, so its exit status is not checked
    // here: the tests below say whether the CLI itself works.
    spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'ignore' });
  }
  dir = packDir(['national', 'testshire']);
});

afterAll(removeTempDirs);

function baton(...args: string[]): CliRun {
  const r = spawnSync(process.execPath, ['bin/baton.js', '--policy-dir', dir, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, BATON_POLICY_DIR: '' },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('baton (built, as a child process)', () => {
  it('lists the packs', () => {
    const r = baton('policy', 'list');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ID\s+AUTHORITY\s+VERSION\s+EFFECTIVE FROM\s+BASE\s+INDICATORS\n/);
    expect(r.out).toMatch(/\ntestshire\s+Testshire Council \(fictional\)\s+2\.0\.1/);
  });

  it('keeps the show --json contract: a flat list of indicators', () => {
    const r = baton('policy', 'show', 'national', '--json');
    expect(r.code).toBe(0);
    const pack = JSON.parse(r.out) as { indicators: Record<string, unknown>[] };
    expect(pack.indicators.length).toBeGreaterThan(0);
    for (const indicator of pack.indicators) {
      expect(indicator).toEqual(
        expect.objectContaining({
          id: expect.any(String) as unknown,
          level: expect.any(Number) as unknown,
          domain: expect.any(String) as unknown,
          text: expect.any(String) as unknown,
          citation: expect.objectContaining({ source: expect.any(String) as unknown }) as unknown,
        }),
      );
    }
  });

  it('validates a good pack with exit 0 and a bad one with exit 1, naming file and path', () => {
    const good = baton('policy', 'validate', join(TESTDATA, 'packs', 'testshire.yaml'));
    expect([good.code, good.err]).toEqual([0, '']);
    const bad = baton(
      'policy',
      'validate',
      'src/shell/cli/testdata/invalid/testshire-references.yaml',
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(
      'src/shell/cli/testdata/invalid/testshire-references.yaml: indicators.0.domain: unknown domain',
    );
    expect(bad.err).toMatch(/\nbaton: 1 of 1 pack file is not valid\n$/);
    expect(hasStackTrace(bad.err)).toBe(false);
  });

  it('prints the threshold result as JSON, with 999 first in immediate danger', () => {
    const r = baton(
      'threshold',
      '--pack',
      'testshire',
      '--indicator',
      'tst-poor-attendance',
      '--immediate-danger',
      '--json',
    );
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out) as ThresholdResult;
    expect(result.suggestedLevel).toBe(4);
    expect(result.reasons.map((x) => x.indicatorId)).toEqual(['tst-poor-attendance']);
    expect(result.nextSteps[0]?.contact?.phones[0]?.number).toBe('999');
  });

  it('exits 1 with the closest ids for an unknown indicator', () => {
    const r = baton('threshold', '--pack', 'national', '--indicator', 'national-s47-harm');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^baton: .*did you mean national-s47-significant-harm/);
  });

  it('exits 1 for an unknown pack', () => {
    const r = baton('threshold', '--pack', 'nowhere');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^baton: There is no policy pack "nowhere"/);
  });

  it.each([
    [['threshold']],
    [['policy', 'show']],
    [['threshold', '--pack', 'national', '--open-to', 'school']],
    [['no-such-command']],
  ])('exits 1 on a usage error (%j) with one line and no stack trace', (args) => {
    const r = baton(...args);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^baton: [^\n]+\n$/);
    expect(hasStackTrace(r.err)).toBe(false);
  });

  it('never shows a stack trace when a pack in the directory is broken', () => {
    const r = spawnSync(process.execPath, ['bin/baton.js', 'policy', 'list'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, BATON_POLICY_DIR: join(TESTDATA, 'invalid') },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^baton: testshire-[a-z]+\.yaml: [^\n]+\n$/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
