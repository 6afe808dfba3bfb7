/** Pages for the child record (timeline, consent, sharing), my work and the authorisation tray. */
import { openEpisodeOffer } from '../../../core/policy/index.js';
import { startableWorkflows } from '../../use-cases/social-care-use-cases.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isBatonError, type BatonError } from '../../../core/errors/error-catalogue.js';
import { consentPurposes } from '../../../core/journey/index.js';
import {
  breakGlass,
  listBreakGlassUses,
  mayUseBreakGlass,
  reviewBreakGlass,
} from '../../use-cases/break-glass-use-cases.js';
import {
  getChildRecord,
  getChildRecordPage,
  type ChildRecord,
  type ChildRecordPage,
} from '../../use-cases/child-record-use-cases.js';
import {
  consentMethods,
  notSoughtReasons,
  notSoughtReasonText,
  purposeText,
  recordConsent,
  YOUNG_PERSON_MIN_AGE,
} from '../../use-cases/consent-use-cases.js';
import { listAgencyDisagreements } from '../../use-cases/disagreement-view-use-cases.js';
import {
  getMyWork,
  listTray,
  listMyNotifications,
  markNotificationRead,
  NOTIFICATION_LIMIT,
} from '../../use-cases/my-work-use-cases.js';
import {
  lawfulBases,
  lawfulBasisText,
  recordSharingDecision,
} from '../../use-cases/sharing-use-cases.js';
import { decideRequest } from '../../use-cases/work-use-cases.js';
import type { AppDeps } from '../app-deps.js';
import { requireActor } from '../request-context-plugin.js';
import {
  asForm,
  dateParts,
  field,
  fields,
  fieldErrors,
  pageErrorsFrom,
  readDateParts,
  type FormBody,
  type PageError,
} from './form-values.js';
import { londonDay } from '../../../core/calendar/index.js';

type Values = Record<string, string>;

/** Requests waiting for the reader's decision that My work lists (the tray has the rest). */
const WAITING_SHOWN = 10;

/** Field paths in repository errors → the id of the form control to link to. */
const controlFor: Record<string, string> = {
  givenByKind: 'givenBy',
  givenByPersonId: 'givenBy',
  recordedOn: 'recordedOn-day',
  expiresOn: 'expiresOn-day',
};

/**
 * GOV.UK errors from a validation error: a summary linking to each field, in the order the
 * fields appear on the page, and a map by field.
 */
function pageErrors(
  e: BatonError,
  order: readonly string[] = [],
): { errors: PageError[]; fieldErrors: Values } {
  const errors = pageErrorsFrom(e.details, {
    anchors: controlFor,
    order,
  });
  return { errors, fieldErrors: fieldErrors(errors) };
}

