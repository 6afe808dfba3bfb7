/**
 * Pages for finding and adding people at intake, and merging duplicates (issue 3). They work
 * without JavaScript: the search is a GET form, adding and merging are POST forms with CSRF
 * tokens that redirect on success and re-show what was typed, with an error summary, on failure.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isBatonError, type BatonError } from '../../../core/errors/error-catalogue.js';
import { formatNhsNumber } from '../../../core/people/index.js';
import {
  findMergeCandidates,
  getMerge,
  mergePeople,
  previewMerge,
  requireMergeRole,
  undoMerge,
} from '../../use-cases/person-merge-use-cases.js';
import {
  childDefinition,
  communicationNeeds,
  createPerson,
  getPerson,
  searchPeople,
  type NewPerson,
  type SearchResult,
} from '../../use-cases/person-use-cases.js';
import { longDateText } from '../date-text.js';
import { requireActor } from '../request-context-plugin.js';
import {
  asForm,
  field,
  fieldErrors,
  fields,
  formTokenKey,
  pageErrorsFrom,
  readDate,
  type DateParts,
  type FormBody,
  type PageError,
} from './form-values.js';
import { once } from '../../use-cases/idempotency.js';

/** Where each field's error links to (a date links to its day box), in the pages' order. */
const FIELD_ANCHORS: Record<string, string> = {
  kind: '#kind',
  expectedDate: '#expectedDate-day',
  givenName: '#givenName',
  familyName: '#familyName',
  dateOfBirth: '#dateOfBirth-day',
  nhsNumber: '#nhsNumber',
  upn: '#upn',
  postcode: '#postcode',
  language: '#language',
  communicationNeeds: '#communicationNeeds',
  disabled: '#disabled',
  disabilityDetails: '#disabilityDetails',
  keptId: '#keptId',
  mergedId: '#keptId',
  reason: '#reason',
  ids: '#ids',
};

const COMMUNICATION_NEED_TEXT: Record<(typeof communicationNeeds)[number], string> = {
  interpreter: 'An interpreter (a spoken language)',
  bsl: 'A British Sign Language interpreter',
  'easy-read': 'EasyRead information',
  'large-print': 'Large, clear print',
  other: 'Something else (say what in the notes on the record)',
};

/** The page's words for a repository's message, where the page asks differently (date boxes). */
function pageMessage(path: string, message: string): string {
  if (path === 'expectedDate' && message.startsWith('Expected date must be'))
    return 'The expected date must be today or in the future';
  return message;
}

const FIELD_ORDER = Object.keys(FIELD_ANCHORS);
const ANCHOR_IDS = Object.fromEntries(
  Object.entries(FIELD_ANCHORS).map(([path, href]) => [path, href.slice(1)]),
);

/** A repository's BATON_VALIDATION as error-summary items, in the order the fields appear. */
const errorsFrom = (e: BatonError): PageError[] =>
  pageErrorsFrom(e.details, { anchors: ANCHOR_IDS, order: FIELD_ORDER, text: pageMessage });

// ---------------------------------------------------------------------------------------------
// The search form, shared by "find or add a child" and "merge"
// ---------------------------------------------------------------------------------------------

interface SearchValues {
  givenName: string;
  familyName: string;
  dateOfBirth: DateParts;
  nhsNumber: string;
  postcode: string;
}

function readSearch(query: FormBody) {
  const dob = readDate(query, 'dateOfBirth', 'Date of birth');
  const values: SearchValues = {
    givenName: field(query, 'givenName'),
    familyName: field(query, 'familyName'),
    dateOfBirth: dob.parts,
    nhsNumber: field(query, 'nhsNumber'),
    postcode: field(query, 'postcode'),
  };
  const asked =
    values.givenName !== '' ||
    values.familyName !== '' ||
    values.nhsNumber !== '' ||
    values.postcode !== '' ||
    dob.iso !== undefined ||
    dob.error !== null;
  const errors: PageError[] =
    dob.error === null ? [] : [{ text: dob.error, href: '#dateOfBirth-day' }];
  return {
    values,
    asked,
    errors,
    query: {
      givenName: values.givenName,
      familyName: values.familyName,
      dateOfBirth: dob.iso,
      nhsNumber: values.nhsNumber,
      postcode: values.postcode,
    },
  };
}

