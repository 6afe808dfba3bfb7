/** Reading early help episodes for the API and the pages (the writes are in early-help/). */
import * as repo from '../repositories/index.js';
import type { Session } from '../session/index.js';

export {
  actionStatuses,
  distributionMethods,
  type Attendee,
  type DistributionMethod,
  type EpisodeSummary,
  type EpisodeView,
  type Recipient,
} from '../repositories/index.js';

/** Episodes the actor may see, newest first. */
export function listEpisodes(session: Session, filter: Parameters<typeof repo.listEpisodes>[3]) {
  return repo.listEpisodes(session.db, session.ctx, session.packs, filter);
}

/** Everything about one episode, after checking the actor may read the child's record. */
export function readEpisode(session: Session, id: string) {
  return repo.readEpisode(session.db, session.ctx, session.packs, id);
}
