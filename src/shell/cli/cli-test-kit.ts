/**
 * Shared set-up for the CLI tests: a pack directory holding the shipped national pack and the
 * fictional Testshire pack (never the local packs, which change independently), and a way to
 * run the CLI in-process with its output captured.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './program.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const TESTDATA = fileURLToPath(new URL('../../../src/shell/cli/testdata/', import.meta.url));

/** A fresh directory with copies of the given packs: `national` from policy-packs/, others from testdata/packs/. */
export function packDir(ids: readonly string[]): string {
  const dir = tempDir();
  for (const id of ids) {
    const from =
      id === 'national'
        ? join(REPO_ROOT, 'policy-packs', 'national.yaml')
        : join(TESTDATA, 'packs', `${id}.yaml`);
    copyFileSync(from, join(dir, `${id}.yaml`));
  }
  return dir;
}

const created: string[] = [];

/** A fresh empty directory, removed by `removeTempDirs`. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'baton-cli-'));
  created.push(dir);
  return dir;
}

/** Remove every directory made by `tempDir` and `packDir` (call from `afterAll`). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Run `baton <args>` in-process from the repository root. */
export async function runBaton(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    env,
    cwd: REPO_ROOT,
  });
  return { code, out, err };
}

/** True when text looks like a stack trace ("    at fn (file:line:col)"). */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[(:]\d+/m.test(text) || text.includes('node:internal');
}
