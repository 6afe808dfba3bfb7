/**
 * `baton agencies add|list`, `baton users add|list|deactivate|import` against a SQLite file, as the
 * deployment's operator: an import is every row or none, a dry run adds nothing, and every bad row
 * is named by its number in the file (the header is row 1).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/index.js';
import { removeTempDirs, tempDir } from './cli-test-kit.js';
import { runCli } from './program.js';

const dir = tempDir();
const env = { BATON_SQLITE_PATH: join(dir, 'baton.sqlite') };

async function baton(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    env,
    cwd: dir,
  });
  return { code, out, err };
}

async function usernames(): Promise<string[]> {
  const handle = openDatabase({ sqlitePath: env.BATON_SQLITE_PATH });
  try {
    const rows = await handle.db
      .selectFrom('users')
      .select('username')
      .orderBy('username')
      .execute();
    return rows.map((r) => r.username);
  } finally {
    await handle.close();
  }
}

afterAll(removeTempDirs);

describe('baton agencies and baton users', () => {
  it('adds and lists agencies', async () => {
    const added = await baton([
      'agencies',
      'add',
      '--name',
      'Larkfield Academy (synthetic)',
      '--kind',
      'school',
      '--authority',
      'Eastshire',
      '--code',
      '999123',
    ]);
    expect(added.err).toBe('');
    expect(added.out).toMatch(/^added agency Larkfield Academy \(synthetic\)/);
    await baton([
      'agencies',
      'add',
      '--name',
      'Eastshire Social Care (synthetic)',
      '--kind',
      'childrens-social-care',
    ]);
    const bad = await baton(['agencies', 'add', '--name', 'X', '--kind', 'bakery']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('choose one of school');
    const list = await baton(['agencies', 'list', '--json']);
    const { agencies } = JSON.parse(list.out) as {
      agencies: { name: string; code: string | null }[];
    };
    expect(agencies.map((a) => [a.name, a.code])).toEqual([
      ['Eastshire Social Care (synthetic)', null],
      ['Larkfield Academy (synthetic)', '999123'],
    ]);
  });

  it('adds a user whose practice role waits for an administrator, lists and deactivates them', async () => {
    const added = await baton([
      'users',
      'add',
      '--username',
      'dsl-one',
      '--name',
      'Dana Lead',
      '--email',
      'dana@example.org',
      '--agency',
      'Larkfield Academy (synthetic)',
      '--roles',
      'designated-safeguarding-lead',
    ]);
    expect(added.err).toBe('');
    expect(added.out).toBe(
      'added user dsl-one; waiting for an administrator to approve: designated-safeguarding-lead\n',
    );
    const again = await baton([
      'users',
      'add',
      '--username',
      'dsl-one',
      '--name',
      'D',
      '--email',
      'd2@example.org',
      '--agency',
      'Larkfield Academy (synthetic)',
    ]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already exists');
    const list = await baton(['users', 'list']);
    expect(list.out).toMatch(
      /dsl-one\s+Dana Lead\s+dana@example.org\s+Larkfield Academy \(synthetic\)\s+designated-safeguarding-lead \(pending\)\s+active/,
    );
    const off = await baton(['users', 'deactivate', 'dana@example.org']);
    expect(off.out).toBe('deactivated dsl-one\n');
    const json = JSON.parse((await baton(['users', 'list', '--json'])).out) as {
      users: { active: boolean }[];
    };
    expect(json.users.map((u) => u.active)).toEqual([false]);
  });

  it('imports a file of users: a dry run adds nothing, and bad rows are named by number with nothing added', async () => {
    const good = join(dir, 'users.csv');
    writeFileSync(
      good,
      [
        'username,name,email,agency,team,roles',
        'sam-sw,Sam Worker,sam@example.org,Eastshire Social Care (synthetic),,social-worker',
        '"aud-1","Audrey, Auditor",audrey@example.org,Eastshire Social Care (synthetic),,auditor',
        '',
      ].join('\r\n'),
    );
    const dry = await baton(['users', 'import', good, '--dry-run']);
    expect(dry.err).toBe('');
    expect(dry.out).toContain('row 2: sam-sw (waiting for approval: social-worker)');
    expect(dry.out).toContain('row 3: aud-1\n');
    expect(dry.out).toContain('dry run: would add 2 users');
    expect(await usernames()).toEqual(['dsl-one']);

    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      [
        'username,name,email,agency,team,roles',
        'ok-user,Olive Kay,olive@example.org,Eastshire Social Care (synthetic),,',
        'no-email,Nora Mail,not-an-email,Eastshire Social Care (synthetic),,',
        'lost,Lou Lost,lou@example.org,Nowhere Agency,,',
        'dsl-two,Dee Two,DANA@example.org,Larkfield Academy (synthetic),,',
        'wizard,Will Zard,will@example.org,Larkfield Academy (synthetic),,wizard',
        'teamless,Tia Team,tia@example.org,Larkfield Academy (synthetic),Blue team,',
      ].join('\n'),
    );
    const refused = await baton(['users', 'import', bad]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('row 3, email: Enter an email address');
    expect(refused.err).toContain('row 6, roles: Unknown role wizard');
    expect(await usernames()).toEqual(['dsl-one']);
    // Rows the file alone cannot judge are checked against the database, all of them at once.
    writeFileSync(
      bad,
      [
        'username,name,email,agency,team,roles',
        'ok-user,Olive Kay,olive@example.org,Eastshire Social Care (synthetic),,',
        'lost,Lou Lost,lou@example.org,Nowhere Agency,,',
        'dsl-two,Dee Two,DANA@example.org,Larkfield Academy (synthetic),,',
        'teamless,Tia Team,tia@example.org,Larkfield Academy (synthetic),Blue team,',
        'ok-user,Olive Again,olive2@example.org,Eastshire Social Care (synthetic),,',
      ].join('\n'),
    );
    const db = await baton(['users', 'import', bad]);
    expect(db.code).toBe(1);
    expect(db.err).toContain('row 3, agency: There is no agency "Nowhere Agency"');
    expect(db.err).toContain(
      'row 4, username: A user with the username "dsl-two" or email "DANA@example.org" already exists',
    );
    expect(db.err).toContain('row 5, team: The agency has no team "Blue team"');
    expect(db.err).toContain('row 6, username:');
    expect(await usernames()).toEqual(['dsl-one']);

    const done = await baton(['users', 'import', good]);
    expect(done.out).toContain(
      'added 2 users; 1 with roles an administrator must approve in Baton',
    );
    expect(await usernames()).toEqual(['aud-1', 'dsl-one', 'sam-sw']);
  });

  it('refuses a header without the columns it needs', async () => {
    const file = join(dir, 'short.csv');
    writeFileSync(file, 'username,email\nx,x@example.org\n');
    const r = await baton(['users', 'import', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('row 1: The header needs the columns');
    expect(r.err).toContain('missing: name, agency, team, roles');
  });
});
