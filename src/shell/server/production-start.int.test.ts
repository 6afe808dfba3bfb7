/**
 * docs/deployment.md, tested: the built Baton started in production mode from a clean directory
 * (no demo data, secure cookies, a fixed cookie secret), the first administrator created with
 * `baton admin create --password-stdin`, then signed in over HTTP; SIGTERM stops it cleanly.
 * Runs the built server and command (`npm test` builds them first).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { requireBuiltServer, SERVER_MAIN } from '../reliability/server-process.js';

const CLI_MAIN = fileURLToPath(new URL('../../../dist/shell/cli/main.js', import.meta.url));
const POLICY_DIR = fileURLToPath(new URL('../../../policy-packs', import.meta.url));
const PASSWORD = 'plum orbit lantern seventeen';

const dir = mkdtempSync(join(tmpdir(), 'baton-production-'));
const env = {
  PATH: process.env.PATH ?? '',
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: '0',
  BATON_DEMO_DATA: 'false',
  BATON_COOKIE_SECURE: 'true',
  BATON_COOKIE_SECRET: randomBytes(32).toString('hex'),
  BATON_SQLITE_PATH: join(dir, 'data', 'baton.sqlite'),
  BATON_POLICY_DIR: POLICY_DIR,
  BATON_CACHE_DIR: join(dir, 'data', 'cache'),
  BATON_LOG_LEVEL: 'warn',
};

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Run the built `baton` command in the clean directory. */
function baton(args: string[], stdin: string) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], { cwd: dir, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += String(c)));
    child.stderr.on('data', (c) => (err += String(c)));
    child.on('exit', (code) => {
      resolve({ code, out, err });
    });
    child.stdin.end(stdin);
  });
}

describe('a production deployment from a clean directory', () => {
  it('starts with no demo data, takes its first administrator from the command line, signs them in and stops cleanly', async () => {
    requireBuiltServer();
    expect(readdirSync(dir)).toEqual([]);
    const server = spawn(process.execPath, [SERVER_MAIN], { cwd: dir, env });
    let output = '';
    server.stdout.on('data', (c) => (output += String(c)));
    server.stderr.on('data', (c) => (output += String(c)));
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`no start within 120 s:\n${output}`));
        }, 120_000);
        server.stdout.on('data', () => {
          const m = /Baton is running at (http:\/\/\S+) /.exec(output);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(m[1].replace('localhost', '127.0.0.1'));
          }
        });
      });
      expect(output).not.toContain('Demo data');
      const ready = await fetch(`${url}/health/ready`);
      expect(await ready.json()).toEqual({
        status: 'ready',
        checks: { database: 'ok', migrations: 'ok', packs: 'ok' },
      });
      // Nobody can sign in yet: there are no users at all.
      const nobody = await fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'baton-demo-2026' }),
      });
      expect(nobody.status).toBe(401);

      const created = await baton(
        [
          'admin',
          'create',
          '--username',
          'first-admin',
          '--email',
          'first.admin@example.org',
          '--agency',
          'Eastshire County Council (synthetic)',
          '--password-stdin',
        ],
        `${PASSWORD}\n`,
      );
      expect(created.err).toBe('');
      expect(created).toMatchObject({ code: 0 });
      expect(created.out).toBe('created administrator first-admin; the password is set\n');

      const signIn = await fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'first-admin', password: PASSWORD }),
      });
      expect(signIn.status).toBe(200);
      const setCookie = signIn.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/baton_session=[^;]+;.*Secure/);
      const cookie = setCookie.split(';')[0] ?? '';
      const users = await fetch(`${url}/api/admin/users`, { headers: { cookie } });
      expect(users.status).toBe(200);
      const body = (await users.json()) as { users: { username: string; roles: string[] }[] };
      expect(body.users.map((u) => [u.username, u.roles])).toEqual([
        ['first-admin', ['administrator']],
      ]);
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('Baton is stopping (SIGTERM)');
  });
});
