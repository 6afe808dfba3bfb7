/**
 * Panels and hubs that allocate lead professionals (Stockport's Early Help Hub, Walsall's
 * locality panels) or decide on work sent to them (Peterborough's MASG): their meeting dates
 * from the pack's cadence, each meeting's agenda, the allocations they record, and their
 * decisions, each taken as a step of the work heard.
 */
import { withTransaction } from '../../db/unit-of-work.js';
import { dayText, isIsoDate } from '../../../core/calendar/index.js';
import { BatonError, type ErrorDetail } from '../../../core/errors/error-catalogue.js';
import { isMeetingDate, nextMeetingDates, type Panel } from '../../../core/journey/index.js';
import type { Transition } from '../../../core/journey/index.js';
import type { ResolvedPack } from '../../../core/policy/index.js';
import {
  agendaCounts,
  appendAudit,
  authoriseChild,
  changeLeadProfessional,
  contactChildren,
  findAgendaItem,
  findPractitioner,
  insertAgendaItem,
  involveAllocatedProfessional,
  listAgenda,
  listEpisodes,
  listLeadProfessionalCandidates,
  loadEpisode,
  loadWorkItem,
  notifyUser,
  recordAllocation,
  recordPanelDecision,
  requestTransition,
  workflowOf,
  type AgendaItemView,
  type AgendaSubjectType,
  type EpisodeSummary,
  type RequestContext,
  type WorkItem,
} from '../../repositories/index.js';
import {
  actorOf,
  blank,
  invalid,
  mustBeOpen,
  packOf,
  todayOf,
  type EarlyHelpDeps,
} from './early-help-support.js';
import type { PanelDecisionView, PanelMeetingView, PanelView } from '../../schemas/index.js';

export type { PanelView };

function findPanel(deps: EarlyHelpDeps, panelId: string): { pack: ResolvedPack; panel: Panel } {
  const packs = [packOf(deps, deps.packId), ...deps.packs.values()];
  for (const pack of packs) {
    const panel = pack.panels.find((p) => p.id === panelId);
    if (panel) return { pack, panel };
  }
  throw new BatonError('BATON_NOT_FOUND', { message: 'There is no panel with that id.' });
}

async function panelView(
  deps: EarlyHelpDeps,
  pack: ResolvedPack,
  panel: Panel,
  from: string,
  count: number,
): Promise<PanelView> {
  const dates = nextMeetingDates(panel.cadence, from, count);
  const counts = await agendaCounts(deps.db, panel.id, dates);
  return {
    id: panel.id,
    packId: pack.id,
    authority: pack.authority,
    name: panel.name,
    purpose: panel.purpose,
    cadence: panel.cadence,
    coordinatedBy: [...panel.coordinatedBy],
    citation: panel.citation,
    nextMeetings: dates.map((date) => ({ date, agendaCount: counts.get(date) ?? 0 })),
  };
}

/** The panels of a pack (the deployment's by default) with their next meetings. */
export async function listPanels(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  packId: string | undefined,
): Promise<PanelView[]> {
  actorOf(ctx);
  const pack = packOf(deps, packId ?? deps.packId);
  return Promise.all(pack.panels.map((p) => panelView(deps, pack, p, todayOf(ctx), 4)));
}

/** One panel's meetings from a date (today by default). */
export async function panelMeetings(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  panelId: string,
  query: { from?: string | undefined; count?: number | undefined },
): Promise<PanelView> {
  actorOf(ctx);
  const { pack, panel } = findPanel(deps, panelId);
  const from = query.from ?? todayOf(ctx);
  if (!isIsoDate(from)) throw invalid([{ path: 'from', message: 'Use a date like 2026-11-23' }]);
  return panelView(deps, pack, panel, from, query.count ?? 6);
}

function meetingDate(panel: Panel, date: string, ctx: RequestContext, future: boolean): void {
  if (!isMeetingDate(panel.cadence, date) || (future && date < todayOf(ctx))) {
    const next = nextMeetingDates(panel.cadence, todayOf(ctx), 3).map(dayText).join(', ');
    throw invalid([
      {
        path: 'date',
        message: `The ${panel.name} does not ${future ? 'have a coming meeting' : 'meet'} on ${dayText(date)}; its next meetings are ${next}`,
      },
    ]);
  }
}

