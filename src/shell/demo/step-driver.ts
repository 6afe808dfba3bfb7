/**
 * Taking a pack's steps through the JSON API as the demo users would: the step must be among the
 * "next steps" the API offers the user, its consents are recorded first, steps it depends on
 * (`eventHappened`) are taken before it, and a request that waits in a tray is authorised there
 * by a demo user who may. Used by the demo families (in-process) and the every-pack journey test
 * (over HTTP), so both exercise the same choices.
 */
import type { AgencyKind, Role } from '../../core/access/index.js';
import type { Transition } from '../../core/journey/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import { DEMO_AGENCIES, DEMO_USERS } from './demo-data.js';
import { consentPurposes, payloadFor, prerequisites, type PlannedStep } from './pack-steps.js';

export interface Reply {
  status: number;
  body: unknown;
}
/** One signed-in user's calls to the JSON API (paths below /api). */
export type Api = (method: 'GET' | 'POST' | 'PUT', url: string, body?: object) => Promise<Reply>;

export interface WorkView {
  item: { id: string; workflowId: string; state: string; final: boolean; childIds: string[] };
  ownerAgencyName: string;
  steppedFrom: { workItemId: string } | null;
  followedBy: { workItemId: string } | null;
  nextSteps: { id: string }[];
  /** A request waiting in a tray (by the step's name). */
  awaitingAuthorisation?: { transitionRecordId: string; transitionName: string } | null;
}

/** A step taken: by whom, and who authorised it when it waited in a tray. */
export interface StepRecord {
  workItemId: string;
  workflowId: string;
  transitionId: string;
  by: string;
  authorisedBy: string | null;
  status: 'applied' | 'awaiting-authorisation';
}

interface DemoActor {
  username: string;
  role: Role;
  kind: AgencyKind;
}

const ACTORS: readonly DemoActor[] = DEMO_USERS.map((u) => {
  const agency = DEMO_AGENCIES.find((a) => a.key === u.agency);
  if (!agency) throw new Error(`demo agency ${u.agency} missing`);
  return { username: u.username, role: u.role, kind: agency.kind };
});

/** Every role a demo user holds. */
export const DEMO_ROLES: readonly Role[] = [...new Set(ACTORS.map((a) => a.role))];

const kindOfAgency = (name: string): AgencyKind | undefined =>
  DEMO_AGENCIES.find((a) => a.name === name)?.kind;

/** The answer's JSON, or an error naming the call, its status and the start of the answer. */
export function expectOk(reply: Reply, what: string): unknown {
  if (reply.status >= 300)
    throw new Error(
      `demo: ${what} answered ${String(reply.status)}: ${JSON.stringify(reply.body).slice(0, 400)}`,
    );
  return reply.body;
}

export interface StepDriver {
  as(username: string): Promise<Api>;
  call<T>(username: string, method: 'GET' | 'POST' | 'PUT', url: string, body?: object): Promise<T>;
  view(username: string, workItemId: string): Promise<WorkView>;
  /** Take a route's steps in turn; returns the work the route ends on (a started piece of work). */
  walk(
    workItemId: string,
    route: readonly PlannedStep[],
    options?: { leaveLastInTray?: boolean },
  ): Promise<string>;
  /** Record a parent's consent for a purpose on each child, once. */
  ensureConsent(username: string, childIds: readonly string[], purpose: string): Promise<void>;
  readonly taken: StepRecord[];
}

