/** Pages for the contact form: question pages, check your answers, the confirmation. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isBatonError } from '../../../core/errors/error-catalogue.js';
import { TIMESCALE_IDS } from '../../../core/policy/index.js';
import { getContact, isFrontDoor } from '../../use-cases/triage-use-cases.js';
import {
  contactPrefill,
  createContact,
  phoneNow,
  signedInReferrer,
} from '../../use-cases/contact-use-cases.js';
import { once } from '../../use-cases/idempotency.js';
import { frontDoorAbout } from '../../policy/front-door-about.js';
import type { AppDeps } from '../app-deps.js';
import { requireActor } from '../request-context-plugin.js';
import {
  checkConcerns,
  checkConsent,
  checkReferrer,
  draftToRequest,
  nextPage,
  pageForDetail,
  pagesFor,
  readConcerns,
  readConsent,
  readReferrer,
  type DraftPage,
} from './contact-form.js';
import { checkFamily, dateFrom, familyRows, readFamily } from './contact-family-form.js';
import { clearDraft, newDraft, readDraft, writeDraft, type ContactDraft } from './contact-draft.js';
import { asForm, field, fieldErrors, type FormBody, type PageError } from './form-values.js';
import { registerTriagePages } from './page-triage-routes.js';
import { whenText } from '../date-text.js';
import { londonDay } from '../../../core/calendar/index.js';

interface QuestionPage {
  template: string;
  title: string;
  read: (form: FormBody, draft: ContactDraft) => ContactDraft;
  check: (draft: ContactDraft, today: string) => PageError[];
}

const QUESTIONS: Record<DraftPage, QuestionPage> = {
  referrer: {
    template: 'contact-referrer.njk',
    title: 'Who is making this contact?',
    read: readReferrer,
    check: checkReferrer,
  },
  family: {
    template: 'contact-family.njk',
    title: 'The family: children, parents and carers',
    read: readFamily,
    check: checkFamily,
  },
  // What worries you and what the family said belong together: one page (issue 14 §3).
  concerns: {
    template: 'contact-concerns.njk',
    title: 'Your concerns and consent',
    read: (form, draft) => readConsent(form, readConcerns(form, draft)),
    check: (draft) => [...checkConcerns(draft), ...checkConsent(draft)],
  },
};

const ID = /^[A-Za-z0-9-]{1,100}$/;

export function registerFrontDoorPages(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.handle.db;
  const csrf = app.csrfProtection.bind(app);
  const sealFor = (request: FastifyRequest) => ({
    secret: deps.config.cookieSecret,
    secure: deps.config.cookieSecure,
    userId: request.ctx.actor?.userId ?? '',
  });
  const ownPack = () => deps.packs.get(deps.config.packId);
  const emergency = () => {
    const pack = ownPack();
    return pack ? phoneNow(pack) : [];
  };

  const levelItems = () => {
    const pack = ownPack();
    return ([1, 2, 3, 4] as const).map((n) => ({
      level: n,
      name: pack?.levels[n].name ?? '',
      summary: pack?.levels[n].summary ?? '',
    }));
  };

  // ---------------------------------------------------------------------------------------
  // The contact form
  // ---------------------------------------------------------------------------------------

  app.get('/contacts/new', async (request, reply) => {
    requireActor(request);
    const q = request.query as { thresholdCheckId?: string };
    const checkId =
      q.thresholdCheckId !== undefined && ID.test(q.thresholdCheckId) ? q.thresholdCheckId : '';
    const draft = readDraft(request, sealFor(request));
    return reply.render('contact-start.njk', {
      title: 'Make a contact to the front door',
      frontDoorName: ownPack()?.frontDoorName ?? 'the front door',
      frontDoorAboutIt: frontDoorAbout(ownPack()),
      thresholdCheckId: checkId,
      prefill: checkId !== '' ? await contactPrefill(db, request.ctx, deps.packs, checkId) : null,
      hasDraft: draft !== null,
      emergency: emergency(),
    });
  });

  app.post('/contacts/new', { preHandler: csrf }, async (request, reply) => {
    const actor = requireActor(request);
    const checkId = field(asForm(request.body), 'thresholdCheckId');
    const prefill =
      checkId !== '' && ID.test(checkId)
        ? await contactPrefill(db, request.ctx, deps.packs, checkId)
        : undefined;
    const draft = newDraft(prefill);
    writeDraft(request, reply, draft, sealFor(request));
    return reply
      .status(303)
      .redirect(`/contacts/new/${nextPage(draft, isFrontDoor(actor)) ?? 'check'}`);
  });

  const pageData = (page: DraftPage, draft: ContactDraft, frontDoor: boolean, change: boolean) => {
    const pages = pagesFor(frontDoor);
    const at = pages.indexOf(page);
    const back = change
      ? '/contacts/new/check'
      : at > 0
        ? `/contacts/new/${pages[at - 1] ?? ''}`
        : draft.thresholdCheckId !== ''
          ? `/checks/${draft.thresholdCheckId}`
          : '/contacts/new';
    return {
      title: QUESTIONS[page].title,
      draft,
      change,
      action: `/contacts/new/${page}${change ? '?change=1' : ''}`,
      back,
      step: at + 1,
      // The question pages and then the check-your-answers page: the count is of every page.
      steps: pages.length + 1,
      levels: levelItems(),
      frontDoorName: ownPack()?.frontDoorName ?? 'the front door',
      emergency: emergency(),
      // The family page shows the family so far and empty rows, ready without a round trip.
      rows: familyRows(draft),
      childNames: familyRows(draft).children.map(
        (c, i) => `${c.givenName} ${c.familyName}`.trim() || `Child ${String(i + 1)}`,
      ),
      adultOptions: draft.adults
        .map((a, i) => ({ value: `a${String(i)}`, text: `${a.givenName} ${a.familyName}`.trim() }))
        .filter((a) => a.text !== ''),
    };
  };

  for (const page of Object.keys(QUESTIONS) as DraftPage[]) {
    const q = QUESTIONS[page];
    const url = `/contacts/new/${page}`;

    app.get(url, async (request, reply) => {
      const actor = requireActor(request);
      const draft = readDraft(request, sealFor(request));
      if (!draft) return reply.status(303).redirect('/contacts/new');
      const frontDoor = isFrontDoor(actor);
      if (!pagesFor(frontDoor).includes(page))
        return reply.status(303).redirect('/contacts/new/family');
      const change = (request.query as { change?: string }).change === '1';
      return reply.render(q.template, {
        ...pageData(page, draft, frontDoor, change),
        errors: [],
        fieldErrors: {},
      });
    });

    app.post(url, { preHandler: csrf }, async (request, reply) => {
      const actor = requireActor(request);
      const frontDoor = isFrontDoor(actor);
      const draft = readDraft(request, sealFor(request));
      if (!draft) return reply.status(303).redirect('/contacts/new');
      const change = (request.query as { change?: string }).change === '1';
      const form = asForm(request.body);
      const updated = q.read(form, draft);
      const action = field(form, 'action');
      const slot = action.startsWith('add-') || action.startsWith('remove-');
      const errors = slot ? [] : q.check(updated, londonDay(request.ctx.now));
      const done = errors.length === 0 && !slot;
      // Adding or removing a row leaves the page to be sent again, so check your answers never
      // shows a row added and left empty.
      const saved = {
        ...updated,
        completed: done
          ? [...new Set([...updated.completed, page])]
          : slot
            ? updated.completed.filter((p) => p !== page)
            : updated.completed,
      };
      if (!writeDraft(request, reply, saved, sealFor(request)))
        errors.push({
          text: 'Your answers are too long to keep between pages. Shorten the longest answer and continue.',
          href: page === 'concerns' ? '#concerns' : '#main-content',
        });
      if (slot && errors.length === 0)
        return reply.status(303).redirect(`${url}${change ? '?change=1' : ''}`);
      if (errors.length > 0)
        return reply.status(400).render(q.template, {
          ...pageData(page, saved, frontDoor, change),
          errors,
          fieldErrors: fieldErrors(errors),
        });
      const next = change ? null : nextPage(saved, frontDoor);
      return reply.status(303).redirect(`/contacts/new/${next ?? 'check'}`);
    });
  }

  const renderCheck = async (
    request: FastifyRequest,
    reply: FastifyReply,
    draft: ContactDraft,
    frontDoor: boolean,
    errors: PageError[],
  ) => {
    return reply.status(errors.length > 0 ? 400 : 200).render('contact-check.njk', {
      title: 'Check your answers before sending the contact',
      draft,
      frontDoor,
      // Who the contact comes from, unless front-door staff are recording a call: shown, not asked.
      referrer: await signedInReferrer(db, request.ctx),
      errors,
      levels: levelItems(),
      frontDoorName: ownPack()?.frontDoorName ?? 'the front door',
      children: draft.children.map((c) => {
        const date = dateFrom(c.dobDay, c.dobMonth, c.dobYear) ?? '';
        return { ...c, date };
      }),
      adults: draft.adults.filter((a) => a.givenName !== '' || a.familyName !== ''),
      steps: pagesFor(frontDoor).length + 1,
    });
  };

  app.get('/contacts/new/check', async (request, reply) => {
    const actor = requireActor(request);
    const draft = readDraft(request, sealFor(request));
    if (!draft) return reply.status(303).redirect('/contacts/new');
    const frontDoor = isFrontDoor(actor);
    const missing = nextPage(draft, frontDoor);
    if (missing !== null) return reply.status(303).redirect(`/contacts/new/${missing}`);
    return renderCheck(request, reply, draft, frontDoor, []);
  });

  app.post('/contacts/new/check', { preHandler: csrf }, async (request, reply) => {
    const actor = requireActor(request);
    const draft = readDraft(request, sealFor(request));
    if (!draft) return reply.status(303).redirect('/contacts/new');
    const frontDoor = isFrontDoor(actor);
    const missing = nextPage(draft, frontDoor);
    if (missing !== null) return reply.status(303).redirect(`/contacts/new/${missing}`);
    try {
      // The draft's own key: a double submission or a retry after a lost answer is one contact.
      const created = await once(
        request.session,
        { key: `form:${draft.key}`, route: 'POST /contacts/new/check', request: null },
        201,
        (s) => createContact(s.db, s.ctx, s.packs, s.packId, draftToRequest(draft, frontDoor)),
      );
      clearDraft(request, reply);
      return await reply.status(303).redirect(`/contacts/${created.body.workItemId}?sent=1`);
    } catch (e) {
      if (!isBatonError(e) || e.code !== 'BATON_VALIDATION') throw e;
      const errors = e.details.map((d) => ({
        text: d.message,
        href: `/contacts/new/${pageForDetail(d)}?change=1`,
      }));
      return renderCheck(request, reply, draft, frontDoor, errors);
    }
  });

  app.get('/contacts/:workItemId', async (request, reply) => {
    requireActor(request);
    const { workItemId } = request.params as { workItemId: string };
    const contact = await getContact(request.session, workItemId);
    const pack = deps.packs.get(contact.packId);
    return reply.render('contact-sent.njk', {
      title:
        (request.query as { sent?: string }).sent === '1'
          ? 'Contact sent'
          : `Contact ${contact.reference}`,
      sent: (request.query as { sent?: string }).sent === '1',
      contact,
      frontDoorName: pack?.frontDoorName ?? 'the front door',
      emergency: contact.urgency === 'immediate' && pack ? phoneNow(pack) : [],
      due: contact.deadlines.find((d) => d.timescaleId === TIMESCALE_IDS.referralDecision),
      dueText: whenText,
      canTriage: isFrontDoor(request.ctx.actor),
    });
  });
  registerTriagePages(app, deps);
}
