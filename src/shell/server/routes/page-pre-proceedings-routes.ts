/**
 * Pre-proceedings (PLO) pages (issue 16 §1), reached from the child record where social care work
 * is open: the child's pre-proceedings and a form to begin them; then one page per period of
 * pre-proceedings recording the letter before proceedings, family group decision-making (offered,
 * held), the meetings, the decision to step up or down and its outcome, and the court application
 * and letter to initiate care proceedings. GOV.UK date inputs, no JavaScript needed; the words
 * (labels, hints, outcome meanings) are the national definitions'. Routes parse, call one
 * use-case and render.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isBatonError, type ErrorDetail } from '../../../core/errors/error-catalogue.js';
import { PRE_PROCEEDINGS, isPpOutcome, type PpMeetingKind } from '../../../core/returns/index.js';
import {
  addPreProceedingsMeeting,
  getChildPreProceedings,
  getPreProceedings,
  recordPreProceedings,
  startPreProceedings,
  type PreProceedingsView,
} from '../../use-cases/pre-proceedings-use-cases.js';
import { once } from '../../use-cases/idempotency.js';
import {
  asForm,
  datePartsOf,
  field,
  fieldErrors,
  formTokenKey,
  pageErrorsFrom,
  readDate,
  type FormBody,
  type PageError,
} from './form-values.js';
import { requireActor } from '../request-context-plugin.js';
import { londonDay } from '../../../core/calendar/index.js';

type Values = Record<string, string | string[]>;

const DATES = [
  'startedOn',
  'lbpSentOn',
  'stepDecisionOn',
  'courtApplicationOn',
  'letterInitiatingOn',
  'heldOn',
] as const;
const ANCHORS: Record<string, string> = Object.fromEntries(DATES.map((d) => [d, `${d}-day`]));
const ORDER = [
  'workItemId',
  'startedOn',
  'lbpSentOn',
  'fgdmOffered',
  'fgdmFacilitated',
  'stepDecisionOn',
  'outcome',
  'courtApplicationOn',
  'letterInitiatingOn',
  'kind',
  'heldOn',
];
const label = (element: string): string =>
  PRE_PROCEEDINGS.items.find((i) => i.element === element)?.label ?? element;

function dateValues(name: string, iso: string | null): Values {
  if (iso === null) return {};
  const p = datePartsOf(iso);
  return { [`${name}-day`]: p.day, [`${name}-month`]: p.month, [`${name}-year`]: p.year };
}
const yesNo = (b: boolean | null): string => (b === null ? '' : b ? 'yes' : 'no');
const fromYesNo = (v: string): boolean | null => (v === 'yes' ? true : v === 'no' ? false : null);

/** A date box read for a use-case: its ISO date, null when blank, or what fails the core's check. */
function optionalDate(
  form: FormBody,
  name: string,
  words: string,
  typed: Map<string, string>,
): string | null {
  const d = readDate(form, name, words);
  if (d.error !== null) {
    typed.set(name, d.error);
    return 'not-a-date';
  }
  return d.iso ?? null;
}

/** The use-case's problems as GOV.UK errors, with a date input's own words where it was not a date. */
function problemsOf(e: unknown, typed: Map<string, string>): PageError[] | null {
  if (!isBatonError(e) || e.code !== 'BATON_VALIDATION') return null;
  const details: ErrorDetail[] = e.details.map((d) => ({
    path: d.path,
    message: typed.get(d.path) ?? d.message,
  }));
  return pageErrorsFrom(details, { anchors: ANCHORS, order: ORDER });
}

function recordValues(v: PreProceedingsView): Values {
  const r = v.record;
  return {
    version: String(r.version),
    ...dateValues('lbpSentOn', r.lbpSentOn),
    fgdmOffered: yesNo(r.fgdmOffered),
    fgdmFacilitated: yesNo(r.fgdmFacilitated),
    ...dateValues('stepDecisionOn', r.stepDecisionOn),
    outcome: r.outcome ?? '',
    ...dateValues('courtApplicationOn', r.courtApplicationOn),
    ...dateValues('letterInitiatingOn', r.letterInitiatingOn),
  };
}