async function mustCoordinate(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  panel: Panel,
  action: string,
): Promise<void> {
  const actor = actorOf(ctx);
  if (panel.coordinatedBy.some((r) => actor.roles.includes(r))) return;
  await appendAudit(deps.db, ctx, {
    action,
    objectType: 'panel',
    objectId: panel.id,
    outcome: 'refused',
    reason: 'not a panel coordinator role',
  });
  throw new BatonError('BATON_FORBIDDEN', {
    message: `Only ${panel.coordinatedBy.join(', ')} can put cases before the ${panel.name} and record its decisions.`,
  });
}

/** One meeting: its agenda (cases the actor may see) and who can be allocated. */
export async function panelMeeting(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  panelId: string,
  date: string,
): Promise<PanelMeetingView> {
  const actor = actorOf(ctx);
  const { pack, panel } = findPanel(deps, panelId);
  meetingDate(panel, date, ctx, false);
  return {
    panel: await panelView(deps, pack, panel, todayOf(ctx), 4),
    date,
    items: await listAgenda(deps.db, ctx, panel.id, date),
    candidates: await listLeadProfessionalCandidates(deps.db),
    canCoordinate: panel.coordinatedBy.some((r) => actor.roles.includes(r)),
  };
}

/**
 * The meeting page: the agenda, the open episodes a coordinator could add to it, and for each
 * piece of work on it still waiting, the steps that record the panel's decision.
 */
export async function panelMeetingPage(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  panelId: string,
  date: string,
): Promise<
  Awaited<ReturnType<typeof panelMeeting>> & {
    episodes: EpisodeSummary[];
    decisionSteps: Record<string, { id: string; name: string }[]>;
  }
> {
  const meeting = await panelMeeting(deps, ctx, panelId, date);
  const episodes = meeting.canCoordinate
    ? await listEpisodes(deps.db, ctx, deps.packs, { open: true })
    : [];
  const decisionSteps: Record<string, { id: string; name: string }[]> = {};
  for (const i of meeting.items) {
    if (i.subjectType === 'contact' || i.status === 'decided') continue;
    // The agenda lists only items whose children the actor may read.
    const item = await loadWorkItem(deps.db, deps.packs, i.subjectId);
    const steps = item ? panelDecisionSteps(deps, item, panelId) : [];
    if (steps.length > 0) decisionSteps[i.id] = steps.map((t) => ({ id: t.id, name: t.name }));
  }
  return {
    ...meeting,
    episodes: episodes.filter((e) => !meeting.items.some((i) => i.subjectId === e.id)),
    decisionSteps,
  };
}

/**
 * The steps of a piece of work that record this panel's decision from where the work is now
 * (`panel:` in the pack): work with one is waiting for the panel.
 */
export function panelDecisionSteps(
  deps: EarlyHelpDeps,
  item: WorkItem,
  panelId: string,
): Transition[] {
  const pack = deps.packs.get(item.packId);
  if (!pack || item.final) return [];
  return workflowOf(pack, item.workflowId).transitions.filter(
    (t) => t.panel === panelId && t.from.includes(item.state),
  );
}

/** A piece of work waiting for this panel's decision, or the reason it cannot be listed. */
async function workForPanel(
  deps: EarlyHelpDeps,
  panel: Panel,
  workItemId: string,
): Promise<WorkItem> {
  const item = await loadWorkItem(deps.db, deps.packs, workItemId);
  if (!item)
    throw new BatonError('BATON_NOT_FOUND', { message: 'There is no work item with that id.' });
  if (panelDecisionSteps(deps, item, panel.id).length === 0)
    throw invalid([
      {
        path: 'workItemId',
        message: `This ${item.workflowName} is "${item.stateName}": it is not waiting for the ${panel.name}'s decision, so it cannot be put on its agenda`,
      },
    ]);
  return item;
}

/**
 * Put a case on a coming meeting's agenda: an early help episode, a front-door contact, or any
 * piece of work the pack sends to this panel (one whose state has a step recording the panel's
 * decision, e.g. a C&F assessment with the outcome "Referral to Early Help" for the MASG).
 */
