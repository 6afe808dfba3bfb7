/**
 * Administration pages (issue 15 §1): agencies and users added through a question page and a
 * check-your-answers page; roles, four-eyes approvals, deactivation and sign-in links. The
 * one-time sign-in link page is here too: it is how a user an administrator added first signs in.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { dateTimeText } from '../date-text.js';
import type { z } from 'zod';
import {
  agencyKindNames,
  agencyKinds,
  grantNeedsApproval,
  roleNames,
  roles as allRoles,
  type AgencyKind,
  type Role,
} from '../../../core/access/index.js';
import { isBatonError } from '../../../core/errors/error-catalogue.js';
import * as admin from '../../use-cases/admin-use-cases.js';
import { outboxStates } from '../../use-cases/admin-use-cases.js';
import type { AppDeps } from '../app-deps.js';
import { agencyBody, userBody } from '../api-admin-schemas.js';
import { requireActor, setSessionCookie } from '../request-context-plugin.js';
import { signInLimit } from '../sign-in-limit.js';
import {
  asForm,
  field,
  fieldErrors,
  fields,
  type FormBody,
  type PageError,
} from './form-values.js';

const AGENCY_FIELDS = ['name', 'kind', 'authority', 'locality', 'code'] as const;
const USER_FIELDS = ['displayName', 'username', 'email', 'agencyId', 'teamId'] as const;

const isRole = (r: string): r is Role => (allRoles as readonly string[]).includes(r);

/** zod issues as GOV.UK error-summary items, one per field, in words a person can act on. */
function pageErrors(error: z.ZodError, words: Record<string, string>): PageError[] {
  const seen = new Set<string>();
  const out: PageError[] = [];
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ text: words[key] ?? 'Check this answer', href: `#${key}` });
  }
  return out;
}

const AGENCY_WORDS: Record<string, string> = {
  name: 'Enter the agency’s name (at most 200 characters)',
  kind: 'Choose the kind of agency',
  authority: 'Enter the local authority in at most 200 characters',
  locality: 'Enter the locality in at most 200 characters',
  code: 'Enter the code in at most 40 characters',
};
const USER_WORDS: Record<string, string> = {
  displayName: 'Enter the user’s full name',
  username: 'Enter a username (at most 100 characters)',
  email: 'Enter an email address in the form name@example.org',
  agencyId: 'Choose the user’s agency',
  teamId: 'Choose a team of the user’s agency, or none',
  roles: 'Choose roles from the list',
};

function agencyValues(form: FormBody) {
  return Object.fromEntries(AGENCY_FIELDS.map((f) => [f, field(form, f)])) as Record<
    (typeof AGENCY_FIELDS)[number],
    string
  >;
}

function userValues(form: FormBody) {
  return {
    ...(Object.fromEntries(USER_FIELDS.map((f) => [f, field(form, f)])) as Record<
      (typeof USER_FIELDS)[number],
      string
    >),
    roles: fields(form, 'roles'),
  };
}

const query = (values: Record<string, string | string[]>): string =>
  new URLSearchParams(
    Object.entries(values).flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).filter((x) => x !== '').map((x): [string, string] => [k, x]),
    ),
  ).toString();

