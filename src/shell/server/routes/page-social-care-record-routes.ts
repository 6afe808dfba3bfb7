/**
 * Social care recording pages (issue 14 item 6, issue 16 §1), each on the work the practitioner
 * is on and linked from its work page: the assessment (start, factors identified with plain-English
 * words, findings, primary need; then the manager checks it and authorises it), the child in need
 * plan (start, needs, outcomes, actions, next review; its reviews are the CIN review steps), the
 * child protection plan (categories of abuse, reviews), the s47 enquiries (the dates the census
 * reads, from the steps), and the child's visits (seen, seen alone). GOV.UK date inputs; no
 * JavaScript needed. Routes parse, call one use-case and render.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorDetail } from '../../../core/errors/error-catalogue.js';
import { isBatonError } from '../../../core/errors/error-catalogue.js';
import { WORKFLOW_IDS } from '../../../core/policy/index.js';
import {
  ASSESSMENT_FACTORS,
  CATEGORY_OF_ABUSE,
  CLOSURE_REASON,
  PRIMARY_NEED,
  SEEN_ALONE,
  type SeenAlone,
} from '../../../core/returns/index.js';
import {
  RECORDING_PAGES,
  addCinPlanAction,
  authoriseAssessment,
  getSocialCareRecord,
  getVisitsPage,
  recordAssessment,
  recordLatestCategory,
  recordVisit,
  saveCinPlan,
  type SocialCareRecord,
} from '../../use-cases/social-care-record/index.js';
import { once } from '../../use-cases/idempotency.js';
import { lines } from './early-help-form.js';
import {
  asForm,
  datePartsOf,
  field,
  fieldErrors,
  fields,
  formTokenKey,
  pageErrorsFrom,
  readDate,
  type FormBody,
  type PageError,
} from './form-values.js';
import { requireActor } from '../request-context-plugin.js';
import { londonDay } from '../../../core/calendar/index.js';

type Values = Record<string, string | string[]>;

const DATE_ANCHORS: Record<string, string> = {
  startDate: 'startDate-day',
  authorisedOn: 'authorisedOn-day',
  nextReviewDate: 'nextReviewDate-day',
  dueDate: 'dueDate-day',
  visitedOn: 'visitedOn-day',
  seenBy: 'seenByName',
  seenByUserId: 'seenByUserId',
  notAloneReason: 'reason',
};

/** A date's three boxes as flat form values. */
function dateValues(name: string, iso: string | null): Values {
  if (iso === null) return {};
  const p = datePartsOf(iso);
  return { [`${name}-day`]: p.day, [`${name}-month`]: p.month, [`${name}-year`]: p.year };
}

/** A GOV.UK date input read for a use-case: its ISO date, or what was typed, and its own error. */
function dateFrom(
  form: FormBody,
  name: string,
  label: string,
  typedErrors: Map<string, string>,
): string {
  const d = readDate(form, name, label);
  if (d.error !== null) typedErrors.set(name, d.error);
  return d.iso ?? (d.error === null ? '' : 'not-a-date');
}

const SEEN_ALONE_TEXT: Record<SeenAlone, string> = {
  yes: 'Yes',
  no: 'No',
  'not-appropriate': 'Not appropriate (for example a baby, or the child’s wishes)',
};