export async function addToAgenda(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  panelId: string,
  date: string,
  input: {
    episodeId?: string | undefined;
    contactId?: string | undefined;
    workItemId?: string | undefined;
    reason: string;
  },
): Promise<AgendaItemView> {
  const { pack, panel } = findPanel(deps, panelId);
  await mustCoordinate(deps, ctx, panel, 'panel.agenda.add');
  meetingDate(panel, date, ctx, true);
  const details: ErrorDetail[] = [];
  if (blank(input.reason))
    details.push({ path: 'reason', message: 'Say what the panel is asked to decide' });
  const given = [input.episodeId, input.contactId, input.workItemId].filter((v) => !blank(v));
  if (given.length !== 1)
    details.push({
      path: 'subject',
      message: 'Give one of: an early help episode, a contact, or a piece of work for the panel',
    });
  if (details.length > 0) throw invalid(details);
  let subjectType: AgendaSubjectType;
  let subjectId: string;
  let childIds: string[];
  if (!blank(input.episodeId)) {
    const item = await loadEpisode(deps.db, deps.packs, input.episodeId ?? '');
    mustBeOpen(item, 'its panel agenda');
    subjectType = 'episode';
    subjectId = item.id;
    childIds = item.childIds;
  } else if (!blank(input.workItemId)) {
    const item = await workForPanel(deps, panel, input.workItemId ?? '');
    subjectType = 'work-item';
    subjectId = item.id;
    childIds = item.childIds;
  } else {
    const children = await contactChildren(deps.db, input.contactId ?? '');
    if (children === null)
      throw new BatonError('BATON_NOT_FOUND', { message: 'There is no contact with that id.' });
    subjectType = 'contact';
    subjectId = input.contactId ?? '';
    childIds = children;
  }
  for (const childId of childIds)
    await authoriseChild(deps.db, ctx, childId, 'write', {
      action: 'panel.agenda.add',
      objectType: subjectType === 'contact' ? 'contact' : 'work-item',
      objectId: subjectId,
    });
  return insertAgendaItem(deps.db, ctx, {
    packId: pack.id,
    panelId: panel.id,
    panelName: panel.name,
    meetingDate: date,
    subjectType,
    subjectId,
    childIds,
    reason: input.reason.trim(),
  });
}

/**
 * Record the panel's decision on a piece of work it heard, as that work's own step (the pack's
 * step with `panel:` this panel, from where the work is). The step is planned and applied as any
 * other — its guards, what it must carry, what it starts — in one unit of work with the agenda
 * item's record of it; a refused step changes nothing. Only on or after the meeting's day.
 */
export async function recordDecision(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  panelId: string,
  date: string,
  input: {
    agendaItemId: string;
    transitionId: string;
    payload: Record<string, unknown>;
    version?: number | undefined;
  },
): Promise<PanelDecisionView> {
  const { panel } = findPanel(deps, panelId);
  await mustCoordinate(deps, ctx, panel, 'panel.decide');
  meetingDate(panel, date, ctx, false);
  if (date > todayOf(ctx))
    throw invalid([
      {
        path: 'date',
        message: `The ${panel.name} of ${dayText(date)} has not met yet: record its decision on or after that day`,
      },
    ]);
  const row = await findAgendaItem(deps.db, panel.id, date, input.agendaItemId);
  if (input.version !== undefined && input.version !== row.version)
    throw new BatonError('BATON_STALE_EDIT');
  if (row.status === 'decided')
    throw new BatonError('BATON_TRANSITION_NOT_ALLOWED', {
      message: `The ${panel.name}'s decision on this case is already recorded.`,
    });
  if (row.subject_type === 'contact')
    throw invalid([
      {
        path: 'agendaItemId',
        message: `A contact on the agenda is allocated a lead professional, not decided as a step; use the allocation`,
      },
    ]);
  const item = await loadWorkItem(deps.db, deps.packs, row.subject_id);
  if (!item)
    throw new BatonError('BATON_NOT_FOUND', { message: 'There is no work item with that id.' });
  const steps = panelDecisionSteps(deps, item, panel.id);
  if (!steps.some((t) => t.id === input.transitionId))
    throw invalid([
      {
        path: 'transitionId',
        message:
          steps.length === 0
            ? `This ${item.workflowName} is "${item.stateName}": the ${panel.name} has no decision to record on it now`
            : `The ${panel.name}'s decisions on this case are: ${steps.map((t) => `${t.id} (${t.name})`).join(', ')}`,
      },
    ]);
  const said = typeof input.payload.note === 'string' ? input.payload.note.trim() : '';
  const note = `Decision of the ${panel.name} on ${dayText(date)}${said === '' ? '' : `: ${said}`}`;
  const outcome = await withTransaction(deps.db, async (trx) => {
    const applied = await requestTransition(trx, ctx, deps.packs, {
      workItemId: item.id,
      transitionId: input.transitionId,
      payload: { ...input.payload, note },
      expectedVersion: item.version,
    });
    await recordPanelDecision(trx, ctx, row, {
      transitionId: input.transitionId,
      recordId: applied.transitionRecordId,
    });
    return applied;
  });
  const items = await listAgenda(deps.db, ctx, panel.id, date);
  const agendaItem = items.find((i) => i.id === row.id);
  if (!agendaItem) throw new BatonError('BATON_INTERNAL');
  return {
    agendaItem,
    status: outcome.status,
    transitionRecordId: outcome.transitionRecordId,
  };
}

