/**
 * kill -9 during every multi-write use-case leaves the whole change or none of it (issue 13
 * finding 10). Each round starts the built server, prepares two instances of each use-case
 * (open an early help episode, record a review, request a step-down transfer, decide one, merge
 * two people, make a contact with its people), fingerprints what each could touch, fires all
 * twelve at once, kills the server at a random moment, and judges every instance after the crash
 * (see crash-use-cases.ts): an instance whose answer came must be whole; one in flight must be
 * whole or none; nothing may be half-made. The database must pass its integrity check.
 * SQLite and PostgreSQL; BATON_CRASH_SEED repeats a run's kill moments.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Actor } from '../../core/access/index.js';
import { openDatabase, type Database } from '../db/index.js';
import { loadPacks } from '../policy/pack-files.js';
import { startWork } from '../repositories/index.js';
import { addInvolvement } from '../repositories/child-access.js';
import { insertPerson } from '../repositories/people-repository.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-databases.js';
import {
  postgresIntegrityProblems,
  seededRandom,
  sqliteIntegrityProblems,
} from './crash-harness.js';
import { fingerprint, judge, type Fingerprint, type UseCaseKind } from './crash-use-cases.js';
import { contactBody } from './crash-workload.js';
import {
  httpCall,
  httpSignIn,
  requireBuiltServer,
  startServerProcess,
  type HttpReply,
} from './server-process.js';

const dialects = await testDialects();
const PASSWORD = 'crash-test-password';
const SEED = Number(process.env.BATON_CRASH_SEED ?? Date.now() % 1_000_000);
// Few rounds, to keep the file near a minute on a loaded two-core machine; each round has twelve
// writes in flight. BATON_CRASH_ROUNDS runs more.
const extra = Number(process.env.BATON_CRASH_ROUNDS ?? 0);
const ROUNDS = { sqlite: Math.max(2, extra), postgres: Math.max(1, extra) } as const;
const PER_KIND = 2;
const USERS = [
  'practitioner',
  'lead-professional',
  'social-worker',
  'eh-manager',
  'team-manager',
] as const;
type User = (typeof USERS)[number];

interface Instance {
  kind: UseCaseKind;
  people: string[];
  contactMarker?: string;
  fire: () => Promise<HttpReply>;
  before?: Fingerprint;
  answer?: number;
}

const idOf = (r: HttpReply): string => z.object({ id: z.string() }).parse(r.body).id;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(dialects)('kill -9 during multi-write use-cases on %s', (dialect) => {
  const dirs: string[] = [];
  let pg: TestDatabase | undefined;
  afterAll(async () => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await pg?.drop();
  });

  it(`leaves every use-case whole or not at all through ${String(ROUNDS[dialect])} kills`, async () => {
    requireBuiltServer();
    const random = seededRandom(SEED);
    let env: Record<string, string>;
    let open: () => Kysely<Database>;
    let close: (db: Kysely<Database>) => Promise<void>;
    let integrity: (db: Kysely<Database>) => Promise<string[]>;
    const base = {
      BATON_DEMO_PASSWORD: PASSWORD,
      BATON_LOG_LEVEL: 'silent',
      BATON_SIGN_IN_LIMIT: '1000',
      BATON_PACK: 'stockport',
    };
    if (dialect === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'baton-crash-uc-'));
      dirs.push(dir);
      const sqlitePath = join(dir, 'baton.sqlite');
      env = { ...base, BATON_SQLITE_PATH: sqlitePath };
      open = () => openDatabase({ sqlitePath }).db;
      close = (db) => db.destroy();
      integrity = sqliteIntegrityProblems;
    } else {
      pg = await createTestDatabase('postgres');
      const handle = pg;
      env = { ...base, DATABASE_URL: handle.url ?? '' };
      open = () => handle.db;
      close = () => Promise.resolve();
      integrity = postgresIntegrityProblems;
    }

    const cookies = new Map<User, string>();
    const failures: string[] = [];
    const tally = { whole: 0, none: 0, answered: 0, inFlight: 0 };
    const perKind = new Map<UseCaseKind, { whole: number; none: number }>();
    const packs = loadPacks();
    const pack = packs.get('stockport');
    if (!pack) throw new Error('the stockport pack is not loaded');
    let n = 0;

    for (let round = 1; round <= ROUNDS[dialect]; round++) {
      const server = await startServerProcess(env);
      const call = async (
        who: User,
        method: 'GET' | 'POST' | 'PUT',
        path: string,
        body?: unknown,
      ) =>
        httpCall(server.url, method, path, {
          cookie: cookies.get(who) ?? '',
          ...(body !== undefined ? { body } : {}),
        });
      const must = async (
        who: User,
        method: 'POST' | 'PUT',
        path: string,
        body: unknown,
        status: number,
      ) => {
        const r = await call(who, method, path, body);
        if (r.status !== status)
          throw new Error(
            `setup ${method} ${path} as ${who}: ${String(r.status)} ${JSON.stringify(r.body)}`,
          );
        return r;
      };
      const instances: Instance[] = [];
      try {
        if (round === 1)
          for (const u of USERS) cookies.set(u, await httpSignIn(server.url, u, PASSWORD));
        const today = new Date().toISOString().slice(0, 10);

        const childWithMother = async (who: User) => {
          n++;
          const childId = idOf(
            await must(
              who,
              'POST',
              '/api/people',
              {
                kind: 'child',
                givenName: `Crashcase${String(n)}`,
                familyName: 'Wholeornone-Example',
                dateOfBirth: '2014-04-04',
              },
              201,
            ),
          );
          const rel = await must(
            who,
            'POST',
            `/api/people/${childId}/relationships`,
            {
              person: {
                kind: 'adult',
                givenName: `Mum${String(n)}`,
                familyName: 'Wholeornone-Example',
              },
              relationship: 'mother',
              parentalResponsibility: true,
              livesWithChild: true,
            },
            201,
          );
          const motherId =
            z.object({ relationships: z.array(z.object({ personId: z.string() })) }).parse(rel.body)
              .relationships[0]?.personId ?? '';
          return { childId, motherId };
        };
        const leadId = await (async () => {
          const db = open();
          try {
            const u = await db
              .selectFrom('users')
              .select('id')
              .where('username', '=', 'lead-professional')
              .executeTakeFirstOrThrow();
            return u.id;
          } finally {
            await close(db);
          }
        })();
        const openBody = (motherId: string) => ({
          consent: {
            decision: 'given',
            givenBy: 'parent-with-pr',
            givenByName: 'Mum (demo)',
            givenByPersonId: motherId,
            method: 'written',
          },
          leadProfessional: { userId: leadId, agreedWithFamily: true },
        });

        /** A Stockport CIN plan led by the social worker, the step-down TAC meeting held. */
        const cinPlans = async (
          count: number,
        ): Promise<{ childId: string; workItemId: string }[]> => {
          const db = open();
          const made: { childId: string; workItemId: string }[] = [];
          try {
            const row = await db
              .selectFrom('users')
              .innerJoin('agencies', 'agencies.id', 'users.agency_id')
              .select(['users.id', 'users.display_name', 'users.agency_id', 'agencies.kind'])
              .where('users.username', '=', 'social-worker')
              .executeTakeFirstOrThrow();
            const sw: Actor = {
              userId: row.id,
              username: 'social-worker',
              displayName: row.display_name,
              agencyId: row.agency_id,
              agencyKind: row.kind as Actor['agencyKind'],
              roles: (
                await db
                  .selectFrom('user_roles')
                  .select('role')
                  .where('user_id', '=', row.id)
                  .execute()
              ).map((r) => r.role as Actor['roles'][number]),
            };
            const now = new Date().toISOString();
            const ctx = { actor: sw, requestId: 'crash-fixture', remoteAddress: null, now };
            for (let i = 0; i < count; i++) {
              n++;
              const childId = await insertPerson(db, ctx, {
                kind: 'child',
                givenName: `Stepdown${String(n)}`,
                familyName: 'Wholeornone-Example',
                dateOfBirth: '2011-05-01',
              });
              await addInvolvement(db, {
                childId,
                agencyId: sw.agencyId,
                userId: sw.userId,
                role: 'allocated-worker',
                from: today,
                now,
              });
              const workItemId = await startWork(db, ctx, {
                pack,
                workflowId: 'cin-plan',
                subjectType: 'child',
                subjectId: childId,
                childIds: [childId],
                level: 4,
                ownerAgencyId: sw.agencyId,
                leadProfessional: {
                  name: sw.displayName,
                  agency: 'Social care',
                  userId: sw.userId,
                },
              });
              await db
                .updateTable('work_items')
                .set({ events: JSON.stringify([{ id: 'step-down-tac-meeting', on: today }]) })
                .where('id', '=', workItemId)
                .execute();
              made.push({ childId, workItemId });
            }
          } finally {
            await close(db);
          }
          for (const m of made)
            await must(
              'social-worker',
              'POST',
              `/api/children/${m.childId}/consents`,
              {
                purpose: 'step-down-transfer',
                decision: 'given',
                givenByKind: 'young-person',
                method: 'verbal',
                recordedOn: today,
              },
              201,
            );
          return made;
        };
        const transferBody = {
          transitionId: 'request-step-down-transfer',
          payload: {
            stepDownPlan: 'TAF plan led by the early help service.',
            ifConcernsRise: 'Call the MASSH.',
            stepDownMeetingMinutes: 'Minutes of the step-down TAC meeting.',
            closureSummary: 'Risks reduced and sustained.',
            leadProfessionalName: 'Lee Leadprof (demo)',
            leadProfessionalAgency: 'Early help',
          },
        };

        for (let i = 0; i < PER_KIND; i++) {
          // Open an early help episode.
          const o = await childWithMother('practitioner');
          instances.push({
            kind: 'open-episode',
            people: [o.childId],
            fire: () =>
              call(
                'practitioner',
                'POST',
                `/api/children/${o.childId}/early-help-episodes`,
                openBody(o.motherId),
              ),
          });
          // Record a review of a TAF plan.
          const r = await childWithMother('practitioner');
          const opened = await must(
            'practitioner',
            'POST',
            `/api/children/${r.childId}/early-help-episodes`,
            openBody(r.motherId),
            201,
          );
          const episodeId = z.object({ episode: z.object({ id: z.string() }) }).parse(opened.body)
            .episode.id;
          const eha = `/api/early-help-episodes/${episodeId}/assessment`;
          const draft = await must(
            'lead-professional',
            'PUT',
            eha,
            {
              family: 'Mother and child.',
              childVoice: '"I like football."',
              strengths: 'Close family.',
              needs: 'Routines.',
              version: 0,
            },
            200,
          );
          await must(
            'lead-professional',
            'POST',
            `${eha}/complete`,
            { planLevel: 3, version: z.object({ version: z.number() }).parse(draft.body).version },
            200,
          );
          instances.push({
            kind: 'record-review',
            people: [r.childId],
            fire: () =>
              call('lead-professional', 'POST', `/api/early-help-episodes/${episodeId}/reviews`, {
                reviewDate: today,
                outcome: 'positive-change',
                decision: 'continue',
                summary: 'Mornings are calmer; attendance is up.',
                broughtForwardReason: 'The family asked to meet sooner.',
              }),
          });
          // Merge a duplicate (with its mother) into the record kept.
          const kept = await childWithMother('team-manager');
          const dup = await childWithMother('team-manager');
          instances.push({
            kind: 'merge',
            people: [kept.childId, dup.childId],
            fire: () =>
              call('team-manager', 'POST', '/api/people/merges', {
                keptId: kept.childId,
                mergedId: dup.childId,
                reason: 'The same child entered twice by the front door.',
              }),
          });
          // A contact with its people.
          n++;
          const marker = `Crash test contact ${String(100_000 + n)}:`;
          const body = contactBody(100_000 + n);
          instances.push({
            kind: 'contact',
            people: [],
            contactMarker: marker,
            fire: () => call('practitioner', 'POST', '/api/contacts', body),
          });
        }
        // Step-down transfer: requests, and decisions on requests already made.
        const plans = await cinPlans(PER_KIND * 2);
        for (const [i, p] of plans.entries()) {
          if (i < PER_KIND) {
            instances.push({
              kind: 'transfer-request',
              people: [p.childId],
              fire: () =>
                call(
                  'social-worker',
                  'POST',
                  `/api/work-items/${p.workItemId}/transitions`,
                  transferBody,
                ),
            });
          } else {
            const asked = await must(
              'social-worker',
              'POST',
              `/api/work-items/${p.workItemId}/transitions`,
              transferBody,
              202,
            );
            const requestId = z
              .object({ transitionRecordId: z.string() })
              .parse(asked.body).transitionRecordId;
            instances.push({
              kind: 'transfer-decision',
              people: [p.childId],
              fire: () =>
                call('eh-manager', 'POST', `/api/tray/${requestId}/decision`, {
                  decision: 'authorise',
                }),
            });
          }
        }

        // Fingerprint, fire everything at once, kill at a random moment.
        const db = open();
        try {
          for (const x of instances) x.before = await fingerprint(db, x.people, x.contactMarker);
        } finally {
          await close(db);
        }
        const fired = instances.map((x) =>
          x.fire().then(
            (r) => {
              x.answer = r.status;
            },
            () => undefined,
          ),
        );
        // The kill falls at a random moment once answers are coming (so some are whole).
        const firstBy = performance.now() + 20_000;
        while (!instances.some((x) => x.answer !== undefined) && performance.now() < firstBy)
          await delay(2);
        await delay(random() * 250);
        await server.kill9();
        await Promise.all(fired);
      } catch (e) {
        await server.kill9();
        throw e;
      }

      const db = open();
      try {
        for (const p of await integrity(db))
          failures.push(`round ${String(round)}: integrity: ${p}`);
        for (const x of instances) {
          const after = await fingerprint(db, x.people, x.contactMarker);
          const j = judge(x.kind, x.before ?? after, after);
          const answered = x.answer !== undefined;
          if (answered) tally.answered++;
          else tally.inFlight++;
          const k = perKind.get(x.kind) ?? { whole: 0, none: 0 };
          if (j.verdict === 'whole') {
            tally.whole++;
            k.whole++;
          } else if (j.verdict === 'none') {
            tally.none++;
            k.none++;
          }
          perKind.set(x.kind, k);
          if (answered && x.answer !== undefined && x.answer >= 300)
            failures.push(`round ${String(round)}: ${x.kind} was refused: ${String(x.answer)}`);
          else if (answered && j.verdict !== 'whole')
            failures.push(
              `round ${String(round)}: ${x.kind} answered ${String(x.answer)} but is ${j.verdict} (changed ${j.changed.join(', ')}; unchanged ${j.unchanged.join(', ')})`,
            );
          else if (j.verdict === 'half')
            failures.push(
              `round ${String(round)}: ${x.kind} in flight at the kill is half-made: changed ${j.changed.join(', ')}; unchanged ${j.unchanged.join(', ')}`,
            );
        }
      } finally {
        await close(db);
      }
    }

    // The server starts once more after the last crash and answers.
    const last = await startServerProcess(env);
    try {
      const health = await httpCall(last.url, 'GET', '/health', {});
      expect(health.status).toBe(200);
    } finally {
      await last.stop();
    }
    const kinds = [...perKind.entries()]
      .map(([k, v]) => `${k} ${String(v.whole)} whole/${String(v.none)} none`)
      .join('; ');
    console.log(
      `crash use-cases on ${dialect} (seed ${String(SEED)}): ${String(ROUNDS[dialect])} kills, ${String(tally.whole + tally.none + failures.length)} instances, ${String(tally.answered)} answered, ${String(tally.inFlight)} in flight; ${kinds}`,
    );
    expect(failures).toEqual([]);
    // The check judged real changes: some instances were whole, and all six use-cases were fired.
    expect(tally.whole).toBeGreaterThan(0);
    expect(perKind.size).toBe(6);
  }, 300_000);
});
