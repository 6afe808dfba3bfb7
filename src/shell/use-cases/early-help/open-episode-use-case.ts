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
  namesOf,
  readHousehold,
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
  validateConsentForEach,
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
  /**
   * The other children in the family the episode is also for (issue 14 §4): one episode, one
   * assessment and plan for the family, each child keeping their own record, consent and level.
   */
  alsoFor?: readonly string[] | undefined;
}

/**
 * Open an early help episode for a child, or for the family's children together (Stockport 001:
 * "Any referral to the MASSH or Early Help Assessment needs to include all the children in the
 * family, as both ... are holistic family assessments"). No front-door referral is needed: any
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
  const childIds = [childId, ...new Set((input.alsoFor ?? []).filter((c) => c !== childId))];
  for (const c of childIds)
    await authoriseChild(deps.db, ctx, c, 'write', {
      action: 'early-help-episode.open',
      objectType: 'child',
      objectId: c,
    });
  const pack = packOf(deps, deps.packId);
  const workflow = workflowOf(pack, EPISODE_WORKFLOW);
  const details: ErrorDetail[] = [];
  const family = await familyOf(deps, ctx, childId, childIds.slice(1), details);
  if (input.consent) await validateConsentForEach(deps, childIds, input.consent, details);

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
  const heldConsentIds = new Map<string, string | null>();
  for (const c of childIds)
    heldConsentIds.set(
      c,
      input.consent ? await liveConsentMatching(deps, c, todayOf(ctx), input.consent) : null,
    );

  // Ask the journey first, with the consent the family is giving now, so that a refused step
  // leaves no half-opened episode behind.
  const payload = {
    leadProfessionalName: lead?.name ?? '',
    leadProfessionalAgency: lead?.agency ?? '',
    ...(blank(input.reason) ? {} : { rationale: (input.reason ?? '').trim() }),
  };
  const consent = input.consent;
  const consentNow: ConsentFact[] = consent
    ? childIds
        .filter((c) => heldConsentIds.get(c) === null)
        .map((c) => ({
          childId: c,
          purpose: 'early-help',
          decision: consent.decision,
          givenBy: consent.givenBy,
          recordedOn: todayOf(ctx),
          expiresOn: null,
          notSoughtReason: null,
          consulted: null,
        }))
    : [];
  const consentsHeld: ConsentFact[] = [];
  for (const c of childIds) consentsHeld.push(...(await consentFactsFor(deps.db, c)));
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
        // Newest first, as the guards read them: the answer given now outranks the ledger's.
        consents: [...consentNow, ...consentsHeld],
        ...(family.length > 1 ? { children: family } : {}),
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
    if (consent?.decision === 'refused') {
      // Stockport 000 Annex (ii): the family's "no" is recorded, on each child's record; the
      // practitioner's own support goes on. It outlives the refusal's rollback, also inside a
      // caller's unit of work.
      await recordThroughRollback(deps.db, async (trx) => {
        for (const c of childIds) {
          const consentId = await insertConsentDecision(trx, ctx, {
            childId: c,
            purpose: 'early-help',
            decision: 'refused',
            givenBy: consent.givenBy,
            givenByPersonId: consentPersonId(consent),
            givenByName: consent.givenByName,
            method: consent.method,
            notes: consentNotes(consent),
          });
          await appendTimeline(trx, {
            childId: c,
            at: ctx.now,
            kind: 'early-help.consent-refused',
            summary: `Consent to an early help episode refused by ${givenByLabel[consent.givenBy]}.${blank(input.continuingSupport) ? '' : ` ${actor.displayName} continues single-agency support: ${(input.continuingSupport ?? '').trim()}`}`,
            objectType: 'consent',
            objectId: consentId,
            actorUserId: actor.userId,
          });
        }
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
    // Each child's consent: the one the ledger holds, referenced, else the answer given now.
    const consentIds: Record<string, string> = {};
    for (const c of childIds) {
      const id =
        heldConsentIds.get(c) ??
        (consent
          ? await insertConsentDecision(trx, ctx, {
              childId: c,
              purpose: 'early-help',
              decision: consent.decision,
              givenBy: consent.givenBy,
              givenByPersonId: consentPersonId(consent),
              givenByName: consent.givenByName,
              method: consent.method,
              notes: consentNotes(consent),
            })
          : null);
      if (id !== null) consentIds[c] = id;
    }
    const consentId = consentIds[childId];
    const ownerAgencyId = lead?.agencyId ?? actor.agencyId;
    const id = await startWork(trx, ctx, {
      pack,
      workflowId: EPISODE_WORKFLOW,
      subjectType: 'child',
      subjectId: childId,
      childIds,
      level: null,
      ownerAgencyId,
      data: {
        leadAgreedWithFamily: true,
        openedReason: (input.reason ?? '').trim(),
        ...(consentId === undefined ? {} : { consentId }),
        ...(childIds.length > 1 ? { consentIds } : {}),
      },
      leadProfessional: lead ? { name: lead.name, agency: lead.agency, userId: lead.userId } : null,
    });
    const openerIsLead = lead?.userId === actor.userId;
    for (const c of childIds)
      await addInvolvement(trx, {
        childId: c,
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
          { id, childIds, workflowName: workflow.name },
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
 * The family the episode is for, by name, for the engine's per-child consent guards: the child and
 * each other child named, who must share a parent or carer with them on the record and have no
 * early help episode open already (else a detail on `alsoFor` says which and why).
 */
async function familyOf(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  childId: string,
  alsoFor: readonly string[],
  details: ErrorDetail[],
): Promise<{ id: string; name: string }[]> {
  const names = await namesOf(deps.db, [childId, ...alsoFor]);
  const nameOf = (id: string): string => names.get(id) ?? id;
  if (alsoFor.length > 0) {
    const household = await readHousehold(deps.db, ctx, deps.packs, childId);
    for (const other of alsoFor) {
      const sibling = household.find((h) => h.id === other);
      if (!sibling)
        details.push({
          path: 'alsoFor',
          message: `${nameOf(other)} does not share a parent or carer with this child on the record: open their early help from their own record`,
        });
      else if (sibling.openWork.some((w) => w.workflowId === EPISODE_WORKFLOW))
        details.push({
          path: 'alsoFor',
          message: `${sibling.name} already has an early help episode open: untick them, or work in that episode`,
        });
    }
  }
  return [childId, ...alsoFor].map((id) => ({ id, name: nameOf(id) }));
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
