/**
 * Single sign-on (OpenID Connect): start a sign-in at a provider, finish it at the callback, and
 * sign out offering the provider's end-session. The user is found by a verified claim (issuer and
 * subject once linked; else a verified email); nobody unknown gets in.
 */
import { BatonError, type ErrorCode } from '../../core/errors/error-catalogue.js';
import * as repo from '../repositories/index.js';
import type { Session } from '../session/index.js';
import { OidcRelyingParty, type VerifiedIdentity } from '../sso/oidc-client.js';
import type { SsoProvider } from '../sso/sso-config.js';

/** The providers and the relying party that speaks to them (one per app). */
export interface SsoSetting {
  providers: readonly SsoProvider[];
  relyingParty: OidcRelyingParty;
}

export function findProvider(sso: SsoSetting, id: string): SsoProvider {
  const provider = sso.providers.find((p) => p.id === id);
  if (!provider) throw new BatonError('BATON_SSO_UNKNOWN_PROVIDER');
  return provider;
}

/** Keep the secrets of a new sign-in and return the provider's address to send the browser to. */
export async function beginSsoSignIn(
  session: Session,
  sso: SsoSetting,
  providerId: string,
  returnTo: string,
): Promise<{ redirectTo: string; state: string }> {
  const provider = findProvider(sso, providerId);
  const checks = await OidcRelyingParty.newChecks();
  let url: URL;
  try {
    url = await sso.relyingParty.authorizationUrl(provider, checks, new Date(session.now));
  } catch {
    throw new BatonError('BATON_SSO_FAILED', {
      message: `${provider.name} did not answer. Try again in a few minutes; if it goes on, tell your Baton administrator.`,
    });
  }
  await repo.savePendingSsoSignIn(
    session.db,
    checks.state,
    { providerId, codeVerifier: checks.codeVerifier, nonce: checks.nonce, returnTo },
    session.now,
  );
  return { redirectTo: url.href, state: checks.state };
}

export interface SsoCallback {
  /** The whole callback address as the browser asked for it (code, state, iss). */
  url: URL;
  /** The state in the address, and the one the browser kept in its cookie when it set out. */
  state: string | undefined;
  stateCookie: string | undefined;
}

/**
 * Check the provider's answer and start a Baton session. Every refusal is audited and thrown:
 * BATON_SSO_FAILED (state, replay, ID token), BATON_SSO_UNKNOWN_USER, BATON_SSO_ACCOUNT_INACTIVE.
 */
export async function finishSsoSignIn(
  session: Session,
  sso: SsoSetting,
  providerId: string,
  callback: SsoCallback,
  lifetimes: repo.SessionLifetimes,
): Promise<{ token: string; returnTo: string }> {
  const provider = findProvider(sso, providerId);
  const refuse = async (
    reason: string,
    code: ErrorCode = 'BATON_SSO_FAILED',
    userId: string | null = null,
    message?: string,
  ): Promise<BatonError> => {
    await session.audit({
      action: 'session.sign-in',
      outcome: 'failed',
      actorUserId: userId,
      reason: `single sign-on (${provider.id}): ${reason}`,
    });
    return new BatonError(code, message === undefined ? {} : { message });
  };

  const { state, stateCookie } = callback;
  if (state === undefined || stateCookie === undefined || state !== stateCookie)
    throw await refuse('the state does not match the one this browser set out with');
  const pending = await repo.takePendingSsoSignIn(session.db, state, session.now);
  if (!pending)
    throw await refuse('no sign-in is waiting for this state (used already, or expired)');
  if (pending.providerId !== provider.id)
    throw await refuse('the sign-in was started with another provider');

  let identity: VerifiedIdentity;
  try {
    identity = await sso.relyingParty.exchange(
      provider,
      callback.url,
      { ...pending, state },
      new Date(session.now),
    );
  } catch (e) {
    throw await refuse(`the provider's answer was refused: ${describeFailure(e)}`);
  }

  const user = await findUser(session, provider, identity);
  if (!user) {
    if (provider.unknownUsers === 'create-inactive' && provider.agencyId !== undefined) {
      const agencyId = provider.agencyId;
      const id = await session.transaction(async (s) => {
        const created = await repo.createInactiveSsoUser(
          s.db,
          {
            providerId,
            subject: identity.subject,
            email: identity.email,
            name: identity.name,
            agencyId,
          },
          s.now,
        );
        await repo.linkIdentity(s.db, { ...identity, userId: created, providerId }, s.now);
        await s.audit({
          action: 'user.create',
          outcome: 'allowed',
          objectType: 'user',
          objectId: created,
          actorUserId: created,
          reason: `single sign-on (${providerId}): created inactive for an administrator to approve`,
        });
        return created;
      });
      throw await refuse(
        'account created inactive',
        'BATON_SSO_ACCOUNT_INACTIVE',
        id,
        'Baton has made you an account, but an administrator must approve it and give you your roles before you can sign in. Ask your Baton administrator, then sign in again.',
      );
    }
    throw await refuse('no Baton user has this identity', 'BATON_SSO_UNKNOWN_USER');
  }
  if (!user.active)
    throw await refuse('the account is inactive', 'BATON_SSO_ACCOUNT_INACTIVE', user.id);
  const { token } = await repo.startSession(session.db, session.ctx, user.id, lifetimes, {
    providerId,
    idToken: identity.idToken,
  });
  return { token, returnTo: pending.returnTo };
}

/** Linked identity first; else one user with this verified email (then linked for next time). */
async function findUser(
  session: Session,
  provider: SsoProvider,
  identity: VerifiedIdentity,
): Promise<repo.SsoUser | null> {
  const linked = await repo.userForIdentity(session.db, identity.issuer, identity.subject);
  if (linked) return linked;
  if (provider.claim !== 'email' || identity.email === undefined) return null;
  if (!identity.emailVerified && !provider.trustEmail) return null;
  const matches = await repo.usersWithEmail(session.db, identity.email);
  const only = matches.length === 1 ? matches[0] : undefined;
  if (!only) return null;
  await repo.linkIdentity(
    session.db,
    {
      issuer: identity.issuer,
      subject: identity.subject,
      userId: only.id,
      providerId: provider.id,
    },
    session.now,
  );
  return only;
}

/**
 * End the Baton session; for a single sign-on session, also say where the provider's own
 * end-session is (the page offers it: the provider may hold other services' sessions too).
 */
export async function signOutEverywhere(
  session: Session,
  sso: SsoSetting,
  token: string,
): Promise<{ provider: { name: string; endSessionUrl: string } | null }> {
  const from = await repo.sessionSso(session.db, token);
  await repo.signOut(session.db, session.ctx, token);
  const provider = from ? sso.providers.find((p) => p.id === from.providerId) : undefined;
  if (!from || !provider) return { provider: null };
  const url = await sso.relyingParty
    .endSessionUrl(provider, from.idToken, new Date(session.now))
    .catch(() => null);
  return { provider: url ? { name: provider.name, endSessionUrl: url.href } : null };
}

/** The app's single sign-on setting, from its configuration. */
export function ssoSetting(
  providers: readonly SsoProvider[],
  publicUrl: string | undefined,
): SsoSetting {
  return { providers, relyingParty: new OidcRelyingParty(publicUrl ?? 'http://localhost') };
}

/** The library's reason and the reasons under it (e.g. which claim, `exp`, failed). */
function describeFailure(e: unknown): string {
  const reasons: string[] = [];
  let at: unknown = e;
  while (at instanceof Error && reasons.length < 3) {
    reasons.push(at.message);
    at = at.cause;
  }
  return reasons.length > 0 ? reasons.join(': ') : 'unknown';
}
