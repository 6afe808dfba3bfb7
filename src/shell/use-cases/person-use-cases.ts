/** People on the record: search at intake, read, create, update and relate (issue 3). */
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { ChildDefinition } from '../../core/people/index.js';
import * as repo from '../repositories/index.js';
import type { Session } from '../session/index.js';

export {
  communicationNeeds,
  validateNewPerson,
  type NewPerson,
} from '../repositories/people-repository.js';
export type {
  NewRelationship,
  PersonDetail,
  PersonPatch,
  PersonSearch,
  SearchResult,
} from '../repositories/index.js';

/**
 * Who counts as a child here: the deployment pack's definition (Stockport counts disabled young
 * people to 24), falling back to the national pack's.
 */
export function childDefinition(session: Session): ChildDefinition {
  const pack = session.packs.get(session.packId) ?? session.packs.get('national');
  if (!pack)
    throw new BatonError('BATON_UNKNOWN_PACK', {
      message: `The deployment's policy pack "${session.packId}" is not loaded.`,
    });
  return pack.child;
}

/** People matching the search, as far as the actor may see them. */
export function searchPeople(session: Session, query: repo.PersonSearch) {
  return repo.searchPeople(session.db, session.ctx, query);
}

/** One person, with their relationships. */
export function getPerson(session: Session, id: string) {
  return repo.getPerson(session.db, session.ctx, childDefinition(session), id);
}

/** Add a person to the record. */
export function createPerson(session: Session, person: Parameters<typeof repo.createPerson>[3]) {
  return repo.createPerson(session.db, session.ctx, childDefinition(session), person);
}

/** Change a person's details, if nobody has changed them since `version`. */
export function updatePerson(
  session: Session,
  id: string,
  version: number,
  patch: repo.PersonPatch,
) {
  return repo.updatePerson(session.db, session.ctx, childDefinition(session), id, version, patch);
}

/** Relate a person (existing or new) to the child. */
export function addRelationship(session: Session, childId: string, r: repo.NewRelationship) {
  return repo.addRelationship(session.db, session.ctx, childDefinition(session), childId, r);
}
