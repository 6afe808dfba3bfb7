/**
 * The performance and data team's page (issue 16 §2, §4): download the Children in Need
 * census and run DfE's validation, with the failures by rule and how many children fail each.
 * Only the data team may open it; every download and validation is audited with its counts.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { CENSUS_YEARS } from '../../../core/returns/index.js';
import {
  censusDownload,
  censusValidation,
  requireReturnsRole,
} from '../../use-cases/returns-use-cases.js';
import { requireActor } from '../request-context-plugin.js';
import { field, type FormBody } from './form-values.js';

const yearOf = (q: FormBody): string => field(q, 'year') || CENSUS_YEARS[0];

/** Register GET /returns and GET /returns/cin.xml. */
export function registerReturnsPages(app: FastifyInstance): void {
  app.get('/returns', async (request, reply) => {
    requireActor(request);
    const q = request.query as FormBody;
    const year = yearOf(q);
    if (field(q, 'validate') === '') {
      await requireReturnsRole(request.session);
      return reply.render('returns.njk', { title: 'Statutory returns', years: CENSUS_YEARS, year });
    }
    const summary = await censusValidation(request.session, year);
    return reply.render('returns.njk', {
      title: 'Statutory returns',
      years: CENSUS_YEARS,
      year,
      summary,
    });
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
}
