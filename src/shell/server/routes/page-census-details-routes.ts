/**
 * The child's details for statutory returns (issue 16 §1): sex, ethnicity, disabilities, UPN
 * or why it is not known, former UPN and date of death, each from the DfE list with a hint in
 * plain English. One form, asked once, saved through the same person update as every other
 * detail (access checked, stale edits refused, fields changed audited, never their values).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isBatonError } from '../../../core/errors/error-catalogue.js';
import { DISABILITY, ETHNICITY, SEX, UPN_UNKNOWN } from '../../../core/returns/index.js';
import { getPerson, updatePerson } from '../../use-cases/person-use-cases.js';
import { requireActor } from '../request-context-plugin.js';
import { asForm, field, fields, type FormBody, type PageError } from './form-values.js';

type PersonDetail = Awaited<ReturnType<typeof getPerson>>;

interface Values {
  version: string;
  sex: string;
  ethnicity: string;
  disabilityCodes: string[];
  upn: string;
  upnUnknownReason: string;
  formerUpn: string;
  dateOfDeath: { day: string; month: string; year: string };
}

const SEX_HINTS: Record<string, string> = {
  M: 'Male',
  F: 'Female',
  U: 'Not known, or an unborn child',
};

function valuesOf(p: PersonDetail): Values {
  const [year = '', month = '', day = ''] = (p.dateOfDeath ?? '').split('-');
  return {
    version: String(p.version),
    sex: p.sex ?? '',
    ethnicity: p.ethnicity ?? '',
    disabilityCodes: p.disabilityCodes ?? [],
    upn: p.upn ?? '',
    upnUnknownReason: p.upnUnknownReason ?? '',
    formerUpn: p.formerUpn ?? '',
    dateOfDeath: { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year },
  };
}

function readForm(form: FormBody): Values {
  return {
    version: field(form, 'version'),
    sex: field(form, 'sex'),
    ethnicity: field(form, 'ethnicity'),
    disabilityCodes: fields(form, 'disabilityCodes'),
    upn: field(form, 'upn'),
    upnUnknownReason: field(form, 'upnUnknownReason'),
    formerUpn: field(form, 'formerUpn'),
    dateOfDeath: {
      day: field(form, 'dateOfDeath-day'),
      month: field(form, 'dateOfDeath-month'),
      year: field(form, 'dateOfDeath-year'),
    },
  };
}

const ANCHORS: Record<string, string> = {
  sex: '#sex',
  ethnicity: '#ethnicity',
  disabilityCodes: '#disabilityCodes',
  upn: '#upn',
  upnUnknownReason: '#upnUnknownReason',
  formerUpn: '#formerUpn',
  dateOfDeath: '#dateOfDeath-day',
};

/** Register GET and POST /children/:id/census-details. */
export function registerCensusDetailsPages(app: FastifyInstance): void {
  const csrf = app.csrfProtection.bind(app);
  const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;
  const render = (
    reply: FastifyReply,
    person: PersonDetail,
    values: Values,
    errors: PageError[] = [],
  ) =>
    reply.status(errors.length > 0 ? 400 : 200).render('child-census-details.njk', {
      title: 'Details for statutory returns',
      person,
      values,
      errors,
      fieldErrors: Object.fromEntries(
        errors.map((e) => [e.href.replace(/^#/, '').replace(/-day$/, ''), e.text]),
      ),
      sexOptions: SEX.map((c) => ({
        value: c.code,
        text: SEX_HINTS[c.code] ?? c.label,
        hint: c.code,
      })),
      ethnicityOptions: ETHNICITY,
      disabilityOptions: DISABILITY,
      upnUnknownOptions: UPN_UNKNOWN,
    });

  app.get('/children/:id/census-details', async (request, reply) => {
    requireActor(request);
    const person = await getPerson(request.session, idOf(request));
    return render(reply, person, valuesOf(person));
  });

  app.post('/children/:id/census-details', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const values = readForm(asForm(request.body));
    const d = values.dateOfDeath;
    const deathGiven = d.day !== '' || d.month !== '' || d.year !== '';
    const blank = (v: string) => (v === '' ? null : v);
    try {
      await updatePerson(request.session, idOf(request), Number(values.version) || 0, {
        sex: blank(values.sex),
        ethnicity: blank(values.ethnicity),
        disabilityCodes: values.disabilityCodes.length === 0 ? null : values.disabilityCodes,
        upn: blank(values.upn),
        upnUnknownReason: values.upn === '' ? blank(values.upnUnknownReason) : null,
        formerUpn: blank(values.formerUpn),
        dateOfDeath: deathGiven
          ? `${d.year}-${d.month.padStart(2, '0')}-${d.day.padStart(2, '0')}`
          : null,
      });
    } catch (e) {
      if (!isBatonError(e) || e.code !== 'BATON_VALIDATION') throw e;
      const person = await getPerson(request.session, idOf(request));
      return render(
        reply,
        person,
        values,
        e.details.map((x) => ({ text: x.message, href: ANCHORS[x.path] ?? '#main-content' })),
      );
    }
    return reply
      .status(303)
      .redirect(`/children/${encodeURIComponent(idOf(request))}?saved=census-details`);
  });
}
