/**
 * Opening an early help episode for a child: the family's consent and a lead professional agreed
 * with them, checked by the journey's `open-episode` step before anything is written.
 */
import { recordThroughRollback, withTransaction } from '../../db/unit-of-work.js';
import type { ErrorDetail } from '../../../core/errors/error-catalogue.js';
import {
  allocationEffects,
  planTransition,
  refusalError,
  type ConsentFact,
} from '../../../core/journey/index.js';
import { stepIdFor } from '../../../core/policy/index.js';
import { dueDateFor } from '../../calendar/index.js';
import {
  addInvolvement,
  appendAudit,
  applyEffects,
  appendTimeline,
  authoriseChild,
  consentFactsFor,
  consentRows,
  currentConsents,
  EPISODE_WORKFLOW,
  findPractitioner,
  insertConsentDecision,
  readEpisode,
  requestTransition,
  startWork,
  workflowOf,
  type EpisodeView,
  type RequestContext,
  type TransitionOutcome,
} from '../../repositories/index.js';
import {
  actorOf,
  blank,
  invalid,
  packOf,
  todayOf,
  type EarlyHelpDeps,
} from './early-help-support.js';
import {
  consentPersonId,
  givenByLabel,
  validateConsent,
  type ConsentInput,
} from './episode-consent.js';

export interface OpenEpisodeInput {
  consent?: ConsentInput | undefined;
  leadProfessional: {
    userId?: string | undefined;
    name?: string | undefined;
    agency?: string | undefined;
    agreedWithFamily: boolean;
  };
  reason?: string | undefined;
  /** When the family declines: the support that carries on without an episode. */
  continuingSupport?: string | undefined;
}

/**
 * Open an early help episode for a child. No front-door referral is needed (Stockport 001): any
 * practitioner may start one with the family's consent and a lead professional agreed with them.
 * The journey's `open-episode` step checks consent and the named lead; when it refuses, nothing
 * is opened, but a refusal of consent is still recorded on the ledger and the timeline.
 */