export function registerAdminPages(app: FastifyInstance, deps: AppDeps): void {
  const csrf = app.csrfProtection.bind(app);

  app.get('/admin', async (request, reply) => {
    const actor = requireActor(request);
    const agencies = await admin.listAgencies(request.session);
    const users = await admin.listUsers(request.session);
    const grants = await admin.listPendingGrants(request.session);
    return reply.render('admin.njk', {
      title: 'Administration',
      agencies: agencies.map((a) => ({
        ...a,
        kindName: (agencyKinds as readonly string[]).includes(a.kind)
          ? agencyKindNames[a.kind as AgencyKind]
          : a.kind,
        teamNames: a.teams.map((t) => t.name).join(', '),
      })),
      users: users.map((u) => ({ ...u, roleNames: u.roles.map((r) => roleNames[r]).join(', ') })),
      grants: grants.map((g) => ({
        ...g,
        roleName: roleNames[g.role],
        mine: g.requestedBy === actor.userId || g.userId === actor.userId,
      })),
    });
  });

  // Agencies: question page, check your answers, create.
  const agencyForm = (
    reply: FastifyReply,
    values: Record<string, string>,
    errors: PageError[] = [],
  ) =>
    reply.status(errors.length > 0 ? 400 : 200).render('admin-agency-new.njk', {
      title: 'Add an agency',
      values,
      errors,
      fieldErrors: fieldErrors(errors),
      kindItems: agencyKinds.map((k) => ({
        value: k,
        text: agencyKindNames[k],
        checked: values['kind'] === k,
      })),
    });

  app.get('/admin/agencies/new', async (request, reply) => {
    requireActor(request);
    await admin.listAgencies(request.session); // administrators only (refusal audited)
    return agencyForm(reply, agencyValues(asForm(request.query)));
  });

  app.post('/admin/agencies/check', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    await admin.listAgencies(request.session);
    const values = agencyValues(asForm(request.body));
    const parsed = agencyBody.safeParse(values);
    if (!parsed.success) return agencyForm(reply, values, pageErrors(parsed.error, AGENCY_WORDS));
    return reply.render('admin-check.njk', {
      title: 'Check the agency before adding it',
      rows: [
        { key: 'Name', value: parsed.data.name },
        { key: 'Kind', value: agencyKindNames[parsed.data.kind] },
        { key: 'Local authority', value: values.authority || 'Not given' },
        { key: 'Locality', value: values.locality || 'Not given' },
        { key: 'DfE or ODS code', value: values.code || 'None' },
      ],
      changeHref: `/admin/agencies/new?${query(values)}`,
      action: '/admin/agencies',
      button: 'Add agency',
      hidden: AGENCY_FIELDS.map((f) => ({ name: f, value: values[f] })),
    });
  });

  app.post('/admin/agencies', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const values = agencyValues(asForm(request.body));
    const parsed = agencyBody.safeParse(values);
    if (!parsed.success) return agencyForm(reply, values, pageErrors(parsed.error, AGENCY_WORDS));
    await admin.addAgency(request.session, parsed.data);
    return reply.status(303).redirect('/admin#agencies');
  });

  app.post('/admin/agencies/:id/teams', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const { id } = request.params as { id: string };
    await admin.addTeam(request.session, {
      agencyId: id,
      name: field(asForm(request.body), 'name').slice(0, 200),
    });
    return reply.status(303).redirect('/admin#agencies');
  });

  // Users: question page, check your answers, create.
  const userForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: ReturnType<typeof userValues>,
    errors: PageError[] = [],
  ) => {
    const agencies = await admin.listAgencies(request.session);
    return reply.status(errors.length > 0 ? 400 : 200).render('admin-user-new.njk', {
      title: 'Add a user',
      values,
      errors,
      fieldErrors: fieldErrors(errors),
      agencyItems: [
        { value: '', text: 'Choose an agency' },
        ...agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === values.agencyId })),
      ],
      teamItems: [
        { value: '', text: 'No team' },
        ...agencies.flatMap((a) =>
          a.teams.map((t) => ({
            value: t.id,
            text: `${t.name} (${a.name})`,
            selected: t.id === values.teamId,
          })),
        ),
      ],
      roleItems: allRoles.map((r) => ({
        value: r,
        text: roleNames[r],
        checked: values.roles.includes(r),
        hint: grantNeedsApproval(r) ? { text: 'Needs a second administrator' } : undefined,
      })),
    });
  };

  const parseUser = (values: ReturnType<typeof userValues>) =>
    userBody.safeParse({ ...values, teamId: values.teamId === '' ? null : values.teamId });

  app.get('/admin/outbox', async (request, reply) => {
    requireActor(request);
    const q = request.query as { state?: string };
    const state = (outboxStates as readonly string[]).includes(q.state ?? '')
      ? (q.state as (typeof outboxStates)[number])
      : undefined;
    const summary = await admin.listOutbox(request.session, { state, limit: 200 });
    return reply.render('admin-outbox.njk', { title: 'Outbox', summary, state: state ?? '' });
  });

  app.get('/admin/users/new', async (request, reply) => {
    requireActor(request);
    return userForm(request, reply, userValues(asForm(request.query)));
  });

  app.post('/admin/users/check', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const values = userValues(asForm(request.body));
    const parsed = parseUser(values);
    if (!parsed.success)
      return userForm(request, reply, values, pageErrors(parsed.error, USER_WORDS));
    const agencies = await admin.listAgencies(request.session);
    const agency = agencies.find((a) => a.id === parsed.data.agencyId);
    const team = agency?.teams.find((t) => t.id === parsed.data.teamId);
    if (!agency || (parsed.data.teamId != null && !team))
      return userForm(request, reply, values, [
        agency
          ? { text: USER_WORDS['teamId'] ?? '', href: '#teamId' }
          : { text: USER_WORDS['agencyId'] ?? '', href: '#agencyId' },
      ]);
    const held = parsed.data.roles.filter(grantNeedsApproval);
    return reply.render('admin-check.njk', {
      title: 'Check the user before adding them',
      rows: [
        { key: 'Full name', value: parsed.data.displayName },
        { key: 'Username', value: parsed.data.username },
        { key: 'Email address', value: parsed.data.email },
        { key: 'Agency', value: agency.name },
        { key: 'Team', value: team?.name ?? 'No team' },
        {
          key: 'Roles',
          value: parsed.data.roles.map((r) => roleNames[r]).join(', ') || 'None',
        },
      ],
      note:
        held.length > 0
          ? `${held.map((r) => roleNames[r]).join(', ')}: a second administrator must approve ${held.length > 1 ? 'these roles' : 'this role'} before the user has ${held.length > 1 ? 'them' : 'it'}.`
          : null,
      changeHref: `/admin/users/new?${query(values)}`,
      action: '/admin/users',
      button: 'Add user',
      hidden: [
        ...USER_FIELDS.map((f) => ({ name: f, value: values[f] })),
        ...values.roles.map((r) => ({ name: 'roles', value: r })),
      ],
    });
  });

  app.post('/admin/users', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const values = userValues(asForm(request.body));
    const parsed = parseUser(values);
    if (!parsed.success)
      return userForm(request, reply, values, pageErrors(parsed.error, USER_WORDS));
    try {
      const user = await admin.addUser(request.session, parsed.data);
      return await reply.status(303).redirect(`/admin/users/${user.id}`);
    } catch (e) {
      if (!isBatonError(e) || !['BATON_USER_EXISTS', 'BATON_VALIDATION'].includes(e.code)) throw e;
      const errors =
        e.code === 'BATON_USER_EXISTS'
          ? [{ text: 'Another user has this username or email address', href: '#username' }]
          : e.details.map((d) => ({ text: d.message, href: `#${d.path}` }));
      return userForm(request, reply, values, errors);
    }
  });

  const userPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    banner?: { html: string; success?: boolean },
  ) => {
    const user = await admin.getUser(request.session, userId);
    const pending = new Set(user.pendingRoles.map((p) => p.role));
    return reply.render('admin-user.njk', {
      title: user.displayName,
      user,
      banner,
      pendingNames: user.pendingRoles.map((p) => roleNames[p.role]).join(', '),
      roles: user.roles.map((r) => ({ id: r, name: roleNames[r] })),
      addable: allRoles
        .filter((r) => !user.roles.includes(r) && !pending.has(r))
        .map((r) => ({ value: r, text: roleNames[r] })),
    });
  };

  app.get('/admin/users/:id', async (request, reply) => {
    requireActor(request);
    return userPage(request, reply, (request.params as { id: string }).id);
  });

  app.post('/admin/users/:id/roles', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const { id } = request.params as { id: string };
    const role = field(asForm(request.body), 'role');
    if (!isRole(role)) return userPage(request, reply, id);
    const result = await admin.grantRole(request.session, id, role);
    return userPage(request, reply, id, {
      html:
        result.status === 'pending'
          ? `${roleNames[role]} is waiting for a second administrator to approve it.`
          : `${roleNames[role]} given.`,
      success: result.status !== 'pending',
    });
  });

  app.post('/admin/users/:id/roles/:role/remove', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const { id, role } = request.params as { id: string; role: string };
    if (isRole(role)) await admin.removeRole(request.session, id, role);
    return reply.status(303).redirect(`/admin/users/${id}`);
  });

  for (const [path, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const)
    app.post(`/admin/users/:id/${path}`, { preHandler: csrf }, async (request, reply) => {
      requireActor(request);
      const { id } = request.params as { id: string };
      await admin.setUserActive(request.session, id, active);
      return reply.status(303).redirect(`/admin/users/${id}`);
    });

  app.post('/admin/users/:id/sign-in-link', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const { id } = request.params as { id: string };
    const link = await admin.issueSignInLink(request.session, id);
    const path = `/sign-in/link/${encodeURIComponent(link.token)}`;
    // Shown once: only its hash is stored.
    return userPage(request, reply, id, {
      html: `Send the user this link (it works once, until ${dateTimeText(link.expiresAt)}): <code>${path}</code>`,
    });
  });

  for (const decision of ['approve', 'refuse'] as const)
    app.post(`/admin/role-grants/:id/${decision}`, { preHandler: csrf }, async (request, reply) => {
      requireActor(request);
      await admin.decideGrant(request.session, (request.params as { id: string }).id, decision);
      return reply.status(303).redirect('/admin#role-grants');
    });

  // The one-time link: choose a password, then signed in.
  app.get('/sign-in/link/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const { username } = await admin.checkSignInLink(request.session, token);
    return reply.render('sign-in-link.njk', { title: 'Choose a password', token, username });
  });

  app.post(
    '/sign-in/link/:token',
    { preHandler: [csrf, signInLimit(deps.config.signInLimit)] },
    async (request, reply) => {
      const { token } = request.params as { token: string };
      const password = field(asForm(request.body), 'password');
      try {
        const session = await admin.useSignInLink(
          request.session,
          token,
          password,
          deps.config.sessionLifetimes,
        );
        setSessionCookie(reply, session.token, deps.config.cookieSecure);
        return await reply.status(303).redirect('/');
      } catch (e) {
        if (!isBatonError(e) || e.code !== 'BATON_WEAK_PASSWORD') throw e;
        const { username } = await admin.checkSignInLink(request.session, token);
        const errors = [{ text: e.message, href: '#password' }];
        return reply.status(400).render('sign-in-link.njk', {
          title: 'Choose a password',
          token,
          username,
          errors,
          fieldErrors: fieldErrors(errors),
        });
      }
    },
  );
}
