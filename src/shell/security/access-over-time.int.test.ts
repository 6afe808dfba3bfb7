/**
 * Access over time (issue 13, "Beyond these findings"), on every database, through the HTTP API
 * (`GET /api/children/{id}` as each demo user) with a clock the test moves:
 *
 * 1. A table-driven matrix: who may read a child before and after access granted for a waiting
 *    step-down request ends (declined; authorised), a break-glass grant expires, and a merge
 *    (finding 2) — each row a (moment, user, allowed or refused).
 * 2. A property test: random sequences of step-down requests, declines, authorisations,
 *    break-glass, clock moves past expiry and reads, each answer compared with a small model of
 *    who should read each child at that moment (standing involvements; the request's grant while
 *    it waits; break-glass until it expires) and the access policy (`decideChildAccess`).
 *    The seed is printed; BATON_PROPERTY_SEED replays it (BATON_PROPERTY_RUNS, _STEPS for more).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decideChildAccess, type Actor, type ChildRelationship } from '../../core/access/index.js';
import { DEMO_USERS } from '../demo-users.js';
import { startWork } from '../repositories/index.js';
import { insertPerson } from '../repositories/people-repository.js';
import { addInvolvement } from '../repositories/child-access.js';
import { loadPacks } from '../policy/pack-files.js';
import { testDialects } from '../testing/test-databases.js';
import { actorFor, ApiCaller } from '../testing/api-client.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

const dialects = await testDialects();
const HOUR = 3_600_000;
const USERS = DEMO_USERS.map((u) => u.username);
const BREAK_GLASS_REASON = 'Police called about the child tonight';
const outcome = z.object({ transitionRecordId: z.string() });
const created = z.object({ id: z.string() });

/** Users who read a social-care child whatever happens: statutory roles, auditor, and the team's support. */
const ALWAYS = ['social-worker', 'front-door', 'team-manager', 'auditor', 'business-support'];

