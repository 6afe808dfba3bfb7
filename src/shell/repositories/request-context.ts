import type { Actor } from '../../core/access/index.js';

/** Who is asking and from where: passed to every repository method. */
export interface RequestContext {
  actor: Actor | null;
  requestId: string;
  remoteAddress: string | null;
  /** The time of the request, as ISO-8601 UTC. The shell reads the clock once per request. */
  now: string;
}