/** Register the pre-proceedings pages. */
export function registerPreProceedingsPages(app: FastifyInstance): void {
  const csrf = app.csrfProtection.bind(app);
  const childOf = (r: FastifyRequest) => (r.params as { id: string }).id;
  const recordOf = (r: FastifyRequest) => (r.params as { recordId: string }).recordId;
  const savedOf = (r: FastifyRequest) => (r.query as { saved?: string }).saved;
  const base = (r: FastifyRequest) => `/children/${encodeURIComponent(childOf(r))}/pre-proceedings`;
  const common = {
    items: Object.fromEntries(PRE_PROCEEDINGS.items.map((i) => [i.element, i])),
    outcomes: PRE_PROCEEDINGS.outcomes,
    sources: PRE_PROCEEDINGS.sources,
  };

  const renderList = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Values,
    errors: PageError[] = [],
  ) => {
    const page = await getChildPreProceedings(request.session, childOf(request));
    return reply.status(errors.length > 0 ? 400 : 200).render('pre-proceedings-list.njk', {
      title: 'Pre-proceedings (Public Law Outline)',
      page,
      values,
      errors,
      fieldErrors: fieldErrors(errors),
      saved: savedOf(request),
      ...common,
    });
  };

  const renderRecord = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Values | null,
    errors: PageError[] = [],
    meeting: Values = {},
  ) => {
    const v = await getPreProceedings(request.session, childOf(request), recordOf(request));
    return reply.status(errors.length > 0 ? 400 : 200).render('pre-proceedings.njk', {
      title: 'Pre-proceedings (Public Law Outline)',
      v,
      values: values ?? recordValues(v),
      meeting,
      errors,
      fieldErrors: fieldErrors(errors),
      saved: savedOf(request),
      ...common,
    });
  };

  app.get('/children/:id/pre-proceedings', async (request, reply) => {
    requireActor(request);
    return renderList(request, reply, dateValues('startedOn', londonDay(request.ctx.now)));
  });

  app.post('/children/:id/pre-proceedings', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const form = asForm(request.body);
    const typed = new Map<string, string>();
    const input = {
      workItemId: field(form, 'workItemId'),
      startedOn: optionalDate(form, 'startedOn', label('PPStartDate'), typed) ?? '',
    };
    let id: string;
    try {
      const made = await once(
        request.session,
        {
          key: formTokenKey(form),
          route: 'POST /children/:id/pre-proceedings',
          request: null,
        },
        201,
        (s) => startPreProceedings(s, childOf(request), input),
      );
      id = made.body.id;
    } catch (e) {
      const errors = problemsOf(e, typed);
      if (errors === null) throw e;
      return renderList(request, reply, form as Values, errors);
    }
    return reply.status(303).redirect(`${base(request)}/${encodeURIComponent(id)}?saved=started`);
  });

  app.get('/children/:id/pre-proceedings/:recordId', async (request, reply) => {
    requireActor(request);
    return renderRecord(request, reply, null);
  });

  app.post(
    '/children/:id/pre-proceedings/:recordId',
    { preHandler: csrf },
    async (request, reply) => {
      requireActor(request);
      const form = asForm(request.body);
      const typed = new Map<string, string>();
      const outcome = field(form, 'outcome');
      const input = {
        version: Number(field(form, 'version')) || 0,
        lbpSentOn: optionalDate(form, 'lbpSentOn', label('LBPSentDate'), typed),
        fgdmOffered: fromYesNo(field(form, 'fgdmOffered')),
        fgdmFacilitated: fromYesNo(field(form, 'fgdmFacilitated')),
        stepDecisionOn: optionalDate(form, 'stepDecisionOn', label('StepDecisionDate'), typed),
        outcome: isPpOutcome(outcome) ? outcome : null,
        courtApplicationOn: optionalDate(form, 'courtApplicationOn', label('CourtAppDate'), typed),
        letterInitiatingOn: optionalDate(
          form,
          'letterInitiatingOn',
          label('LetterInitCPDate'),
          typed,
        ),
      };
      try {
        await recordPreProceedings(request.session, childOf(request), recordOf(request), input);
      } catch (e) {
        const errors = problemsOf(e, typed);
        if (errors === null) throw e;
        return renderRecord(request, reply, form as Values, errors);
      }
      return reply
        .status(303)
        .redirect(`${base(request)}/${encodeURIComponent(recordOf(request))}?saved=record`);
    },
  );

  app.post(
    '/children/:id/pre-proceedings/:recordId/meetings',
    { preHandler: csrf },
    async (request, reply) => {
      requireActor(request);
      const form = asForm(request.body);
      const typed = new Map<string, string>();
      const kind = field(form, 'kind');
      const input = {
        version: Number(field(form, 'version')) || 0,
        kind: kind as PpMeetingKind,
        heldOn: optionalDate(form, 'heldOn', 'The date of the meeting', typed) ?? '',
      };
      try {
        await addPreProceedingsMeeting(request.session, childOf(request), recordOf(request), input);
      } catch (e) {
        const errors = problemsOf(e, typed);
        if (errors === null) throw e;
        return renderRecord(request, reply, null, errors, form as Values);
      }
      return reply
        .status(303)
        .redirect(`${base(request)}/${encodeURIComponent(recordOf(request))}?saved=meeting`);
    },
  );
}
