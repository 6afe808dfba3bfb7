/**
 * Which early help steps a reader may take, asked once: the child record offers "open early
 * help" and the episode page offers new concerns by these, and the use-cases refuse by the same
 * functions, so a form is shown only to someone who may send it, and a refusal reads before
 * anything is typed (issue 14 §2).
 */
import type { Role } from '../access/roles.js';
import { mayAskFor, type Transition, type Workflow } from '../journey/index.js';
import { transitionFor, WORKFLOW_IDS } from './pack-contract.js';
import type { ResolvedPack } from './pack-resolver.js';

/** A step the reader may take, or why not (in words the page shows as it is). */
export type StepOffer = { ok: true; step: Transition } | { ok: false; reason: string };

/** May someone with `roles` open an early help episode under `pack`? */
export function openEpisodeOffer(
  pack: Pick<ResolvedPack, 'authority' | 'workflows'> | undefined,
  roles: readonly Role[],
): StepOffer {
  const workflow = pack?.workflows.get(WORKFLOW_IDS.earlyHelpEpisode);
  if (!pack || !workflow)
    return { ok: false, reason: 'This authority’s guidance has no early help episodes.' };
  const step = transitionFor(workflow, workflow.initial, 'open-episode');
  if (!step)
    return { ok: false, reason: `${pack.authority}’s guidance has no step that opens an episode.` };
  return mayAskFor(step, roles)
    ? { ok: true, step }
    : {
        ok: false,
        reason: `Your role cannot open an early help episode: under ${pack.authority}’s guidance it is opened by a ${step.requestedBy.join(', ').replaceAll('-', ' ')}.`,
      };
}

/**
 * The pack's new-concerns step from `state` (a multi-agency meeting follows), or why there is
 * none: then only an immediate child protection concern, telephoned to the front door, can be
 * recorded, and the case is discussed with a manager and its review brought forward.
 */
export function newConcernsOffer(
  pack: Pick<ResolvedPack, 'authority'>,
  workflow: Workflow,
  state: string,
  roles: readonly Role[],
): StepOffer {
  const stateName = workflow.states.find((s) => s.id === state)?.name ?? state;
  const step = transitionFor(workflow, state, 'new-concerns');
  if (!step)
    return {
      ok: false,
      reason: `${pack.authority}'s guidance has no new-concerns step from "${stateName}". Discuss the concerns with your manager and bring the review forward.`,
    };
  return mayAskFor(step, roles)
    ? { ok: true, step }
    : {
        ok: false,
        reason: `Your role cannot record new concerns that call a multi-agency meeting: "${step.name}" is for a ${step.requestedBy.join(', ').replaceAll('-', ' ')}.`,
      };
}
