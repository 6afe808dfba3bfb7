/**
 * The real Baton server as a child process (`node dist/shell/server/main.js`), for the crash
 * test: start it on a given database, talk to it over HTTP, and end it with SIGKILL, the way a
 * power cut or the out-of-memory killer would, so that nothing gets the chance to flush or close.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The compiled server entry point; `npm test` builds it before the tests run. */
export const SERVER_MAIN = fileURLToPath(
  new URL('../../../dist/shell/server/main.js', import.meta.url),
);
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Throw a clear message when the server has not been built. */
export function requireBuiltServer(): void {
  if (!existsSync(SERVER_MAIN))
    throw new Error(
      `${SERVER_MAIN} is missing: the crash test runs the built server. Run \`npm run build\` first (\`npm test\` does).`,
    );
}

export interface ServerProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  pid: number;
  /** Milliseconds from spawn to the first answered GET /health. */
  startMs: number;
  /** SIGKILL, then wait for the process to be gone. */
  kill9(): Promise<void>;
  /** SIGTERM (a clean stop), then wait. */
  stop(): Promise<void>;
}

/** Start the built server with these environment variables; resolves once /health answers. */
export async function startServerProcess(
  env: Record<string, string>,
  // The first start migrates and seeds; on a loaded two-core machine that can take minutes.
  timeoutMs = 180_000,
): Promise<ServerProcess> {
  requireBuiltServer();
  const began = performance.now();
  const child = spawn(process.execPath, [SERVER_MAIN], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(
          `the server did not print "Baton is running at …" within ${String(timeoutMs)} ms (waiting for migrations, demo data and listen):\n${output}`,
        ),
      );
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /Baton is running at http:\/\/[^:\s]+:(\d+)/.exec(output)?.[1];
      if (port !== undefined) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`the server exited (${String(code ?? signal)}) before it started:\n${output}`),
      );
    });
  });
  const health = await fetch(`${url}/health`);
  if (health.status !== 200) throw new Error(`GET /health answered ${String(health.status)}`);
  const startMs = performance.now() - began;
  const pid = child.pid ?? -1;
  return {
    url,
    pid,
    startMs,
    kill9: () => end(child, 'SIGKILL', exited),
    stop: () => end(child, 'SIGTERM', exited),
  };
}

async function end(child: ChildProcess, signal: NodeJS.Signals, exited: Promise<void>) {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  await exited;
}

/** An answer from the API: status and parsed JSON body (undefined when not JSON). */
export interface HttpReply {
  status: number;
  body: unknown;
}

/** Call the JSON API over HTTP with a session cookie. Rejects when the connection fails. */
export async function httpCall(
  url: string,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  path: string,
  options: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpReply> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.cookie !== undefined ? { cookie: options.cookie } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body };
}

/** Sign in through the API; the session cookie's `name=value`. */
export async function httpSignIn(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('baton_session='));
  if (res.status !== 200 || cookie === undefined)
    throw new Error(`sign-in as ${username} failed: ${String(res.status)} ${await res.text()}`);
  return cookie;
}
