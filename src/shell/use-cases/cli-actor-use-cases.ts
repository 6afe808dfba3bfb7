/**
 * Who the `baton` command acts as when it takes a step for someone (`--as <username>`). The
 * operator at the command line has the database already; acting as a user keeps the access
 * policy, the rules and the audit exactly as that user would meet them in the pages.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/access/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Database } from '../db/index.js';
import { actorForUsername } from '../repositories/index.js';

/** The active user with this username as an actor, or BATON_NOT_FOUND. */
export async function actorNamed(db: Kysely<Database>, username: string): Promise<Actor> {
  const actor = await actorForUsername(db, username);
  if (!actor)
    throw new BatonError('BATON_NOT_FOUND', {
      message: `There is no active user "${username}". \`baton users list\` shows them.`,
    });
  return actor;
}