/** A date from the three GOV.UK date fields: '' when all are empty; as typed when not a date. */
function dateFrom(form: FormBody, name: string): string {
  const reading = readDateParts(dateParts(form, name));
  if (reading.kind === 'empty') return '';
  if (reading.kind === 'date') return reading.iso;
  const { day, month, year } = dateParts(form, name);
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

const formValues = (form: FormBody, names: readonly string[]): Values =>
  Object.fromEntries(names.map((n) => [n, field(form, n)]));

/** The consent form's fields, in page order. */
const consentOrder = [
  'purpose',
  'decision',
  'notSoughtReason',
  'consulted',
  'givenBy',
  'method',
  'documentRef',
  'recordedOn',
  'scope',
  'expiresOn',
  'notes',
  'alsoFor',
] as const;

const consentFields = [
  'purpose',
  'decision',
  'givenBy',
  'method',
  'documentRef',
  'scope',
  'notSoughtReason',
  'consulted',
  'notes',
  'recordedOn-day',
  'recordedOn-month',
  'recordedOn-year',
  'expiresOn-day',
  'expiresOn-month',
  'expiresOn-year',
] as const;

const sharingFields = [
  'decision',
  'what',
  'withWhom',
  'purpose',
  'lawfulBasis',
  'specialCategoryNote',
  'withConsent',
  'reason',
] as const;

export function registerRecordPages(app: FastifyInstance, deps: AppDeps): void {
  const csrf = app.csrfProtection.bind(app);
  const packId = deps.config.packId;
  const idOf = (request: FastifyRequest): string => (request.params as { id: string }).id;

  const loadRecord = (request: FastifyRequest, before?: string) =>
    getChildRecord(request.session, idOf(request), { timelineBefore: before });

  /** A refusal to read a child's record becomes a page offering emergency access. */
  const forbidden = async (
    request: FastifyRequest,
    reply: FastifyReply,
    e: unknown,
    extra: Record<string, unknown> = {},
  ) => {
    if (!isBatonError(e) || e.code !== 'BATON_FORBIDDEN') throw e;
    return reply.status(403).render('child-forbidden.njk', {
      title: 'You do not have access to this child’s record',
      childId: idOf(request),
      offerBreakGlass: mayUseBreakGlass(request.ctx.actor),
      ...extra,
    });
  };

  app.get('/children/:id', async (request, reply) => {
    requireActor(request);
    const query = request.query as { before?: string; saved?: string };
    let page: ChildRecordPage;
    try {
      page = await getChildRecordPage(request.session, idOf(request), {
        timelineBefore: query.before,
      });
    } catch (e) {
      return forbidden(request, reply, e);
    }
    // With the census rules on the child as the record stands (continuous data quality, issue 16).
    const { record, census } = page;
    return reply.render('child-record.njk', {
      title: `${record.child.givenName} ${record.child.familyName}`,
      record,
      census,
      saved: query.saved,
      purposeText,
      notSoughtReasonText,
      lawfulBasisText,
      pack: deps.packs.get(packId),
      printedAt: request.ctx.now,
      canStartWork: startableWorkflows(deps.packs.get(packId), request.ctx).length > 0,
      openEarlyHelp: openEpisodeOffer(deps.packs.get(packId), request.ctx.actor?.roles ?? []),
    });
  });

  app.post('/children/:id/break-glass', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const reason = field(asForm(request.body), 'reason');
    try {
      await breakGlass(request.session, idOf(request), reason);
    } catch (e) {
      if (!isBatonError(e) || e.code !== 'BATON_VALIDATION') throw e;
      return reply.status(400).render('child-forbidden.njk', {
        title: 'You do not have access to this child’s record',
        childId: idOf(request),
        offerBreakGlass: true,
        reason,
        ...pageErrors(e),
      });
    }
    return reply.status(303).redirect(`/children/${encodeURIComponent(idOf(request))}`);
  });

  // --- consent --------------------------------------------------------------------------

  type FormErrors = { errors: PageError[]; fieldErrors: Values };
  const noErrors: FormErrors = { errors: [], fieldErrors: {} };

  /** Render a form about the child's record with the record, or the page saying no access. */
  const renderRecordForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    status: number,
    title: string,
    context: Record<string, unknown>,
  ) => {
    let record: ChildRecord;
    try {
      record = await loadRecord(request);
    } catch (e) {
      return forbidden(request, reply, e);
    }
    return reply.status(status).render(template, { title, record, ...context });
  };

  const renderConsentForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Values,
    status = 200,
    errors: FormErrors = noErrors,
  ) =>
    renderRecordForm(request, reply, 'consent-form.njk', status, 'Record consent', {
      values,
      ...errors,
      purposes: consentPurposes.map((p) => ({ value: p, text: purposeText[p] })),
      methods: consentMethods,
      notSoughtReasons: notSoughtReasons.map((r) => ({ value: r, text: notSoughtReasonText[r] })),
      youngPersonMinAge: YOUNG_PERSON_MIN_AGE,
    });

  app.get('/children/:id/consents/new', async (request, reply) => {
    requireActor(request);
    const [y, m, d] = londonDay(request.ctx.now).split('-');
    return renderConsentForm(request, reply, {
      'recordedOn-day': String(Number(d)),
      'recordedOn-month': String(Number(m)),
      'recordedOn-year': y ?? '',
    });
  });

  app.post('/children/:id/consents', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const form = asForm(request.body);
    const values = formValues(form, consentFields);
    const givenBy = values.givenBy ?? '';
    try {
      await recordConsent(request.session, idOf(request), {
        purpose: values.purpose ?? '',
        decision: values.decision ?? '',
        givenByKind:
          givenBy === 'young-person'
            ? 'young-person'
            : givenBy.startsWith('person:')
              ? 'parent-with-pr'
              : undefined,
        givenByPersonId: givenBy.startsWith('person:') ? givenBy.slice(7) : undefined,
        method: values.method,
        documentRef: values.documentRef,
        scope: (values.scope ?? '').split(/\r?\n|,/),
        recordedOn: dateFrom(form, 'recordedOn'),
        expiresOn: dateFrom(form, 'expiresOn'),
        notSoughtReason: values.notSoughtReason,
        consulted: values.consulted,
        notes: values.notes,
        alsoFor: fields(form, 'alsoFor').filter((c) => c !== ''),
      });
    } catch (e) {
      if (!isBatonError(e) || e.code !== 'BATON_VALIDATION') return forbidden(request, reply, e);
      return renderConsentForm(
        request,
        reply,
        { ...values, alsoFor: fields(form, 'alsoFor').join(',') },
        400,
        pageErrors(e, consentOrder),
      );
    }
    return reply
      .status(303)
      .redirect(`/children/${encodeURIComponent(idOf(request))}?saved=consent#consent`);
  });

  // --- information sharing -------------------------------------------------------------

  const renderSharingForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Values,
    status = 200,
    errors: FormErrors = noErrors,
  ) =>
    renderRecordForm(request, reply, 'sharing-form.njk', status, 'Record a sharing decision', {
      values,
      ...errors,
      lawfulBases: lawfulBases.map((b) => ({ value: b, text: lawfulBasisText[b] })),
    });

  app.get('/children/:id/sharing/new', async (request, reply) => {
    requireActor(request);
    return renderSharingForm(request, reply, {});
  });

  app.post('/children/:id/sharing', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const values = formValues(asForm(request.body), sharingFields);
    try {
      await recordSharingDecision(request.session, idOf(request), {
        decision: values.decision ?? '',
        what: values.what ?? '',
        withWhom: values.withWhom ?? '',
        purpose: values.purpose ?? '',
        lawfulBasis: values.lawfulBasis === '' ? undefined : values.lawfulBasis,
        specialCategoryNote: values.specialCategoryNote,
        withConsent:
          values.withConsent === 'yes' ? true : values.withConsent === 'no' ? false : undefined,
        reason: values.reason,
      });
    } catch (e) {
      if (!isBatonError(e) || e.code !== 'BATON_VALIDATION') return forbidden(request, reply, e);
      return renderSharingForm(request, reply, values, 400, pageErrors(e, sharingFields));
    }
    return reply
      .status(303)
      .redirect(`/children/${encodeURIComponent(idOf(request))}?saved=sharing#sharing`);
  });

  // --- emergency access review ---------------------------------------------------------

  app.get('/break-glass', async (request, reply) => {
    requireActor(request);
    const all = (request.query as { all?: string }).all === '1';
    const { uses, mayReview } = await listBreakGlassUses(request.session, {
      includeReviewed: all,
    });
    return reply.render('child-break-glass-uses.njk', {
      title: 'Emergency access to review',
      uses,
      mayReview,
      all,
    });
  });

  app.post('/break-glass/:id/review', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    await reviewBreakGlass(request.session, idOf(request));
    return reply.status(303).redirect('/break-glass');
  });

  // --- my work ------------------------------------------------------------------------

  app.get('/my-work', async (request, reply) => {
    requireActor(request);
    const { after, before } = request.query as { after?: string; before?: string };
    // Three independent reads, side by side (on PostgreSQL on pooled connections at once).
    // Steps waiting for the reader's decision are part of their work (issue 14 §5).
    const [work, disagreements, waiting] = await Promise.all([
      getMyWork(request.session, { after, before }),
      listAgencyDisagreements(request.session),
      // The oldest few (and whether there are more): the tray lists them all, up to 200, and
      // listing 80 here cost My work several milliseconds of CPU at 20,000 children.
      listTray(request.session, { limit: WAITING_SHOWN + 1 }),
    ]);
    return reply.render('my-work.njk', {
      title: 'My work',
      work,
      waiting: waiting.slice(0, WAITING_SHOWN),
      moreWaiting: waiting.length > WAITING_SHOWN,
      disagreements,
      notificationLimit: NOTIFICATION_LIMIT,
    });
  });

  app.get('/notifications', async (request, reply) => {
    requireActor(request);
    const list = await listMyNotifications(request.session);
    return reply.render('notifications.njk', { title: 'Notifications', list });
  });

  app.post('/notifications/:id/read', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    await markNotificationRead(request.session, idOf(request));
    // Back to the page the button was on: the notifications page, or My work.
    const from = field(asForm(request.body), 'returnTo');
    return reply
      .status(303)
      .redirect(from === '/notifications' ? '/notifications' : '/my-work#notifications');
  });

  // --- the authorisation tray ----------------------------------------------------------

  const renderTray = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
    status = 200,
  ) => {
    const items = await listTray(request.session);
    const done = (request.query as { done?: string }).done;
    return reply
      .status(status)
      .render('tray.njk', { title: 'Authorisation tray', items, done, ...extra });
  };

  app.get('/tray', async (request, reply) => {
    requireActor(request);
    return renderTray(request, reply);
  });

  app.post('/tray/:id', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const form = asForm(request.body);
    const id = idOf(request);
    const decision = field(form, 'decision');
    const note = field(form, 'note');
    const noteId = `note-${id}`;
    if (decision !== 'authorise' && decision !== 'decline') {
      return renderTray(
        request,
        reply,
        {
          errors: [{ text: 'Choose authorise or decline', href: `#${noteId}` }],
          values: { [id]: note },
        },
        400,
      );
    }
    try {
      await decideRequest(request.session, {
        transitionRecordId: id,
        decision,
        note,
      });
    } catch (e) {
      if (!isBatonError(e)) throw e;
      const values = { [id]: note };
      if (e.code === 'BATON_VALIDATION')
        return renderTray(
          request,
          reply,
          {
            errors: e.details.map((d) => ({ text: d.message, href: `#${noteId}` })),
            fieldErrors: { [id]: e.details[0]?.message ?? e.message },
            values,
          },
          400,
        );
      if (
        e.code === 'BATON_TRANSITION_REFUSED' ||
        e.code === 'BATON_TRANSITION_NOT_ALLOWED' ||
        e.code === 'BATON_STALE_EDIT'
      ) {
        const missing = (e.extra.missing ?? []) as { message: string }[];
        const texts = missing.length > 0 ? missing.map((m) => m.message) : [e.message];
        return renderTray(
          request,
          reply,
          { errors: texts.map((text) => ({ text, href: `#${noteId}` })), values },
          e.status,
        );
      }
      throw e;
    }
    return reply
      .status(303)
      .redirect(`/tray?done=${decision === 'authorise' ? 'authorised' : 'declined'}`);
  });
}
