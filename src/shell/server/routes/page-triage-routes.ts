/** Pages for the front door's triage tray and a contact's page: MASH enquiry, consent, decision. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { roleNames } from '../../../core/access/index.js';
import { isBatonError, type BatonError } from '../../../core/errors/error-catalogue.js';
import type { Missing } from '../../../core/journey/index.js';
import {
  addMashRequest,
  answerMashRequest,
  getContactPage,
  isFrontDoor,
  listTriage,
  recordContactConsent,
  type ContactView,
} from '../../use-cases/triage-use-cases.js';
import { decideOnContact } from '../../use-cases/contact-use-cases.js';
import { frontDoorAbout } from '../../policy/front-door-about.js';
import type { AppDeps } from '../app-deps.js';
import { whenText } from '../date-text.js';
import { requireActor } from '../request-context-plugin.js';
import { asForm, field, fieldErrors, type PageError } from './form-values.js';

export function registerTriagePages(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.handle.db;
  const csrf = app.csrfProtection.bind(app);
  const ownPack = () => deps.packs.get(deps.config.packId);
  const sourceTitles = new Map<string, string>();
  for (const p of deps.packs.values())
    for (const src of p.sources) sourceTitles.set(src.id, src.title);

  // ---------------------------------------------------------------------------------------
  // Triage
  // ---------------------------------------------------------------------------------------

  app.get('/triage', async (request, reply) => {
    requireActor(request);
    const items = await listTriage(request.session);
    return reply.render('triage-tray.njk', {
      title: 'Contacts to triage',
      frontDoorName: ownPack()?.frontDoorName ?? 'the front door',
      frontDoorAboutIt: frontDoorAbout(ownPack()),
      items: items.map((i) => ({ ...i, dueText: i.decisionDue ? whenText(i.decisionDue) : '' })),
    });
  });

  const renderContact = async (
    request: FastifyRequest,
    reply: FastifyReply,
    workItemId: string,
    extra: { errors?: PageError[]; values?: Record<string, string>; status?: number } = {},
  ) => {
    const { contact, needsLeadProfessional, candidates, phones } = await getContactPage(
      request.session,
      workItemId,
    );
    const pack = deps.packs.get(contact.packId);
    const errors = extra.errors ?? [];
    const q = request.query as { decided?: string; saved?: string };
    return reply.status(extra.status ?? 200).render('triage-contact.njk', {
      title: `Contact ${contact.reference}`,
      contact,
      pack,
      errors,
      fieldErrors: fieldErrors(errors),
      values: extra.values ?? {},
      decided: q.decided ?? '',
      saved: q.saved ?? '',
      canTriage: isFrontDoor(request.ctx.actor),
      sourcesById: Object.fromEntries((pack?.sources ?? []).map((s) => [s.id, s])),
      dueText: whenText,
      extraFields: extraFields(contact),
      needsLeadProfessional,
      // Baton users, the team around the family first, for the person picker.
      candidates,
      childName: Object.fromEntries(contact.children.map((c) => [c.id, c.name])),
      phones,
      roleNames,
    });
  };

  app.get('/triage/:workItemId', async (request, reply) => {
    requireActor(request);
    return renderContact(request, reply, (request.params as { workItemId: string }).workItemId);
  });

  const pageErrorsFor = (e: unknown, fallbackHref: string) =>
    refusalErrors(e, fallbackHref, sourceTitles);

  app.post('/triage/:workItemId/decision', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const { workItemId } = request.params as { workItemId: string };
    const form = asForm(request.body);
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(form))
      values[k] = Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
    const transitionId = field(form, 'transitionId');
    if (transitionId === '')
      return renderContact(request, reply, workItemId, {
        status: 400,
        values,
        errors: [{ text: 'Select a decision', href: '#transitionId' }],
      });
    const payload: Record<string, string> = { rationale: field(form, 'rationale') };
    // The person picker: a Baton user picked is named from Baton (their name and agency follow);
    // "someone outside Baton" (or nobody picked) leaves the typed name and agency.
    const leadUserId = field(form, 'leadProfessionalUserId');
    if (leadUserId !== '' && leadUserId !== 'outside') payload.leadProfessionalUserId = leadUserId;
    else
      for (const name of ['leadProfessionalName', 'leadProfessionalAgency'])
        if (field(form, name) !== '') payload[name] = field(form, name);
    for (const [k] of Object.entries(form))
      if (k.startsWith('extra-') && field(form, k) !== '')
        payload[k.slice('extra-'.length)] = field(form, k);
    try {
      const outcome = await decideOnContact(db, request.ctx, deps.packs, workItemId, {
        ...payload,
        transitionId,
        version: Number(field(form, 'version')) || 0,
      });
      return await reply.status(303).redirect(`/triage/${workItemId}?decided=${outcome.status}`);
    } catch (e) {
      const { errors, status } = pageErrorsFor(e, '#transitionId');
      return renderContact(request, reply, workItemId, { status, values, errors });
    }
  });

  app.post('/triage/:workItemId/mash-requests', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const { workItemId } = request.params as { workItemId: string };
    const form = asForm(request.body);
    const values = { agency: field(form, 'agency'), question: field(form, 'question') };
    const errors: PageError[] = [];
    if (values.agency === '')
      errors.push({ text: 'Enter the agency you are asking', href: '#agency' });
    if (values.question === '')
      errors.push({ text: 'Enter what you need to know', href: '#question' });
    if (errors.length > 0)
      return renderContact(request, reply, workItemId, { status: 400, values, errors });
    try {
      await addMashRequest(request.session, workItemId, {
        ...values,
        expectedVersion: Number(field(form, 'version')) || 0,
      });
      return await reply.status(303).redirect(`/triage/${workItemId}?saved=request#mash`);
    } catch (e) {
      const r = pageErrorsFor(e, '#agency');
      return renderContact(request, reply, workItemId, { ...r, values });
    }
  });

  app.post(
    '/triage/:workItemId/mash-requests/:requestId/answer',
    { preHandler: csrf },
    async (request, reply) => {
      requireActor(request);
      const { workItemId, requestId } = request.params as { workItemId: string; requestId: string };
      const form = asForm(request.body);
      const answer = field(form, 'answer');
      const href = `#answer-${requestId}`;
      if (answer === '')
        return renderContact(request, reply, workItemId, {
          status: 400,
          errors: [{ text: 'Enter the answer the agency gave', href }],
        });
      try {
        await answerMashRequest(request.session, workItemId, requestId, {
          answer,
          expectedVersion: Number(field(form, 'version')) || 0,
        });
        return await reply.status(303).redirect(`/triage/${workItemId}?saved=answer#mash`);
      } catch (e) {
        const r = pageErrorsFor(e, href);
        return renderContact(request, reply, workItemId, {
          ...r,
          values: { [`answer-${requestId}`]: answer },
        });
      }
    },
  );

  app.post('/triage/:workItemId/consent', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const { workItemId } = request.params as { workItemId: string };
    const form = asForm(request.body);
    const decision = field(form, 'earlyHelpDecision');
    if (decision !== 'given' && decision !== 'refused')
      return renderContact(request, reply, workItemId, {
        status: 400,
        errors: [
          { text: 'Select whether the family agreed to early help', href: '#earlyHelpDecision' },
        ],
      });
    const method = field(form, 'method');
    await recordContactConsent(request.session, workItemId, {
      purpose: 'early-help',
      decision,
      givenByPersonId: field(form, 'givenByPersonId') || null,
      method: method === 'written' ? 'written' : method === 'verbal' ? 'verbal' : null,
      notSoughtReason: null,
      consulted: null,
      notes: field(form, 'notes') || null,
    });
    return reply.status(303).redirect(`/triage/${workItemId}?saved=consent#consent`);
  });
}

/** Fields the pack's steps require besides the rationale (labels from the pack). */
function extraFields(contact: ContactView): { field: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const d of contact.availableDecisions)
    for (const r of d.requires)
      if (r.field !== 'rationale' && !seen.has(r.field)) seen.set(r.field, r.label);
  return [...seen].map(([f, label]) => ({ field: f, label }));
}

