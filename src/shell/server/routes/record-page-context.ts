/** What the child record's pages share: the child's id, the no-access page and form errors. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isBatonError, type BatonError } from '../../../core/errors/error-catalogue.js';
import { mayUseBreakGlass } from '../../use-cases/break-glass-use-cases.js';
import { getChildRecord, type ChildRecord } from '../../use-cases/child-record-use-cases.js';
import {
  dateParts,
  field,
  fieldErrors,
  pageErrorsFrom,
  readDateParts,
  type FormBody,
  type PageError,
} from './form-values.js';

export type Values = Record<string, string>;
export type FormErrors = { errors: PageError[]; fieldErrors: Values };
export const noErrors: FormErrors = { errors: [], fieldErrors: {} };

/** Field paths in repository errors → the id of the form control to link to. */
const controlFor: Record<string, string> = {
  givenByKind: 'givenBy',
  givenByPersonId: 'givenBy',
  recordedOn: 'recordedOn-day',
  expiresOn: 'expiresOn-day',
};

/** The `:id` route parameter: a child's id, a break-glass use's, a notification's or a step's. */
export const idOf = (request: FastifyRequest): string => (request.params as { id: string }).id;

/**
 * GOV.UK errors from a validation error: a summary linking to each field, in the order the
 * fields appear on the page, and a map by field.
 */
export function pageErrors(e: BatonError, order: readonly string[] = []): FormErrors {
  const errors = pageErrorsFrom(e.details, {
    anchors: controlFor,
    order,
  });
  return { errors, fieldErrors: fieldErrors(errors) };
}

/** A date from the three GOV.UK date fields: '' when all are empty; as typed when not a date. */
export function dateFrom(form: FormBody, name: string): string {
  const reading = readDateParts(dateParts(form, name));
  if (reading.kind === 'empty') return '';
  if (reading.kind === 'date') return reading.iso;
  const { day, month, year } = dateParts(form, name);
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** The named fields of a form, as typed ('' when missing). */
export const formValues = (form: FormBody, names: readonly string[]): Values =>
  Object.fromEntries(names.map((n) => [n, field(form, n)]));

/** A refusal to read a child's record becomes a page offering emergency access. */
export async function forbidden(
  request: FastifyRequest,
  reply: FastifyReply,
  e: unknown,
  extra: Record<string, unknown> = {},
) {
  if (!isBatonError(e) || e.code !== 'BATON_FORBIDDEN') throw e;
  return reply.status(403).render('child-forbidden.njk', {
    title: 'You do not have access to this child’s record',
    childId: idOf(request),
    offerBreakGlass: mayUseBreakGlass(request.ctx.actor),
    ...extra,
  });
}

/** Render a form about the child's record with the record, or the page saying no access. */
export async function renderRecordForm(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  status: number,
  title: string,
  context: Record<string, unknown>,
) {
  let record: ChildRecord;
  try {
    record = await getChildRecord(request.session, idOf(request), {});
  } catch (e) {
    return forbidden(request, reply, e);
  }
  return reply.status(status).render(template, { title, record, ...context });
}