/** Register the recording pages. */
export function registerSocialCareRecordPages(app: FastifyInstance): void {
  const csrf = app.csrfProtection.bind(app);
  const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;
  const today = (r: FastifyRequest) => londonDay(r.ctx.now);

  const render = (
    reply: FastifyReply,
    template: string,
    title: string,
    r: SocialCareRecord,
    values: Values,
    errors: PageError[] = [],
    saved?: string,
  ) =>
    reply.status(errors.length > 0 ? 400 : 200).render(template, {
      title,
      r,
      values,
      errors,
      fieldErrors: fieldErrors(errors),
      saved,
      factorOptions: ASSESSMENT_FACTORS,
      needOptions: PRIMARY_NEED,
      categoryOptions: CATEGORY_OF_ABUSE,
      closureOptions: CLOSURE_REASON,
      seenAloneOptions: SEEN_ALONE.map((v) => ({ value: v, text: SEEN_ALONE_TEXT[v] })),
      label: (set: readonly { code: string; label: string }[], code: string | null) =>
        set.find((c) => c.code === code)?.label ?? null,
    });

  /** The page's errors: the use-case's, with a date input's own message where it was not a date. */
  const problemsOf = (e: unknown, typed: Map<string, string>): PageError[] | null => {
    if (!isBatonError(e) || e.code !== 'BATON_VALIDATION') return null;
    const details: ErrorDetail[] = e.details.map((d) => ({
      path: d.path,
      message: typed.get(d.path) ?? d.message,
    }));
    return pageErrorsFrom(details, { anchors: DATE_ANCHORS });
  };
  const savedOf = (r: FastifyRequest) => (r.query as { saved?: string }).saved;
  const back = (reply: FastifyReply, path: string, saved: string) =>
    reply.status(303).redirect(`${path}?saved=${saved}`);

  /** The recording pages a form is shown again on: template and title. */
  const PAGE_VIEWS = {
    assessment: { template: 'social-care-assessment.njk', title: 'The assessment' },
    'cin-plan': { template: 'social-care-cin-plan.njk', title: 'The child in need plan' },
    'cp-plan': { template: 'social-care-cp-plan.njk', title: 'The child protection plan' },
  } as const;

  /**
   * A recording form's POST: `save` calls the one use-case; a problem the user can put right shows
   * the work's `page` again with `again.values` (what was typed over what is recorded) and the
   * errors (400), anything else is thrown; once saved, back to the page saying what was `saved`.
   */
  const saveThenBack = async (
    request: FastifyRequest,
    reply: FastifyReply,
    to: { page: keyof typeof PAGE_VIEWS; saved: string; typed?: Map<string, string> },
    save: () => Promise<unknown>,
    again: {
      values: (r: SocialCareRecord) => Values;
      errors?: (errors: PageError[]) => PageError[];
    },
  ) => {
    try {
      await save();
    } catch (e) {
      const errors = problemsOf(e, to.typed ?? new Map<string, string>());
      if (errors === null) throw e;
      const r = await getSocialCareRecord(request.session, idOf(request));
      const view = PAGE_VIEWS[to.page];
      const shown = again.errors === undefined ? errors : again.errors(errors);
      return render(reply, view.template, view.title, r, again.values(r), shown);
    }
    return back(reply, `/work/${encodeURIComponent(idOf(request))}/${to.page}`, to.saved);
  };

  // --- The assessment -------------------------------------------------------------------------

  const assessmentValues = (r: SocialCareRecord): Values => ({
    version: String(r.item.version),
    // Baton holds when the work began: shown for checking, changed only if wrong.
    ...dateValues('startDate', r.assessment.startDate ?? r.item.beganAt.slice(0, 10)),
    factors: r.assessment.factors,
    findings: r.assessment.findings,
    primaryNeed: r.assessment.primaryNeed ?? '',
  });

  app.get('/work/:id/assessment', async (request, reply) => {
    requireActor(request);
    const r = await getSocialCareRecord(request.session, idOf(request), WORKFLOW_IDS.cfAssessment);
    return render(
      reply,
      'social-care-assessment.njk',
      'The assessment',
      r,
      {
        ...assessmentValues(r),
        ...dateValues('authorisedOn', today(request)),
      },
      [],
      savedOf(request),
    );
  });

  app.post('/work/:id/assessment', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const form = asForm(request.body);
    const typed = new Map<string, string>();
    const input = {
      version: Number(field(form, 'version')) || 0,
      startDate: dateFrom(form, 'startDate', 'The date the assessment started', typed),
      factors: fields(form, 'factors'),
      findings: field(form, 'findings'),
      primaryNeed: field(form, 'primaryNeed') || null,
    };
    return saveThenBack(
      request,
      reply,
      { page: 'assessment', saved: 'assessment', typed },
      () => recordAssessment(request.session, idOf(request), input),
      {
        values: () => ({
          ...(form as Values),
          factors: input.factors,
          ...dateValues('authorisedOn', today(request)),
        }),
      },
    );
  });

  app.post('/work/:id/assessment/authorise', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const form = asForm(request.body);
    const typed = new Map<string, string>();
    const input = {
      version: Number(field(form, 'version')) || 0,
      authorisedOn: dateFrom(form, 'authorisedOn', 'The date of authorisation', typed),
    };
    return saveThenBack(
      request,
      reply,
      { page: 'assessment', saved: 'authorised', typed },
      () => authoriseAssessment(request.session, idOf(request), input),
      {
        values: (r) => ({ ...assessmentValues(r), ...(form as Values) }),
        // Only the date is on the authorisation form; anything else missing is in the assessment.
        errors: (errors) =>
          errors.map((x) => (x.href === '#authorisedOn-day' ? x : { ...x, href: '#assessment' })),
      },
    );
  });

  // --- The child in need plan -----------------------------------------------------------------

  const planValues = (r: SocialCareRecord): Values => ({
    version: String(r.item.version),
    ...dateValues('startDate', r.cinPlan.startDate ?? r.item.beganAt.slice(0, 10)),
    needs: r.cinPlan.needs.join('\n'),
    outcomes: r.cinPlan.outcomes.join('\n'),
    ...dateValues('nextReviewDate', r.cinPlan.nextReviewDate),
  });

  app.get('/work/:id/cin-plan', async (request, reply) => {
    requireActor(request);
    const r = await getSocialCareRecord(request.session, idOf(request), WORKFLOW_IDS.cinPlan);
    return render(
      reply,
      'social-care-cin-plan.njk',
      'The child in need plan',
      r,
      planValues(r),
      [],
      savedOf(request),
    );
  });

  app.post('/work/:id/cin-plan', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const form = asForm(request.body);
    const typed = new Map<string, string>();
    const next = dateFrom(form, 'nextReviewDate', 'The next review date', typed);
    const plan = {
      version: Number(field(form, 'version')) || 0,
      startDate: dateFrom(form, 'startDate', 'The date the plan started', typed),
      needs: lines(field(form, 'needs')),
      outcomes: lines(field(form, 'outcomes')),
      nextReviewDate: next === '' ? null : next,
    };
    return saveThenBack(
      request,
      reply,
      { page: 'cin-plan', saved: 'plan', typed },
      () => saveCinPlan(request.session, idOf(request), plan),
      { values: (r) => ({ ...planValues(r), ...(form as Values) }) },
    );
  });

  app.post('/work/:id/cin-plan/actions', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const form = asForm(request.body);
    const typed = new Map<string, string>();
    const action = {
      version: Number(field(form, 'version')) || 0,
      action: field(form, 'action'),
      owner: field(form, 'owner'),
      dueDate: dateFrom(form, 'dueDate', 'The date it will be done by', typed),
    };
    return saveThenBack(
      request,
      reply,
      { page: 'cin-plan', saved: 'action', typed },
      () =>
        once(
          request.session,
          { key: formTokenKey(form), route: 'POST /work/:id/cin-plan/actions', request: null },
          200,
          (s) => addCinPlanAction(s, idOf(request), action),
        ),
      { values: (r) => ({ ...planValues(r), ...(form as Values) }) },
    );
  });

  // --- The child protection plan and the s47 enquiries ----------------------------------------

  app.get('/work/:id/cp-plan', async (request, reply) => {
    requireActor(request);
    const r = await getSocialCareRecord(request.session, idOf(request), WORKFLOW_IDS.cpPlan);
    return render(
      reply,
      'social-care-cp-plan.njk',
      'The child protection plan',
      r,
      {
        version: String(r.item.version),
        latestCategory: r.cpPlan.latestCategory ?? '',
      },
      [],
      savedOf(request),
    );
  });

  app.post('/work/:id/cp-plan', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const form = asForm(request.body);
    const category = {
      version: Number(field(form, 'version')) || 0,
      latestCategory: field(form, 'latestCategory'),
    };
    return saveThenBack(
      request,
      reply,
      { page: 'cp-plan', saved: 'category' },
      () => recordLatestCategory(request.session, idOf(request), category),
      {
        values: (r) => ({
          version: String(r.item.version),
          latestCategory: category.latestCategory,
        }),
      },
    );
  });

  app.get('/work/:id/s47', async (request, reply) => {
    requireActor(request);
    const r = await getSocialCareRecord(request.session, idOf(request), WORKFLOW_IDS.s47);
    return render(reply, 'social-care-s47.njk', 'Section 47 enquiries: dates', r, {});
  });

  // --- Visits ----------------------------------------------------------------------------------

  const renderVisits = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Values,
    errors: PageError[] = [],
  ) => {
    const childId = idOf(request);
    const { visits, colleagues } = await getVisitsPage(request.session, childId);
    const workItemId =
      (request.query as { work?: string }).work ?? field(asForm(request.body), 'workItemId');
    return reply.status(errors.length > 0 ? 400 : 200).render('child-visits.njk', {
      title: 'Visits to the child',
      childId,
      workItemId,
      visits,
      colleagues,
      values,
      errors,
      fieldErrors: fieldErrors(errors),
      saved: (request.query as { saved?: string }).saved,
      seenAloneOptions: SEEN_ALONE.map((v) => ({ value: v, text: SEEN_ALONE_TEXT[v] })),
      seenAloneText: SEEN_ALONE_TEXT,
    });
  };

  app.get('/children/:id/visits', async (request, reply) => {
    requireActor(request);
    return renderVisits(request, reply, dateValues('visitedOn', today(request)));
  });

  app.post('/children/:id/visits', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const form = asForm(request.body);
    const typed = new Map<string, string>();
    const seen = field(form, 'seen');
    const seenAlone = field(form, 'seenAlone');
    const workItemId = field(form, 'workItemId');
    try {
      if (seen !== 'yes' && seen !== 'no') {
        const e: ErrorDetail[] = [{ path: 'seen', message: 'Say whether the child was seen' }];
        return await renderVisits(request, reply, form as Values, pageErrorsFrom(e));
      }
      const visit = {
        workItemId: workItemId === '' ? null : workItemId,
        visitedOn: dateFrom(form, 'visitedOn', 'The date of the visit', typed),
        seen: seen === 'yes',
        seenAlone: (SEEN_ALONE as readonly string[]).includes(seenAlone)
          ? (seenAlone as SeenAlone)
          : null,
        reason: field(form, 'reason'),
        seenByUserId: field(form, 'seenByUserId') || undefined,
        seenByName: field(form, 'seenByName') || undefined,
      };
      await once(
        request.session,
        { key: formTokenKey(form), route: 'POST /children/:id/visits', request: null },
        201,
        (s) => recordVisit(s, idOf(request), visit),
      );
    } catch (e) {
      const errors = problemsOf(e, typed);
      if (errors === null) throw e;
      return renderVisits(request, reply, form as Values, errors);
    }
    const to = workItemId === '' ? '' : `&work=${encodeURIComponent(workItemId)}`;
    return reply
      .status(303)
      .redirect(`/children/${encodeURIComponent(idOf(request))}/visits?saved=visit${to}`);
  });
}

/** The recording page for a piece of work, if it has one (for the work page and child record). */
export function recordingPageOf(workflowId: string, id: string): string | null {
  const page = RECORDING_PAGES[workflowId];
  return page === undefined ? null : `/work/${encodeURIComponent(id)}/${page}`;
}
