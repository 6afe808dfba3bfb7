/** Pages: "Check a child's level of need", the result, the practitioner's judgement, my checks. */
import type { FastifyInstance } from 'fastify';
import { isBatonError } from '../../../core/errors/error-catalogue.js';
import type { LevelNumber } from '../../../core/policy/index.js';
import { findPack } from '../../policy/pack-views.js';
import { getCheck, judgeCheck, listMyChecks } from '../../use-cases/check-review-use-cases.js';
import { runAndRecordCheck } from '../../use-cases/threshold-check-use-cases.js';
import { signedInReferrer } from '../../use-cases/contact-use-cases.js';
import type { Session } from '../../session/index.js';
import type { AppDeps } from '../app-deps.js';
import { requireActor } from '../request-context-plugin.js';
import {
  indicatorGroups,
  readCheckForm,
  validateCheckForm,
  type CheckFormValues,
} from './check-form.js';
import { asForm, field, fieldErrors, type PageError } from './form-values.js';

export function registerCheckPages(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.handle.db;
  const csrf = app.csrfProtection.bind(app);
  const localPacks = [...deps.packs.values()].filter((p) => p.base !== null);

  app.get('/check', async (request, reply) => {
    requireActor(request);
    const chosen = (request.query as { pack?: string }).pack;
    if (chosen !== undefined && deps.packs.has(chosen))
      return reply.redirect(`/check/${encodeURIComponent(chosen)}`);
    if (localPacks.length === 1 && localPacks[0])
      return reply.redirect(`/check/${localPacks[0].id}`);
    const errors: PageError[] =
      chosen !== undefined
        ? [{ text: 'Select the area whose guidance you are following', href: '#pack' }]
        : [];
    return reply.status(errors.length > 0 ? 400 : 200).render('check-choose-pack.njk', {
      title: "Check a child's level of need",
      errors,
      packs: localPacks.map((p) => ({
        value: p.id,
        text: p.authority,
        hint: `Version ${p.version}, effective from ${p.effectiveFrom}`,
      })),
    });
  });

  const renderForm = (packId: string, values: CheckFormValues, errors: PageError[]) => {
    const pack = findPack(deps.packs, packId);
    const selected = new Set(values.indicators);
    const groups = indicatorGroups(pack, values.filter, selected);
    const shown = new Set(groups.flatMap((g) => g.items.map((i) => i.value)));
    return {
      title: "Check a child's level of need",
      pack,
      values,
      errors,
      groups,
      hiddenSelected: values.indicators.filter((id) => !shown.has(id)),
      emergency: pack.immediateDanger,
      contacts: pack.contacts,
      fieldErrors: fieldErrors(errors),
      multiplePacks: localPacks.length > 1,
    };
  };

  app.get('/check/:packId', async (request, reply) => {
    requireActor(request);
    const { packId } = request.params as { packId: string };
    const filter = (request.query as { filter?: string }).filter ?? '';
    const values: CheckFormValues = {
      immediateDanger: '',
      ageYears: '',
      unborn: false,
      disabled: false,
      openTo: '',
      indicators: [],
      filter,
    };
    return reply.render('check-form.njk', renderForm(packId, values, []));
  });

  app.post('/check/:packId', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const { packId } = request.params as { packId: string };
    const form = asForm(request.body);
    const values = readCheckForm(form);
    // "Filter indicators" re-renders with the filter applied and the ticked indicators kept.
    if (field(form, 'action') === 'filter')
      return reply.render('check-form.njk', renderForm(packId, values, []));
    const parsed = validateCheckForm(packId, values);
    if ('errors' in parsed)
      return reply.status(400).render('check-form.njk', renderForm(packId, values, parsed.errors));
    const check = await runAndRecordCheck(db, request.ctx, deps.packs, parsed.request);
    return reply.status(303).redirect(`/checks/${check.id}`);
  });

  const renderResult = async (
    id: string,
    session: Session,
    extra: Record<string, unknown> = {},
  ) => {
    const check = await getCheck(session, id);
    const pack = deps.packs.get(check.packId);
    const packChanged = pack !== undefined && pack.version !== check.packVersion;
    return {
      title: `Level of need: level ${check.result.suggestedLevel}`,
      check,
      result: check.result,
      pack,
      packChanged,
      isOwner: session.ctx.actor?.userId === check.createdBy,
      // The referral starts here (issue 14 §3): from whom, shown for checking, and to where.
      referrer: await signedInReferrer(db, session.ctx),
      frontDoorName: deps.packs.get(deps.config.packId)?.frontDoorName ?? 'the front door',
      sourcesById: Object.fromEntries((pack?.sources ?? []).map((s) => [s.id, s])),
      ...extra,
    };
  };

  app.get('/checks/:id', async (request, reply) => {
    requireActor(request);
    const { id } = request.params as { id: string };
    const saved = (request.query as { saved?: string }).saved === '1';
    return reply.render('check-result.njk', await renderResult(id, request.session, { saved }));
  });

  app.post('/checks/:id/judgement', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const { id } = request.params as { id: string };
    const form = asForm(request.body);
    const levelText = field(form, 'level');
    const reason = field(form, 'reason');
    const version = Number(field(form, 'version')) || undefined;
    const errors: PageError[] = [];
    if (!['1', '2', '3', '4'].includes(levelText))
      errors.push({ text: 'Select the level you judge the child to be at', href: '#level' });
    if (errors.length === 0) {
      try {
        await judgeCheck(request.session, id, {
          level: Number(levelText) as LevelNumber,
          reason,
          expectedVersion: version,
        });
        return await reply.status(303).redirect(`/checks/${id}?saved=1`);
      } catch (e) {
        if (!isBatonError(e)) throw e;
        if (e.code === 'BATON_JUDGEMENT_REASON_REQUIRED')
          errors.push({
            text: 'Give a reason for differing from the suggested level',
            href: '#reason',
          });
        else if (e.code === 'BATON_STALE_EDIT')
          errors.push({
            text: 'Someone else changed this check. Your answer is kept below: check it and save again.',
            href: '#level',
          });
        else throw e;
      }
    }
    return reply.status(errors[0]?.text.startsWith('Someone') === true ? 409 : 400).render(
      'check-result.njk',
      await renderResult(id, request.session, {
        errors,
        judgementValues: { level: levelText, reason },
        fieldErrors: fieldErrors(errors),
      }),
    );
  });

  app.get('/checks', async (request, reply) => {
    requireActor(request);
    const checks = await listMyChecks(request.session, 50);
    return reply.render('checks-list.njk', {
      title: 'My level of need checks',
      checks: checks.map((c) => ({
        ...c,
        authority: deps.packs.get(c.packId)?.authority ?? c.packId,
      })),
    });
  });
}
