/** The child record's consent form: record a consent decision for one or more purposes. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { londonDay } from '../../../core/calendar/index.js';
import { isBatonError } from '../../../core/errors/error-catalogue.js';
import { consentPurposes } from '../../../core/journey/index.js';
import {
  consentMethods,
  notSoughtReasons,
  notSoughtReasonText,
  purposeText,
  recordConsent,
  YOUNG_PERSON_MIN_AGE,
} from '../../use-cases/consent-use-cases.js';
import { requireActor } from '../request-context-plugin.js';
import { asForm, fields } from './form-values.js';
import {
  dateFrom,
  forbidden,
  formValues,
  idOf,
  noErrors,
  pageErrors,
  renderRecordForm,
  type FormErrors,
  type Values,
} from './record-page-context.js';

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

/** GET and POST of the consent form under /children/:id/consents. */
export function registerConsentPages(app: FastifyInstance): void {
  const csrf = app.csrfProtection.bind(app);

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
}