/** The search as query-string pairs, to carry into "add a new child" or back to the results. */
function searchParams(values: SearchValues): URLSearchParams {
  const params = new URLSearchParams();
  const add = (k: string, v: string) => {
    if (v !== '') params.set(k, v);
  };
  add('givenName', values.givenName);
  add('familyName', values.familyName);
  add('dateOfBirth-day', values.dateOfBirth.day);
  add('dateOfBirth-month', values.dateOfBirth.month);
  add('dateOfBirth-year', values.dateOfBirth.year);
  add('nhsNumber', values.nhsNumber);
  add('postcode', values.postcode);
  return params;
}

/** Candidates with display fields the templates need. */
function showCandidates(result: SearchResult) {
  return result.candidates.map((c) => ({
    ...c,
    name: `${c.givenName} ${c.familyName}`,
    dateOfBirthText: longDateText(c.dateOfBirth),
    expectedDateText: longDateText(c.expectedDate),
    nhsShown:
      c.nhsNumber !== null
        ? formatNhsNumber(c.nhsNumber)
        : c.nhsNumberLast4 !== null
          ? `ending ${c.nhsNumberLast4}`
          : null,
    strength: c.score >= 80 ? 'Strong match' : c.score >= 60 ? 'Possible match' : 'Weak match',
  }));
}

// ---------------------------------------------------------------------------------------------
// Adding a person
// ---------------------------------------------------------------------------------------------

interface NewPersonValues {
  kind: string;
  givenName: string;
  familyName: string;
  dateOfBirth: DateParts;
  expectedDate: DateParts;
  nhsNumber: string;
  upn: string;
  postcode: string;
  language: string;
  communicationNeeds: string[];
  disabled: string;
  disabilityDetails: string;
}

function readNewPerson(form: FormBody): {
  values: NewPersonValues;
  person: NewPerson | null;
  errors: PageError[];
} {
  const dob = readDate(form, 'dateOfBirth', 'Date of birth');
  const expected = readDate(form, 'expectedDate', 'Expected date');
  const values: NewPersonValues = {
    kind: field(form, 'kind'),
    givenName: field(form, 'givenName'),
    familyName: field(form, 'familyName'),
    dateOfBirth: dob.parts,
    expectedDate: expected.parts,
    nhsNumber: field(form, 'nhsNumber'),
    upn: field(form, 'upn'),
    postcode: field(form, 'postcode'),
    language: field(form, 'language'),
    communicationNeeds: fields(form, 'communicationNeeds'),
    disabled: field(form, 'disabled'),
    disabilityDetails: field(form, 'disabilityDetails'),
  };
  const errors: PageError[] = [];
  if (!['child', 'unborn', 'adult'].includes(values.kind))
    errors.push({ text: 'Select who you are adding', href: '#kind' });
  if (dob.error !== null) errors.push({ text: dob.error, href: '#dateOfBirth-day' });
  if (values.kind === 'unborn') {
    if (expected.error !== null) errors.push({ text: expected.error, href: '#expectedDate-day' });
    else if (expected.iso === undefined)
      errors.push({ text: 'Enter the expected date of delivery', href: '#expectedDate-day' });
  } else if (expected.iso !== undefined || expected.error !== null) {
    errors.push({
      text: 'Clear the expected date, or select "An unborn baby"',
      href: '#expectedDate-day',
    });
  }
  if (errors.length > 0) return { values, person: null, errors };
  const optional = (v: string) => (v === '' ? undefined : v);
  return {
    values,
    errors,
    person: {
      kind: values.kind === 'adult' ? 'adult' : 'child',
      givenName: values.givenName,
      familyName: values.familyName,
      dateOfBirth: dob.iso,
      expectedDate: values.kind === 'unborn' ? expected.iso : undefined,
      nhsNumber: optional(values.nhsNumber),
      upn: optional(values.upn),
      postcode: optional(values.postcode),
      language: optional(values.language),
      communicationNeeds: values.communicationNeeds,
      disabled: values.disabled === 'yes',
      disabilityDetails: values.disabled === 'yes' ? optional(values.disabilityDetails) : undefined,
    },
  };
}

