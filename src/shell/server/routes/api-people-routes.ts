/** People: intake search, create, update, relationships, merge and undo (issue 3). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mergePeople, undoMerge } from '../../use-cases/person-merge-use-cases.js';
import {
  addRelationship,
  createPerson,
  getPerson,
  searchPeople,
  updatePerson,
} from '../../use-cases/person-use-cases.js';
import {
  mergeBody,
  mergeSchema,
  newPersonBody,
  personDetailSchema,
  personPatchBody,
  personSearchQuery,
  personSearchResponse,
  relationshipBody,
} from '../api-people-schemas.js';
import { errorResponse, errorResponses, idempotencyHeaders } from '../api-schemas.js';
import { answerCreated } from './api-create.js';
import { requireActor } from '../request-context-plugin.js';

const errors = errorResponses(400, 401, 403, 404, 409, 415);
const idParams = z.object({ id: z.string().min(1).max(100) });

export function registerPeopleApi(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/people/search',
    {
      schema: {
        tags: ['people'],
        summary: 'Find a person before adding them (intake search)',
        description:
          'Candidates share a blocking key (NHS number, date of birth, postcode, or the sound of the family name joined with the year or day of birth when one is given) with the query and are ranked with a score and reasons. The front door, social care and early help search everyone; partners search the children they work with and their adults, and see only the last four digits of an NHS number. Every search is audited.',
        querystring: personSearchQuery,
        response: { 200: personSearchResponse, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return searchPeople(request.session, request.query);
    },
  );

  api.post(
    '/people',
    {
      schema: {
        tags: ['people'],
        summary: 'Add a child (born or unborn) or an adult',
        description:
          "A child needs a date of birth (or an expected date, unborn) that makes them a child under the deployment pack's definition. The creator's agency becomes involved with a new child, so keeps access to it.",
        headers: idempotencyHeaders,
        body: newPersonBody,
        response: { 201: personDetailSchema, ...errors },
      },
    },
    async (request, reply) =>
      answerCreated(request, reply, 'POST /api/people', request.body, (s) =>
        createPerson(s, request.body),
      ),
  );

  api.get(
    '/people/:id',
    {
      schema: {
        tags: ['people'],
        summary: 'A person, with age and relationships',
        description:
          'A merged record answers with the record it was merged into; `mergedFrom` then names the id asked for.',
        params: idParams,
        response: { 200: personDetailSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return getPerson(request.session, request.params.id);
    },
  );

  api.patch(
    '/people/:id',
    {
      schema: {
        tags: ['people'],
        summary: "Correct a person's details",
        params: idParams,
        body: personPatchBody,
        response: { 200: personDetailSchema, ...errors, 422: errorResponse },
      },
    },
    async (request) => {
      requireActor(request);
      const { version, ...patch } = request.body;
      return updatePerson(request.session, request.params.id, version, patch);
    },
  );

  api.post(
    '/people/:id/relationships',
    {
      schema: {
        tags: ['people'],
        summary: 'Relate a person (existing or new) to this child',
        params: idParams,
        headers: idempotencyHeaders,
        body: relationshipBody,
        response: { 201: personDetailSchema, ...errors },
      },
    },
    async (request, reply) =>
      answerCreated(
        request,
        reply,
        'POST /api/people/:id/relationships',
        { params: request.params, body: request.body },
        (s) => addRelationship(s, request.params.id, request.body),
      ),
  );

  api.post(
    '/people/merges',
    {
      schema: {
        tags: ['people'],
        summary: 'Merge a duplicate record into the one kept (team managers)',
        description:
          'Every reference to the duplicate moves to the record kept; what moved is recorded so that the merge can be undone exactly.',
        body: mergeBody,
        response: { 201: mergeSchema, ...errors },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const merge = await mergePeople(request.session, request.body);
      return reply.status(201).send(merge);
    },
  );

  api.post(
    '/people/merges/:id/undo',
    {
      schema: {
        tags: ['people'],
        summary: 'Undo a merge (team managers)',
        params: idParams,
        response: { 200: mergeSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return undoMerge(request.session, request.params.id);
    },
  );
}
