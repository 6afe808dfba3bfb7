/**
 * The performance and data team's page (issue 16 §2, §3, §4): download the Children in Need
 * census and run DfE's validation, with the failures by rule and how many children fail each;
 * download Ofsted's Annex A lists for a window; see every census failure by team (data quality).
 * Only the data team may open it; every download and validation is audited with its counts.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addMonths, londonDay } from '../../../core/calendar/index.js';
import { CENSUS_YEARS } from '../../../core/returns/index.js';
import { annexADownload } from '../../use-cases/annex-a-use-cases.js';
import { dataQuality } from '../../use-cases/data-quality-use-cases.js';
import {
  censusDownload,
  censusValidation,
  requireReturnsRole,
} from '../../use-cases/returns-use-cases.js';
import { requireActor } from '../request-context-plugin.js';
import {
  dateInputId,
  datePartsOf,
  field,
  readDate,
  type DateParts,
  type FormBody,
  type PageError,
} from './form-values.js';

const yearOf = (q: FormBody): string => field(q, 'year') || CENSUS_YEARS[0];

/** The Annex A window the form shows first: the six months Ofsted asks for, to today. */
function defaultWindow(now: string): { from: DateParts; to: DateParts } {
  const today = londonDay(now);
  return { from: datePartsOf(addMonths(today, -6)), to: datePartsOf(today) };
}

async function renderReturns(
  request: FastifyRequest,
  reply: FastifyReply,
  extra: Record<string, unknown> = {},
) {
  const q = request.query as FormBody;
  return reply.render('returns.njk', {
    title: 'Statutory returns',
    years: CENSUS_YEARS,
    year: yearOf(q),
    annexA: defaultWindow(request.session.ctx.now),
    fieldErrors: {},
    ...extra,
  });
}

/** Register the returns pages and downloads. */
export function registerReturnsPages(app: FastifyInstance): void {
  app.get('/returns', async (request, reply) => {
    requireActor(request);
    const q = request.query as FormBody;
    if (field(q, 'validate') === '') {
      await requireReturnsRole(request.session);
      return renderReturns(request, reply);
    }
    const summary = await censusValidation(request.session, yearOf(q));
    return renderReturns(request, reply, { summary });
  });

  app.get('/returns/cin.xml', async (request, reply) => {
    requireActor(request);
    const { filename, pieces } = await censusDownload(
      request.session,
      yearOf(request.query as FormBody),
    );
    return reply
      .header('content-type', 'application/xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(pieces));
  });

  app.get('/returns/annex-a.xlsx', async (request, reply) => {
    requireActor(request);
    const q = request.query as FormBody;
    const from = readDate(q, 'from', 'The first day of the window');
    const to = readDate(q, 'to', 'The last day of the window');
    const missing = (d: typeof from, label: string) =>
      d.error ?? (d.iso === undefined ? `Enter ${label}` : null);
    const fieldErrors: Record<string, string> = {};
    const errors: PageError[] = [];
    for (const [name, d, label] of [
      ['from', from, 'the first day of the window'],
      ['to', to, 'the last day of the window'],
    ] as const) {
      const message = missing(d, label);
      if (message === null) continue;
      fieldErrors[name] = message;
      errors.push({ text: message, href: `#${dateInputId(name)}` });
    }
    if (from.iso !== undefined && to.iso !== undefined && from.iso > to.iso) {
      fieldErrors.from = 'The first day of the window must be on or before the last day';
      errors.push({ text: fieldErrors.from, href: `#${dateInputId('from')}` });
    }
    if (errors.length > 0 || from.iso === undefined || to.iso === undefined) {
      await requireReturnsRole(request.session);
      reply.status(400);
      return renderReturns(request, reply, {
        errors,
        fieldErrors,
        annexA: { from: from.parts, to: to.parts },
      });
    }
    const file = await annexADownload(request.session, from.iso, to.iso);
    const body = createReadStream(file.path);
    body.on('close', () => void file.cleanup());
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('content-length', String(file.size))
      .header('cache-control', 'no-store')
      .send(body);
  });

  app.get('/returns/data-quality', async (request, reply) => {
    requireActor(request);
    const quality = await dataQuality(request.session, field(request.query as FormBody, 'year'));
    return reply.render('returns-data-quality.njk', {
      title: 'Census data quality',
      years: CENSUS_YEARS,
      quality,
    });
  });
}