export function registerPeoplePages(app: FastifyInstance): void {
  const csrf = app.csrfProtection.bind(app);
  const needOptions = communicationNeeds.map((value) => ({
    value,
    text: COMMUNICATION_NEED_TEXT[value],
  }));

  // ----- Find or add a child ------------------------------------------------------------------

  app.get('/people/find', async (request, reply) => {
    requireActor(request);
    const search = readSearch(request.query as FormBody);
    const page = {
      title: 'Find or add a child',
      values: search.values,
      addNewHref: `/people/new?${searchParams(search.values).toString()}`,
    };
    if (!search.asked) return reply.render('people-find.njk', page);
    let errors = search.errors;
    let result: SearchResult | null = null;
    if (errors.length === 0) {
      try {
        result = await searchPeople(request.session, { ...search.query, kind: 'child' });
      } catch (e) {
        if (!isBatonError(e) || e.code !== 'BATON_VALIDATION') throw e;
        errors = errorsFrom(e);
      }
    }
    return reply.status(errors.length > 0 ? 400 : 200).render('people-find.njk', {
      ...page,
      errors,
      fieldErrors: fieldErrors(errors),
      searched: result !== null,
      scope: result?.scope,
      candidates: result === null ? [] : showCandidates(result),
      restricted: result?.restricted ?? 0,
    });
  });

  const renderNew = (
    reply: FastifyReply,
    values: NewPersonValues,
    errors: PageError[],
  ): FastifyReply =>
    reply.status(errors.length > 0 ? 400 : 200).render('people-new.njk', {
      title: values.kind === 'adult' ? 'Add an adult' : 'Add a child',
      values,
      errors,
      fieldErrors: fieldErrors(errors),
      needOptions,
      childDefinition: childDefinition(reply.request.session),
    });

  app.get('/people/new', async (request, reply) => {
    requireActor(request);
    const q = request.query as FormBody;
    const dob = readDate(q, 'dateOfBirth', 'Date of birth');
    const kind = field(q, 'kind');
    return renderNew(
      reply,
      {
        kind: ['child', 'unborn', 'adult'].includes(kind) ? kind : 'child',
        givenName: field(q, 'givenName'),
        familyName: field(q, 'familyName'),
        dateOfBirth: dob.parts,
        expectedDate: { day: '', month: '', year: '' },
        nhsNumber: field(q, 'nhsNumber'),
        upn: '',
        postcode: field(q, 'postcode'),
        language: '',
        communicationNeeds: [],
        disabled: '',
        disabilityDetails: '',
      },
      [],
    );
  });

  app.post('/people/new', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const form = asForm(request.body);
    const { values, person, errors } = readNewPerson(form);
    if (person === null) return renderNew(reply, values, errors);
    try {
      const { body: created } = await once(
        request.session,
        { key: formTokenKey(form), route: 'POST /people/new', request: null },
        201,
        (s) => createPerson(s, person),
      );
      return await reply
        .status(303)
        .redirect(created.kind === 'child' ? `/children/${created.id}` : `/people/${created.id}`);
    } catch (e) {
      if (!isBatonError(e) || e.code !== 'BATON_VALIDATION') throw e;
      return renderNew(reply, values, errorsFrom(e));
    }
  });

  // ----- Merging duplicates (team managers) ----------------------------------------------------

  const renderMergeSearch = async (
    request: FastifyRequest,
    reply: FastifyReply,
    query: FormBody,
    extraErrors: PageError[] = [],
  ) => {
    const search = readSearch(query);
    let errors = [...search.errors];
    let result: SearchResult | null = null;
    if (!search.asked) await requireMergeRole(request.session);
    else if (errors.length === 0) {
      try {
        result = await findMergeCandidates(request.session, search.query);
      } catch (e) {
        if (!isBatonError(e) || e.code !== 'BATON_VALIDATION') throw e;
        errors = errorsFrom(e);
      }
    }
    errors.push(...extraErrors);
    return reply.status(errors.length > 0 ? 400 : 200).render('people-merge.njk', {
      title: 'Merge duplicate records',
      values: search.values,
      errors,
      fieldErrors: fieldErrors(errors),
      searched: result !== null,
      candidates: result === null ? [] : showCandidates(result),
      selected: fields(query, 'ids'),
    });
  };

  app.get('/people/merge', async (request, reply) => {
    requireActor(request);
    return renderMergeSearch(request, reply, request.query as FormBody);
  });

  const renderCompare = async (
    request: FastifyRequest,
    reply: FastifyReply,
    ids: [string, string],
    form: { keptId: string; reason: string },
    errors: PageError[],
  ) => {
    const preview = await previewMerge(request.session, ids[0], ids[1]);
    return reply.status(errors.length > 0 ? 400 : 200).render('people-merge-compare.njk', {
      title: 'Compare two records',
      preview,
      ids,
      values: form,
      errors,
      fieldErrors: fieldErrors(errors),
      needText: COMMUNICATION_NEED_TEXT,
      formatNhs: (n: string | null) => (n === null ? '' : formatNhsNumber(n)),
      longDate: longDateText,
    });
  };

  app.get('/people/merge/compare', async (request, reply) => {
    requireActor(request);
    const query = request.query as FormBody;
    const ids = [...new Set(fields(query, 'ids'))];
    if (ids.length !== 2 || ids[0] === undefined || ids[1] === undefined)
      return renderMergeSearch(request, reply, query, [
        { text: 'Select the two records that are the same person', href: '#ids' },
      ]);
    return renderCompare(request, reply, [ids[0], ids[1]], { keptId: '', reason: '' }, []);
  });

  app.post('/people/merge', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const form = asForm(request.body);
    const [a = '', b = ''] = fields(form, 'ids');
    const keptId = field(form, 'keptId');
    const reason = field(form, 'reason');
    const errors: PageError[] = [];
    if (keptId !== a && keptId !== b)
      errors.push({ text: 'Select the record to keep', href: '#keptId' });
    if (reason === '')
      errors.push({ text: 'Say why these records are the same person', href: '#reason' });
    if (errors.length === 0) {
      try {
        const merge = await mergePeople(request.session, {
          keptId,
          mergedId: keptId === a ? b : a,
          reason,
        });
        return await reply.status(303).redirect(`/people/merges/${merge.id}`);
      } catch (e) {
        if (!isBatonError(e) || e.code !== 'BATON_VALIDATION') throw e;
        errors.push(...errorsFrom(e));
      }
    }
    return renderCompare(request, reply, [a, b], { keptId, reason }, errors);
  });

  app.get('/people/merges/:id', async (request, reply) => {
    requireActor(request);
    const { id } = request.params as { id: string };
    const merge = await getMerge(request.session, id);
    return reply.render('people-merge-done.njk', {
      title: merge.undoneAt === null ? 'Records merged' : 'Merge undone',
      merge,
    });
  });

  app.post('/people/merges/:id/undo', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const { id } = request.params as { id: string };
    await undoMerge(request.session, id);
    return reply.status(303).redirect(`/people/merges/${id}`);
  });

  // ----- One person ----------------------------------------------------------------------------

  app.get('/people/:id', async (request, reply) => {
    requireActor(request);
    const { id } = request.params as { id: string };
    const person = await getPerson(request.session, id);
    return reply.render('people-person.njk', {
      title: `${person.givenName} ${person.familyName}`,
      person,
      nhsShown: person.nhsNumber === null ? null : formatNhsNumber(person.nhsNumber),
      needText: COMMUNICATION_NEED_TEXT,
      longDate: longDateText,
    });
  });
}
