/**
 * Serving and loading: start a server (built dist) in a child process so that autocannon's load
 * generation does not share its event loop, sign a demo user in, and load a list of paths.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { freePort } from './free-port.js';
import { ROOT_DIR } from '../shell/server/views.js';

export const BENCH_PASSWORD = 'baton-bench-2026';
export const CONNECTIONS = 64;

export interface Served {
  base: string;
  stop(): Promise<void>;
}

// The server process behind each base URL, so that a load can read the CPU it used.
const serverPids = new Map<string, number>();

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux; USER_HZ is 100 on
 * every Linux Node supports). null where /proc is not available.
 */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state, field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / 100 : null;
  } catch {
    return null;
  }
}

/** How long a server may take to answer /health: long enough for a loaded two-core machine. */
export const SERVE_TIMEOUT_MS = 180_000;

/** Spawn `dist/<script>` with `env` on `port` (a free one by default) and wait for GET /health. */
export async function serve(
  script: string,
  requestedPort: number | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Served> {
  const port = requestedPort ?? (await freePort());
  const child: ChildProcess = spawn(process.execPath, [join(ROOT_DIR, 'dist', script)], {
    env: {
      ...env,
      PORT: String(port),
      BATON_LOG_LEVEL: 'silent',
      BATON_DEMO_PASSWORD: BENCH_PASSWORD,
      BATON_SIGN_IN_LIMIT: '100000',
      BATON_COOKIE_SECRET: 'bench-cookie-secret-0123456789abcdef0123',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${String(port)}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${String(child.exitCode)}`);
    try {
      if ((await fetch(`${base}/health`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > SERVE_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(
        `${script} did not answer GET ${base}/health within ${String(SERVE_TIMEOUT_MS / 1000)} s (waiting for it to start listening; load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')})`,
      );
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  if (child.pid !== undefined) serverPids.set(base, child.pid);
  return {
    base,
    stop: async () => {
      serverPids.delete(base);
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Sign a demo user in; returns the Cookie header for later requests. */
export async function signIn(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed (${String(res.status)})`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('baton_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0] ?? '';
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p97_5Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  /**
   * The server's CPU time per answered request (user + system, all its threads), in ms: what a
   * request costs whatever else the machine is doing. null when it could not be read.
   */
  serverCpuMsPerRequest: number | null;
}

/**
 * Load `paths` in turn with 64 connections for `seconds`, after a warm-up that is not counted
 * (a fifth of the time, at most 2 s): without it the first second's cold start (JIT, statement
 * preparation, the database's page cache) is most of a short run's p99.
 */
export async function load(
  base: string,
  paths: readonly string[],
  seconds: number,
  cookie?: string,
): Promise<LoadResult> {
  if (paths.length === 0) throw new Error('nothing to load');
  let i = 0;
  const run = (duration: number) =>
    autocannon({
      url: base,
      connections: CONNECTIONS,
      duration,
      ...(cookie ? { headers: { cookie } } : {}),
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] ?? '/' }),
        },
      ],
    });
  await run(Math.min(2, Math.max(0.5, seconds / 5)));
  const pid = serverPids.get(base);
  const cpuBefore = pid === undefined ? null : processCpuSeconds(pid);
  const result = await run(seconds);
  const cpuAfter = pid === undefined ? null : processCpuSeconds(pid);
  return {
    serverCpuMsPerRequest:
      cpuBefore === null || cpuAfter === null || result.requests.total === 0
        ? null
        : Math.round(((cpuAfter - cpuBefore) * 1000 * 100) / result.requests.total) / 100,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p97_5Ms: result.latency.p97_5,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
