/** Signing in and out, for the API and the sign-in page. */
import * as repo from '../repositories/index.js';
import type { Session } from '../session/index.js';

/** A new session token and its actor, or BATON_SIGN_IN_FAILED. */
export function signIn(
  session: Session,
  username: string,
  password: string,
  lifetimes?: repo.SessionLifetimes,
) {
  return repo.signIn(session.db, session.ctx, username, password, lifetimes);
}

/** End the session the token names. */
export function signOut(session: Session, token: string): Promise<void> {
  return repo.signOut(session.db, session.ctx, token);
}
