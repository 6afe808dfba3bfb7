/** The child record's sharing form: record a decision to share information, or not to. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isBatonError } from '../../../core/errors/error-catalogue.js';
import {
  lawfulBases,
  lawfulBasisText,
  recordSharingDecision,
} from '../../use-cases/sharing-use-cases.js';
import { requireActor } from '../request-context-plugin.js';
import { asForm } from './form-values.js';
import {
  forbidden,
  formValues,
  idOf,
  noErrors,
  pageErrors,
  renderRecordForm,
  type FormErrors,
  type Values,
} from './record-page-context.js';

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

/** GET and POST of the sharing form under /children/:id/sharing. */
export function registerSharingPages(app: FastifyInstance): void {
  const csrf = app.csrfProtection.bind(app);

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
}
