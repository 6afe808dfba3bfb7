/**
 * Start-to-first-request: spawn `node dist/shell/server/main.js` on an already migrated and
 * seeded SQLite database and time until GET /health answers 200.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_DIR } from '../shell/server/views.js';
import { freePort } from './free-port.js';

/** A first start migrates and seeds: on a loaded two-core machine that can take minutes. */
const STARTUP_TIMEOUT_MS = 180_000;

async function startOnce(env: NodeJS.ProcessEnv, port: number, what: string): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(ROOT_DIR, 'dist/shell/server/main.js')], {
    env,
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${String(child.exitCode)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        if (res.status === 200) return Number(process.hrtime.bigint() - started) / 1e6;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 5));
      if (Number(process.hrtime.bigint() - started) > STARTUP_TIMEOUT_MS * 1e6)
        throw new Error(
          `the server did not answer GET http://127.0.0.1:${String(port)}/health within ${String(STARTUP_TIMEOUT_MS / 1000)} s (${what}; load average ${loadavg()
            .map((l) => l.toFixed(1))
            .join(' ')})`,
        );
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export interface StartupResult {
  runs: number[];
  medianMs: number;
}

/** Median of `runs` starts (the first start, which migrates and seeds, is not counted). */
export async function measureStartup(runs = 5, requestedPort?: number): Promise<StartupResult> {
  const port = requestedPort ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    BATON_SQLITE_PATH: join(dir, 'bench.sqlite'),
    BATON_LOG_LEVEL: 'silent',
  };
  delete env.DATABASE_URL;
  try {
    await startOnce(env, port, 'the first start, which migrates and seeds');
    const times: number[] = [];
    for (let i = 0; i < runs; i++)
      times.push(await startOnce(env, port, `start ${String(i + 1)} of ${String(runs)}`));
    const sorted = [...times].sort((a, b) => a - b);
    return { runs: times, medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