/** A driver for one moment (`today`, the app's clock) of one deployment's pack. */
export function createStepDriver(options: {
  pack: ResolvedPack;
  signIn: (username: string) => Promise<Api>;
  today: string;
  leadProfessional: { name: string; agency: string };
}): StepDriver {
  const { pack, today } = options;
  const apis = new Map<string, Promise<Api>>();
  const consents = new Set<string>();
  const done = new Set<string>();
  const taken: StepRecord[] = [];

  const as = (username: string): Promise<Api> => {
    let api = apis.get(username);
    if (!api) {
      api = options.signIn(username);
      apis.set(username, api);
    }
    return api;
  };
  const call = async <T>(
    username: string,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    body?: object,
  ): Promise<T> =>
    expectOk(await (await as(username))(method, url, body), `${method} ${url} as ${username}`) as T;
  const view = (username: string, id: string) =>
    call<WorkView>(username, 'GET', `/api/work-items/${id}/view`);

  async function ensureConsent(username: string, childIds: readonly string[], purpose: string) {
    const api = await as(username);
    for (const childId of childIds) {
      if (consents.has(`${childId}:${purpose}`)) continue;
      const child = await call<{
        relationships: { personId: string; kind: string; parentalResponsibility: boolean }[];
      }>(username, 'GET', `/api/people/${childId}`);
      const parent = child.relationships.find(
        (r) => r.kind === 'adult' && r.parentalResponsibility,
      );
      if (!parent)
        throw new Error(`demo: child ${childId} has no parent with parental responsibility`);
      expectOk(
        await api('POST', `/api/children/${childId}/consents`, {
          purpose,
          decision: 'given',
          givenByKind: 'parent-with-pr',
          givenByPersonId: parent.personId,
          method: 'verbal',
          recordedOn: today,
          ...(purpose === 'information-sharing' ? { scope: ['Agencies in the demo plan'] } : {}),
        }),
        `consent for ${purpose} as ${username}`,
      );
      consents.add(`${childId}:${purpose}`);
    }
  }

  /** Demo users who may take the step: those whose request is applied at once come first. */
  function actorsFor(t: Transition, ownerKind: AgencyKind | undefined, leaveInTray: boolean) {
    const authorisingKind = t.authorisedIn ?? ownerKind;
    const direct = ACTORS.filter((a) =>
      t.authorisedBy
        ? t.authorisedBy.includes(a.role) && (!authorisingKind || a.kind === authorisingKind)
        : t.requestedBy.includes(a.role),
    );
    const requesters = ACTORS.filter((a) => t.requestedBy.includes(a.role) && !direct.includes(a));
    const owned = (list: DemoActor[]) =>
      [...list].sort((a, b) => Number(b.kind === ownerKind) - Number(a.kind === ownerKind));
    return leaveInTray
      ? [...owned(requesters), ...owned(direct)]
      : [...owned(direct), ...owned(requesters)];
  }

  async function authorise(t: Transition, recordId: string, ownerKind: AgencyKind | undefined) {
    const kind = t.authorisedIn ?? ownerKind;
    for (const a of ACTORS) {
      if (!(t.authorisedBy ?? []).includes(a.role) || (kind && a.kind !== kind)) continue;
      const r = await (
        await as(a.username)
      )('POST', `/api/tray/${recordId}/decision`, {
        decision: 'authorise',
      });
      if (r.status === 200) return a.username;
      if (r.status !== 403 && r.status !== 404) expectOk(r, `authorising ${t.id} as ${a.username}`);
    }
    throw new Error(
      `demo: no demo user could authorise "${t.id}" (${t.authorisedBy?.join(', ') ?? ''})`,
    );
  }

  /** The kind of agency that owns the work, as the first of these users who can see it reads it. */
  async function ownerKindOf(id: string, actors: readonly DemoActor[]) {
    for (const a of actors) {
      const r = await (await as(a.username))('GET', `/api/work-items/${id}/view`);
      if (r.status === 200) return kindOfAgency((r.body as WorkView).ownerAgencyName);
    }
    return undefined;
  }

  async function take(id: string, step: PlannedStep, leaveInTray: boolean): Promise<StepRecord> {
    const workflow = pack.workflows.get(step.workflowId);
    if (!workflow) throw new Error(`demo: pack ${pack.id} has no ${step.workflowId} workflow`);
    const t = step.transition;
    for (const before of prerequisites(t, workflow))
      if (!done.has(`${id}:${before.id}`))
        await take(id, { workflowId: workflow.id, transition: before }, false);
    const ownerKind = await ownerKindOf(id, actorsFor(t, undefined, leaveInTray));
    for (const actor of actorsFor(t, ownerKind, leaveInTray)) {
      const api = await as(actor.username);
      const seen = await api('GET', `/api/work-items/${id}/view`);
      if (seen.status === 403 || seen.status === 404) continue;
      const v = expectOk(seen, `view of ${id}`) as WorkView;
      // A step the pack asked for at once (`thenRequests`) already waits: asking again is that request.
      const waitsAlready = v.awaitingAuthorisation?.transitionName === t.name;
      if (!waitsAlready && !v.nextSteps.some((n) => n.id === t.id)) continue;
      for (const purpose of consentPurposes(t))
        await ensureConsent(actor.username, v.item.childIds, purpose);
      const r = await api('POST', `/api/work-items/${id}/transitions`, {
        transitionId: t.id,
        payload: payloadFor(t, options.leadProfessional, today),
      });
      if (r.status === 403) continue;
      const outcome = expectOk(r, `step "${t.id}" on ${workflow.id} as ${actor.username}`) as {
        status: StepRecord['status'];
        transitionRecordId: string;
      };
      const record: StepRecord = {
        workItemId: id,
        workflowId: workflow.id,
        transitionId: t.id,
        by: actor.username,
        authorisedBy: null,
        status: outcome.status,
      };
      if (outcome.status === 'awaiting-authorisation' && !leaveInTray) {
        record.authorisedBy = await authorise(t, outcome.transitionRecordId, ownerKind);
        record.status = 'applied';
      }
      done.add(`${id}:${t.id}`);
      taken.push(record);
      return record;
    }
    throw new Error(
      `demo: no demo user was offered "${t.id}" on ${workflow.id} ${id} (pack ${pack.id}; asked by ${t.requestedBy.join(', ')})`,
    );
  }

  async function walk(
    workItemId: string,
    route: readonly PlannedStep[],
    walkOptions: { leaveLastInTray?: boolean } = {},
  ): Promise<string> {
    let id = workItemId;
    for (const [i, step] of route.entries()) {
      const leave = walkOptions.leaveLastInTray === true && i === route.length - 1;
      const record = await take(id, step, leave);
      if (step.transition.starts && record.status === 'applied') {
        const followed = (await view(record.authorisedBy ?? record.by, id)).followedBy;
        if (!followed) throw new Error(`demo: "${step.transition.id}" started no work on ${id}`);
        id = followed.workItemId;
      }
    }
    return id;
  }

  return { as, call, view, walk, ensureConsent, taken };
}