export async function openEpisode(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  childId: string,
  input: OpenEpisodeInput,
): Promise<{ episode: EpisodeView; status: TransitionOutcome['status'] }> {
  const actor = actorOf(ctx);
  await authoriseChild(deps.db, ctx, childId, 'write', {
    action: 'early-help-episode.open',
    objectType: 'child',
    objectId: childId,
  });
  const pack = packOf(deps, deps.packId);
  const workflow = workflowOf(pack, EPISODE_WORKFLOW);
  const details: ErrorDetail[] = [];
  if (input.consent) await validateConsent(deps, childId, input.consent, details);

  const named = input.leadProfessional;
  let lead: {
    name: string;
    agency: string;
    userId: string | null;
    agencyId: string | null;
  } | null = null;
  if (!blank(named.userId)) {
    const u = await findPractitioner(deps.db, named.userId ?? '');
    if (!u)
      details.push({
        path: 'leadProfessional.userId',
        message: 'There is no active Baton user with that id',
      });
    else lead = { name: u.name, agency: u.agency, userId: u.userId, agencyId: u.agencyId };
  } else if (!blank(named.name) || !blank(named.agency)) {
    lead = {
      name: (named.name ?? '').trim(),
      agency: (named.agency ?? '').trim(),
      userId: null,
      agencyId: null,
    };
  }
  // Stockport 001 "How levels of need are met": the lead professional should be agreed with the family.
  if (lead !== null && !named.agreedWithFamily)
    details.push({
      path: 'leadProfessional.agreedWithFamily',
      message: 'Agree the lead professional with the family before opening the episode',
    });
  if (details.length > 0) throw invalid(details);

  // Consent already live on the ledger (given at the contact, say) is shown on the form for
  // checking; sent back unchanged, it is referenced, not written a second time (issue 14 §3).
  const heldConsentId = input.consent
    ? await liveConsentMatching(deps, childId, todayOf(ctx), input.consent)
    : null;

  // Ask the journey first, with the consent the family is giving now, so that a refused step
  // leaves no half-opened episode behind.
  const payload = {
    leadProfessionalName: lead?.name ?? '',
    leadProfessionalAgency: lead?.agency ?? '',
    ...(blank(input.reason) ? {} : { rationale: (input.reason ?? '').trim() }),
  };
  const consentNow: ConsentFact[] =
    input.consent && heldConsentId === null
      ? [
          {
            purpose: 'early-help',
            decision: input.consent.decision,
            givenBy: input.consent.givenBy,
            recordedOn: todayOf(ctx),
            expiresOn: null,
            notSoughtReason: null,
            consulted: null,
          },
        ]
      : [];
  const plan = planTransition(
    workflow,
    workflow.initial,
    {
      transitionId: stepIdFor(workflow, workflow.initial, 'open-episode'),
      actorRoles: actor.roles,
      at: ctx.now,
      facts: {
        today: todayOf(ctx),
        level: null,
        consents: [...(await consentFactsFor(deps.db, childId)), ...consentNow],
        leadProfessional: null,
        events: [],
        payload,
      },
    },
    pack.timescales,
    dueDateFor(pack, ctx.now),
  );
  const consentNotes = (c: ConsentInput): string =>
    [
      `${c.decision === 'given' ? 'Given' : 'Refused'} by ${c.givenByName.trim()} (${givenByLabel[c.givenBy]}), ${c.method}`,
      blank(c.notes) ? '' : (c.notes ?? '').trim(),
      c.decision === 'refused' && !blank(input.continuingSupport)
        ? `Support that continues: ${(input.continuingSupport ?? '').trim()}`
        : '',
    ]
      .filter((s) => s !== '')
      .join('. ');

  if (!plan.ok) {
    const consent = input.consent;
    if (consent?.decision === 'refused') {
      // Stockport 000 Annex (ii): the family's "no" is recorded; the practitioner's own support goes
      // on. It outlives the refusal's rollback, also inside a caller's unit of work.
      await recordThroughRollback(deps.db, async (trx) => {
        const consentId = await insertConsentDecision(trx, ctx, {
          childId,
          purpose: 'early-help',
          decision: 'refused',
          givenBy: consent.givenBy,
          givenByPersonId: consentPersonId(consent),
          givenByName: consent.givenByName,
          method: consent.method,
          notes: consentNotes(consent),
        });
        await appendTimeline(trx, {
          childId,
          at: ctx.now,
          kind: 'early-help.consent-refused',
          summary: `Consent to an early help episode refused by ${givenByLabel[consent.givenBy]}.${blank(input.continuingSupport) ? '' : ` ${actor.displayName} continues single-agency support: ${(input.continuingSupport ?? '').trim()}`}`,
          objectType: 'consent',
          objectId: consentId,
          actorUserId: actor.userId,
        });
      });
    }
    await appendAudit(deps.db, ctx, {
      action: 'early-help-episode.open',
      objectType: 'child',
      objectId: childId,
      outcome: 'refused',
      reason: `open-episode: ${plan.missing.map((m) => m.rule).join(', ') || plan.message}`,
    });
    throw refusalError(plan);
  }

  // One unit of work: the consent, the episode, the involvements and its first step commit together
  // (kill -9 between them once left episodes "proposed" with no open step and no deadline).
  return withTransaction(deps.db, async (trx) => {
    const consent = input.consent;
    const consentId =
      heldConsentId ??
      (consent
        ? await insertConsentDecision(trx, ctx, {
            childId,
            purpose: 'early-help',
            decision: consent.decision,
            givenBy: consent.givenBy,
            givenByPersonId: consentPersonId(consent),
            givenByName: consent.givenByName,
            method: consent.method,
            notes: consentNotes(consent),
          })
        : null);
    const ownerAgencyId = lead?.agencyId ?? actor.agencyId;
    const id = await startWork(trx, ctx, {
      pack,
      workflowId: EPISODE_WORKFLOW,
      subjectType: 'child',
      subjectId: childId,
      childIds: [childId],
      level: null,
      ownerAgencyId,
      data: {
        leadAgreedWithFamily: true,
        openedReason: (input.reason ?? '').trim(),
        ...(consentId === null ? {} : { consentId }),
      },
      leadProfessional: lead ? { name: lead.name, agency: lead.agency, userId: lead.userId } : null,
    });
    const openerIsLead = lead?.userId === actor.userId;
    await addInvolvement(trx, {
      childId,
      agencyId: actor.agencyId,
      userId: actor.userId,
      role: openerIsLead ? 'lead-professional' : 'early-help',
      from: todayOf(ctx),
      now: ctx.now,
    });
    // A Baton user named as lead sees the child, has the deadlines and is told, at once.
    if (lead?.userId && lead.agencyId && !openerIsLead)
      await applyEffects(
        trx,
        ctx,
        pack,
        allocationEffects(
          { id, childIds: [childId], workflowName: workflow.name },
          { ...lead, userId: lead.userId, agencyId: lead.agencyId },
          'lead-professional',
          ctx.now,
        ),
      );
    const outcome = await requestTransition(trx, ctx, deps.packs, {
      workItemId: id,
      transitionId: stepIdFor(workflow, workflow.initial, 'open-episode'),
      payload,
    });
    return {
      episode: await readEpisode(trx, ctx, deps.packs, id),
      status: outcome.status,
    };
  });
}

/**
 * The live early help consent on the child's ledger that `consent` repeats (given, by the same
 * kind of person, the same person or name, the same way), or null when it says something new.
 */
async function liveConsentMatching(
  deps: EarlyHelpDeps,
  childId: string,
  today: string,
  consent: ConsentInput,
): Promise<string | null> {
  if (consent.decision !== 'given') return null;
  const held = currentConsents(await consentRows(deps.db, childId), today).find(
    (c) => c.purpose === 'early-help',
  );
  const latest = held?.live ? held.latest : null;
  const giver = latest?.givenBy;
  if (!latest || !giver || giver.kind !== consent.givenBy) return null;
  if ((latest.method ?? 'verbal') !== consent.method) return null;
  const personId = consentPersonId(consent);
  // The page sends back the name it showed; the API may name the person on the record.
  const samePerson =
    personId !== null
      ? giver.personId === personId
      : (giver.name ?? '').trim().toLowerCase() === consent.givenByName.trim().toLowerCase();
  return samePerson ? latest.id : null;
}