/**
 * The panel allocates a lead professional at the meeting (Stockport 001: "a lead professional and
 * case allocated to them during the hub meeting ... informed by business support"). For an
 * episode the lead professional changes on the episode itself (a versioned, audited update: no
 * workflow step changes the lead without changing state); for a contact, the professional is
 * involved with the child so that they can contact the family and open the episode. Either way
 * they are notified.
 */
export async function allocateLeadProfessional(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  panelId: string,
  date: string,
  input: {
    agendaItemId: string;
    userId: string;
    note?: string | undefined;
    version?: number | undefined;
  },
): Promise<AgendaItemView> {
  const { panel } = findPanel(deps, panelId);
  await mustCoordinate(deps, ctx, panel, 'panel.allocate');
  meetingDate(panel, date, ctx, false);
  const row = await findAgendaItem(deps.db, panel.id, date, input.agendaItemId);
  if (input.version !== undefined && input.version !== row.version)
    throw new BatonError('BATON_STALE_EDIT');
  const lead = await findPractitioner(deps.db, input.userId);
  if (!lead) throw invalid([{ path: 'userId', message: 'Choose a professional who uses Baton' }]);
  const note = blank(input.note) ? null : (input.note ?? '').trim();
  const because = `Allocated by the ${panel.name} on ${dayText(date)}${note ? `: ${note}` : ''}`;
  let childIds: string[] = row.child_id !== null ? [row.child_id] : [];
  let item: WorkItem | null = null;
  if (row.subject_type === 'episode') {
    item = await loadEpisode(deps.db, deps.packs, row.subject_id);
    mustBeOpen(item, 'its lead professional');
    childIds = item.childIds;
  } else {
    childIds = (await contactChildren(deps.db, row.subject_id)) ?? childIds;
  }
  for (const childId of childIds)
    await authoriseChild(deps.db, ctx, childId, 'write', {
      action: 'panel.allocate',
      objectType: 'panel-agenda-item',
      objectId: row.id,
    });
  await withTransaction(deps.db, async (trx) => {
    if (item) await changeLeadProfessional(trx, ctx, item, lead, because);
    else await involveAllocatedProfessional(trx, ctx, childIds, lead, panel.name);
    await recordAllocation(trx, ctx, row, lead, note);
    await notifyUser(trx, ctx, {
      userId: lead.userId,
      kind: 'allocation',
      text: `The ${panel.name} on ${dayText(date)} allocated you as lead professional for ${row.subject_type === 'episode' ? 'an early help episode' : 'a family referred to the front door: contact the parents and, with their consent, open an early help episode'}.`,
      objectType: row.subject_type === 'episode' ? 'work-item' : 'contact',
      objectId: row.subject_id,
    });
  });
  const items = await listAgenda(deps.db, ctx, panel.id, date);
  const updated = items.find((i) => i.id === row.id);
  if (!updated) throw new BatonError('BATON_INTERNAL');
  return updated;
}