/** Turn a refusal into the page's error summary (with each rule's source), or rethrow it. */
function refusalErrors(
  e: unknown,
  fallbackHref: string,
  sourceTitles: ReadonlyMap<string, string>,
): { errors: PageError[]; status: number } {
  if (!isBatonError(e)) throw e;
  const err: BatonError = e;
  if (err.code === 'BATON_STALE_EDIT')
    return {
      status: 409,
      errors: [
        {
          text: 'Someone else changed this contact while you were working on it. Your answer is kept below: check the contact and try again.',
          href: fallbackHref,
        },
      ],
    };
  if (err.code === 'BATON_TRANSITION_REFUSED') {
    const missing = (err.extra.missing ?? []) as Missing[];
    return {
      status: 400,
      errors: missing.map((m) => ({
        text: `${m.message}. Source: ${sourceTitles.get(m.citation.source) ?? m.citation.source}, ${m.citation.section}`,
        href:
          m.rule === 'requires:rationale'
            ? '#rationale'
            : m.rule === 'leadProfessionalNamed'
              ? '#leadProfessionalUserId'
              : m.rule.startsWith('requires:')
                ? `#extra-${m.rule.slice('requires:'.length)}`
                : '#transitionId',
      })),
    };
  }
  if (err.code === 'BATON_TRANSITION_NOT_ALLOWED' || err.code === 'BATON_VALIDATION')
    return {
      status: 400,
      errors: [{ text: err.details[0]?.message ?? err.message, href: fallbackHref }],
    };
  throw err;
}