describe.each(dialects)('access over time on %s', (dialect) => {
  let server: TestServer;
  let api: ApiCaller;
  let now = new Date('2026-12-07T10:00:00.000Z');
  let signedInAt = now.getTime();
  const iso = () => now.toISOString();
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
    // Sessions last at most a week (BATON_SESSION_MAX_HOURS); sign in again before that.
    if (now.getTime() - signedInAt > 6 * 24 * HOUR) {
      api.forgetSessions();
      signedInAt = now.getTime();
    }
  };
  const actors = new Map<string, Actor>();

  beforeAll(async () => {
    server = await startTestServer({
      dialect,
      clock: () => now,
      env: {
        BATON_PACK: 'stockport',
        BATON_SIGN_IN_LIMIT: '100000',
        BATON_SESSION_IDLE_MINUTES: '100000',
        BATON_SESSION_MAX_HOURS: '168',
      },
    });
    api = new ApiCaller(() => server.app);
    for (const u of USERS) actors.set(u, await actorFor(server, u));
  }, 180_000);
  afterAll(async () => {
    await server.close();
  });

  const actor = (u: string): Actor => {
    const a = actors.get(u);
    if (!a) throw new Error(`no demo user ${u}`);
    return a;
  };

  /** A child on a Stockport CIN plan held by the social worker, ready to step down (as decisions.int.test.ts). */
  async function cinPlan(givenName: string): Promise<{ childId: string; workItemId: string }> {
    const db = server.database.db;
    const sw = actor('social-worker');
    const ctx = { actor: sw, requestId: 'fixture', remoteAddress: null, now: iso() };
    const childId = await insertPerson(db, ctx, {
      kind: 'child',
      givenName,
      familyName: 'Overtime',
      dateOfBirth: '2011-05-01',
    });
    await addInvolvement(db, {
      childId,
      agencyId: sw.agencyId,
      userId: sw.userId,
      role: 'allocated-worker',
      from: iso().slice(0, 10),
      now: iso(),
    });
    const pack = loadPacks().get('stockport');
    if (!pack) throw new Error('stockport pack');
    const workItemId = await startWork(db, ctx, {
      pack,
      workflowId: 'cin-plan',
      subjectType: 'child',
      subjectId: childId,
      childIds: [childId],
      level: 4,
      ownerAgencyId: sw.agencyId,
      leadProfessional: { name: sw.displayName, agency: 'Social care', userId: sw.userId },
    });
    await db
      .updateTable('work_items')
      .set({ events: JSON.stringify([{ id: 'step-down-tac-meeting', on: iso().slice(0, 10) }]) })
      .where('id', '=', workItemId)
      .execute();
    const consent = await api.call('social-worker', 'POST', `/api/children/${childId}/consents`, {
      purpose: 'step-down-transfer',
      decision: 'given',
      givenByKind: 'young-person',
      method: 'verbal',
      recordedOn: iso().slice(0, 10),
    });
    expect(consent.status, JSON.stringify(consent.body)).toBe(201);
    return { childId, workItemId };
  }

  async function requestStepDown(workItemId: string): Promise<string> {
    const r = await api.call('social-worker', 'POST', `/api/work-items/${workItemId}/transitions`, {
      transitionId: 'request-step-down-transfer',
      payload: {
        stepDownPlan: 'TAF plan led by the early help service.',
        ifConcernsRise: 'Call the MASSH.',
        stepDownMeetingMinutes: 'Minutes of the step-down TAC meeting.',
        closureSummary: 'Risks reduced and sustained.',
        leadProfessionalName: 'Lee Leadprof (demo)',
        leadProfessionalAgency: 'Early help',
      },
    });
    expect(r.status, `step-down request at ${iso()}: ${JSON.stringify(r.body)}`).toBe(202);
    return outcome.parse(r.body).transitionRecordId;
  }

  async function decide(requestId: string, decision: 'authorise' | 'decline'): Promise<void> {
    const r = await api.call(
      'eh-manager',
      'POST',
      `/api/tray/${requestId}/decision`,
      decision === 'decline'
        ? { decision, note: 'The family has not met the early help service yet.' }
        : { decision },
    );
    expect(r.status, `${decision} at ${iso()}: ${JSON.stringify(r.body)}`).toBe(200);
  }

  async function breakGlass(user: string, childId: string): Promise<void> {
    const r = await api.call(user, 'POST', `/api/children/${childId}/break-glass`, {
      reason: BREAK_GLASS_REASON,
    });
    expect(r.status, `${user} breaks glass: ${JSON.stringify(r.body)}`).toBe(201);
  }

  /** 200 or 403 for a read of the child's record; anything else fails at once. */
  async function reads(user: string, childId: string): Promise<boolean> {
    const r = await api.call(user, 'GET', `/api/children/${childId}`);
    if (r.status !== 200 && r.status !== 403)
      throw new Error(
        `GET /api/children/${childId} as ${user}: ${r.status} ${JSON.stringify(r.body)}`,
      );
    return r.status === 200;
  }

  it('matrix: who reads a child before and after a request is decided, break-glass expires, a merge', async () => {
    interface Row {
      moment: string;
      user: string;
      child: string;
      expected: boolean;
      actual: boolean;
    }
    const rows: Row[] = [];
    /** Check every demo user against the table's readers at this moment. */
    const moment = async (name: string, childId: string, readers: readonly string[]) => {
      for (const user of USERS) {
        const expected = ALWAYS.includes(user) || readers.includes(user);
        rows.push({
          moment: name,
          user,
          child: childId,
          expected,
          actual: await reads(user, childId),
        });
      }
    };
    const EH = ['lead-professional', 'eh-manager'];

    // (a) declined: the early help agency reads the child while the request waits, not after.
    const a = await cinPlan('Declan');
    await moment('a: CIN plan, no request', a.childId, []);
    const aRequest = await requestStepDown(a.workItemId);
    await moment('a: step-down request waiting', a.childId, EH);
    await decide(aRequest, 'decline');
    await moment('a: request declined', a.childId, []);
    advance(26 * HOUR);
    await moment('a: a day after the decline', a.childId, []);

    // (a') authorised: the grant for the request ends, and the work's new owner holds the child.
    const b = await cinPlan('Aurora');
    await moment("a': CIN plan, no request", b.childId, []);
    const bRequest = await requestStepDown(b.workItemId);
    await moment("a': step-down request waiting", b.childId, EH);
    await decide(bRequest, 'authorise');
    await moment("a': request authorised (early help holds the work)", b.childId, EH);
    const grant = await server.database.db
      .selectFrom('involvements')
      .select(['to_date'])
      .where('granted_for', '=', bRequest)
      .execute();
    expect(grant.length).toBeGreaterThan(0);
    for (const g of grant) expect(g.to_date, 'the grant for the request has ended').not.toBeNull();
    advance(26 * HOUR);
    await moment("a': a day after the authorisation", b.childId, EH);

    // (b) break-glass lasts 24 hours from its use, for the user who used it only.
    const c = await cinPlan('Bryony');
    await moment('b: before break-glass', c.childId, []);
    const brokeAt = now.getTime();
    await breakGlass('police-demo', c.childId);
    await breakGlass('hv-demo', c.childId);
    await moment('b: just after break-glass', c.childId, ['police-demo', 'hv-demo']);
    now = new Date(brokeAt + 24 * HOUR - 60_000);
    await moment('b: a minute before expiry', c.childId, ['police-demo', 'hv-demo']);
    now = new Date(brokeAt + 24 * HOUR);
    await moment('b: at expiry', c.childId, []);
    advance(HOUR);
    await moment('b: an hour after expiry', c.childId, []);

    // (c) finding 2: break-glass, a throwaway duplicate and a merge give no lasting access.
    const d = await cinPlan('Morwenna');
    const dBrokeAt = now.getTime();
    await breakGlass('eh-manager', d.childId);
    const dup = await api.call('eh-manager', 'POST', '/api/people', {
      kind: 'child',
      givenName: 'Morwenna',
      familyName: 'Overtime',
      dateOfBirth: '2011-05-01',
    });
    expect(dup.status, JSON.stringify(dup.body)).toBe(201);
    const dDup = created.parse(dup.body).id;
    const refusedMerge = await api.call('eh-manager', 'POST', '/api/people/merges', {
      keptId: d.childId,
      mergedId: dDup,
      reason: 'Same child recorded twice at intake by mistake',
    });
    expect(refusedMerge.status, JSON.stringify(refusedMerge.body)).toBe(403);
    await moment('c: break-glass, merge refused', d.childId, ['eh-manager']);
    now = new Date(dBrokeAt + 24 * HOUR + 60_000);
    await moment('c: break-glass expired after the refused merge', d.childId, []);
    // The duplicate is the manager's own record; nobody else works with it.
    rows.push({
      moment: 'c: the duplicate, after expiry',
      user: 'eh-manager',
      child: dDup,
      expected: true,
      actual: await reads('eh-manager', dDup),
    });

    // (c') A merge allowed on the team's grant for a waiting request must not outlive the grant:
    // the manager's own involvement with the duplicate stays with the duplicate.
    const e = await cinPlan('Kerensa');
    const eRequest = await requestStepDown(e.workItemId);
    const dup2 = await api.call('eh-manager', 'POST', '/api/people', {
      kind: 'child',
      givenName: 'Kerensa',
      familyName: 'Overtime',
      dateOfBirth: '2011-05-01',
    });
    expect(dup2.status, JSON.stringify(dup2.body)).toBe(201);
    const eDup = created.parse(dup2.body).id;
    const merged = await api.call('eh-manager', 'POST', '/api/people/merges', {
      keptId: e.childId,
      mergedId: eDup,
      reason: 'Same child recorded twice at intake by mistake',
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(201);
    await moment("c': merged while the request waits", e.childId, EH);
    await decide(eRequest, 'decline');
    await moment("c': request declined after the merge", e.childId, []);
    advance(26 * HOUR);
    await moment("c': a day after the decline", e.childId, []);

    const wrong = rows.filter((r) => r.expected !== r.actual);
    const allowed = rows.filter((r) => r.expected).length;
    console.info(
      `[access over time, ${dialect}] ${rows.length} combinations (${new Set(rows.map((r) => r.moment)).size} moments × users): ${allowed} allowed, ${rows.length - allowed} refused by the table; ${wrong.length} disagree`,
    );
    expect(
      wrong.map(
        (r) =>
          `${r.moment}: ${r.user} ${r.actual ? 'read' : 'was refused'}, expected ${r.expected ? 'read' : 'refused'}`,
      ),
    ).toEqual([]);
  }, 300_000);

  // FINDING (open): finding 2 keeps the *merging* user's involvements with the duplicate off the
  // record kept, but when someone else merges (here the social care team manager, who may read
  // both), the involvement the duplicate's creator got by creating it moves to the record kept:
  // break glass, add a duplicate, have it merged, and read the child after the grant expires.
  // `involvementsLeftBehind` (person-merge-references.ts) filters on the merging user only. Marked
  // it.fails until the rule for a creator's involvement is decided (see docs/security.md).
  it.fails(
    'finding: a duplicate merged by someone else gives its creator lasting access',
    async () => {
      const f = await cinPlan('Tressa');
      const brokeAt = now.getTime();
      await breakGlass('eh-manager', f.childId);
      const dup = await api.call('eh-manager', 'POST', '/api/people', {
        kind: 'child',
        givenName: 'Tressa',
        familyName: 'Overtime',
        dateOfBirth: '2011-05-01',
      });
      expect(dup.status, JSON.stringify(dup.body)).toBe(201);
      const merged = await api.call('team-manager', 'POST', '/api/people/merges', {
        keptId: f.childId,
        mergedId: created.parse(dup.body).id,
        reason: 'Same child recorded twice at intake by mistake',
      });
      expect(merged.status, JSON.stringify(merged.body)).toBe(201);
      now = new Date(brokeAt + 24 * HOUR + 60_000);
      expect(await reads('eh-manager', f.childId), 'eh-manager after the break-glass expired').toBe(
        false,
      );
    },
    120_000,
  );

  it('property: any sequence of requests, decisions, break-glass and expiries reads as the model says', async () => {
    const seed = Number(process.env.BATON_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const runs = Number(process.env.BATON_PROPERTY_RUNS ?? 6);
    const steps = Number(process.env.BATON_PROPERTY_STEPS ?? 12);
    console.info(
      `[access property, ${dialect}] seed ${seed} (BATON_PROPERTY_SEED=${seed} replays it)`,
    );
    const random = mulberry32(seed);
    const pick = <T>(xs: readonly T[]): T => {
      const x = xs[Math.floor(random() * xs.length)];
      if (x === undefined) throw new Error('pick from nothing');
      return x;
    };
    // The users whose answer can change here (partners, early help), business support (reads only
    // its own agency's children) and one role that never reads a record (admin); the statutory
    // roles and the auditor read every child and are covered by the matrix above.
    const WATCHED = [
      'practitioner',
      'dsl',
      'hv-demo',
      'housing-demo',
      'police-demo',
      'lead-professional',
      'eh-manager',
      'business-support',
      'admin',
    ];
    const BREAKERS = [
      'practitioner',
      'dsl',
      'hv-demo',
      'housing-demo',
      'police-demo',
      'lead-professional',
      'eh-manager',
    ];
    const earlyHelp = actor('eh-manager').agencyId;
    const sw = actor('social-worker');

    interface Involvement {
      agencyId: string;
      userId: string | null;
      grantedFor: string | null;
      ended: boolean;
    }
    interface ModelChild {
      childId: string;
      workItemId: string;
      stage: 'active' | 'stepped-down';
      pending: string | null;
      involvements: Involvement[];
      grants: Map<string, number>;
    }
    const relationship = (c: ModelChild, a: Actor): ChildRelationship => {
      const live = c.involvements.filter((i) => !i.ended);
      if (live.some((i) => i.userId === a.userId)) return 'involved';
      if (live.some((i) => i.agencyId === a.agencyId)) return 'team';
      const until = c.grants.get(a.username);
      return until !== undefined && until > now.getTime() ? 'break-glass' : 'none';
    };

    let checked = 0;
    let actionsDone = 0;
    const kinds = new Map<string, number>();
    const disagreements: string[] = [];
    for (let run = 0; run < runs; run++) {
      const children: ModelChild[] = [];
      for (const name of ['Pip', 'Wren']) {
        const { childId, workItemId } = await cinPlan(`${name}${run}`);
        children.push({
          childId,
          workItemId,
          stage: 'active',
          pending: null,
          involvements: [
            { agencyId: sw.agencyId, userId: sw.userId, grantedFor: null, ended: false },
          ],
          grants: new Map(),
        });
      }
      const trail: string[] = [];
      for (let step = 0; step < steps; step++) {
        const c = pick(children);
        const which = children.indexOf(c);
        const choices: string[] = ['break-glass', 'clock-small', 'clock-past-expiry', 'read'];
        if (c.stage === 'active' && c.pending === null) choices.push('request', 'request');
        if (c.pending !== null) choices.push('decline', 'authorise');
        const action = pick(choices);
        switch (action) {
          case 'request': {
            const id = await requestStepDown(c.workItemId);
            c.pending = id;
            c.involvements.push({
              agencyId: earlyHelp,
              userId: null,
              grantedFor: id,
              ended: false,
            });
            trail.push(`request(child ${which})`);
            break;
          }
          case 'decline':
          case 'authorise': {
            const id = c.pending ?? '';
            await decide(id, action);
            for (const i of c.involvements) if (i.grantedFor === id) i.ended = true;
            c.pending = null;
            if (action === 'authorise') {
              c.stage = 'stepped-down';
              c.involvements.push({
                agencyId: earlyHelp,
                userId: null,
                grantedFor: null,
                ended: false,
              });
            }
            trail.push(`${action}(child ${which})`);
            break;
          }
          case 'break-glass': {
            const user = pick(BREAKERS);
            await breakGlass(user, c.childId);
            c.grants.set(user, now.getTime() + 24 * HOUR);
            trail.push(`break-glass(${user}, child ${which})`);
            break;
          }
          case 'clock-small': {
            const hours = 1 + Math.floor(random() * 6);
            advance(hours * HOUR);
            trail.push(`clock+${hours}h`);
            break;
          }
          case 'clock-past-expiry': {
            // Just past the soonest grant still open, else a day on.
            const open = children
              .flatMap((k) => [...k.grants.values()])
              .filter((t) => t > now.getTime());
            const target = open.length > 0 ? Math.min(...open) + 1 : now.getTime() + 25 * HOUR;
            advance(target - now.getTime());
            trail.push(`clock→${now.toISOString()}`);
            break;
          }
          default:
            trail.push('read');
        }
        actionsDone++;
        kinds.set(action, (kinds.get(action) ?? 0) + 1);
        // Every watched user reads every child at once (the reads are independent).
        const answers = await Promise.all(
          children.flatMap((k, n) =>
            WATCHED.map(async (user) => {
              const a = actor(user);
              const rel = relationship(k, a);
              const expected = decideChildAccess(a, rel, 'read').allowed;
              const actual = await reads(user, k.childId);
              return { n, user, rel, expected, actual };
            }),
          ),
        );
        for (const { n, user, rel, expected, actual } of answers) {
          checked++;
          if (expected !== actual)
            disagreements.push(
              `run ${run} step ${step} child ${n} ${user} (model: ${rel}): API ${actual ? 200 : 403}, model ${expected ? 200 : 403}; after ${trail.join(', ')}`,
            );
        }
      }
    }
    console.info(
      `[access property, ${dialect}] seed ${seed}: ${runs} runs × ${steps} steps = ${actionsDone} actions (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}), ${checked} reads checked against the model, ${disagreements.length} disagree`,
    );
    expect(disagreements.slice(0, 20), `seed ${seed}`).toEqual([]);
  }, 600_000);
});

/** A small seeded PRNG (mulberry32), so a failing sequence can be replayed from its seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
