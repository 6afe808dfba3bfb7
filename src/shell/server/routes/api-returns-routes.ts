/**
 * Statutory returns over the API (issue 15 §3, issue 16): the Children in Need census as DfE's
 * XML, for a data warehouse calling with an API client token that holds `returns:read` (its
 * service user holds the data-team role), or for a member of the data team signed in. Refused
 * and audited for anyone else; every download is audited with its counts, never names.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BatonError } from '../../../core/errors/error-catalogue.js';
import { CENSUS_YEARS } from '../../../core/returns/index.js';
import { censusDownload } from '../../use-cases/returns-use-cases.js';
import { errorResponses } from '../api-schemas.js';
import { requireActor } from '../request-context-plugin.js';

const errors = errorResponses(400, 401, 403, 404);

/** Register GET /api/returns/cin. */
export function registerReturnsApi(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/returns/cin',
    {
      schema: {
        tags: ['returns'],
        summary: 'The Children in Need census for a year, as DfE XML',
        description:
          'Scope `returns:read` for an API client (its service user holds the data-team role); a signed-in person needs the data-team role. Every child with an assessment, section 47 enquiries, a plan or care in the year (1 April to 31 March). Each download is audited with how many children and episodes it held and its validation counts. 403 BATON_FORBIDDEN for anyone outside the data team; 403 BATON_CLIENT_SCOPE for a client without the scope.',
        // Checked after sign-in (the census year by the use-case), so a caller who is not signed
        // in meets 401 before anything about the query.
        querystring: z.object({
          year: z
            .string()
            .optional()
            .describe(`the census year: ${CENSUS_YEARS.join(' or ')}`),
        }),
        produces: ['application/xml'],
        response: { 200: z.string().describe('the census XML (CIN census schema)'), ...errors },
      },
      config: { clientScope: 'returns:read' },
    },
    async (request, reply) => {
      requireActor(request);
      const year = request.query.year;
      if (year === undefined || year === '')
        throw new BatonError('BATON_VALIDATION', {
          details: [
            { path: 'year', message: `give the census year: ${CENSUS_YEARS.join(' or ')}` },
          ],
        });
      const { filename, pieces } = await censusDownload(request.session, year);
      return (
        reply
          .header('content-type', 'application/xml; charset=utf-8')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .header('cache-control', 'no-store')
          // A stream: Fastify sends it as it is written, without serialising; the 200 schema only
          // describes it in the OpenAPI document, hence the cast.
          .send(Readable.from(pieces) as unknown as string)
      );
    },
  );
}
