/**
 * The OpenID Connect relying party, with `openid-client`: discovery (once per provider, retried
 * after a failure), the authorization code flow with PKCE (S256), state and nonce, and the ID
 * token checked by the library (signature, issuer, audience, expiry, nonce).
 *
 * Time: the shell reads the clock once per request, and the ID token is judged at that time —
 * each exchange builds its configuration with the request's clock skew from the process clock
 * (zero in production, where both are the same clock; tests move Baton's clock to expire tokens).
 */
import type * as oidc from 'openid-client';

// openid-client is loaded on the first sign-in with a provider, not at start-up (start-up has a
// one-second budget, and most deployments sign in with passwords or not at all on a given process).
let loaded: Promise<typeof oidc> | undefined;
const openidClient = (): Promise<typeof oidc> => (loaded ??= import('openid-client'));
import type { SsoProvider } from './sso-config.js';

/** What the callback must match: kept server-side between the redirect and the callback. */
export interface PendingChecks {
  codeVerifier: string;
  nonce: string;
  state: string;
}

export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  name: string | undefined;
  idToken: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Plain HTTP only to a provider on this machine (tests, a developer's provider). */
const insecureAllowed = (issuer: string): boolean => {
  const url = new URL(issuer);
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname);
};

export class OidcRelyingParty {
  private readonly metadata = new Map<string, Promise<oidc.ServerMetadata>>();

  constructor(private readonly publicUrl: string) {}

  /** Where the provider sends people back to: registered with the provider as the redirect URI. */
  redirectUri(provider: SsoProvider): string {
    return `${this.publicUrl}/sign-in/sso/${provider.id}/callback`;
  }

  /** Where signing out of the provider returns people. */
  signedOutUri(): string {
    return `${this.publicUrl}/signed-out`;
  }

  private serverMetadata(provider: SsoProvider): Promise<oidc.ServerMetadata> {
    let found = this.metadata.get(provider.id);
    if (!found) {
      found = openidClient()
        .then((lib) =>
          lib.discovery(
            new URL(provider.issuer),
            provider.clientId,
            provider.clientSecret,
            undefined,
            insecureAllowed(provider.issuer)
              ? // Loopback only (a provider on this machine): never a provider across a network.
                // eslint-disable-next-line @typescript-eslint/no-deprecated
                { execute: [lib.allowInsecureRequests] }
              : undefined,
          ),
        )
        .then((c) => c.serverMetadata());
      // A provider that was down is asked again next time.
      found.catch(() => this.metadata.delete(provider.id));
      this.metadata.set(provider.id, found);
    }
    return found;
  }

  private async configuration(provider: SsoProvider, now: Date): Promise<oidc.Configuration> {
    const skew = Math.round((now.getTime() - Date.now()) / 1000);
    const oidc = await openidClient();
    const config = new oidc.Configuration(
      await this.serverMetadata(provider),
      provider.clientId,
      { client_secret: provider.clientSecret, [oidc.clockSkew]: skew },
      oidc.ClientSecretBasic(provider.clientSecret),
    );
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- loopback only, as above
    if (insecureAllowed(provider.issuer)) oidc.allowInsecureRequests(config);
    return config;
  }

  /** Fresh secrets for one sign-in. */
  static async newChecks(): Promise<PendingChecks> {
    const oidc = await openidClient();
    return {
      codeVerifier: oidc.randomPKCECodeVerifier(),
      nonce: oidc.randomNonce(),
      state: oidc.randomState(),
    };
  }

  async authorizationUrl(provider: SsoProvider, checks: PendingChecks, now: Date): Promise<URL> {
    const config = await this.configuration(provider, now);
    const oidc = await openidClient();
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri(provider),
      scope: provider.scope,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
      state: checks.state,
      nonce: checks.nonce,
    });
  }

  /**
   * Redeem the code and check the ID token; throws (the library's error) when anything is off:
   * state, code, PKCE verifier, signature, issuer, audience, expiry or nonce.
   */
  async exchange(
    provider: SsoProvider,
    callbackUrl: URL,
    checks: PendingChecks,
    now: Date,
  ): Promise<VerifiedIdentity> {
    const config = await this.configuration(provider, now);
    const oidc = await openidClient();
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims || tokens.id_token === undefined) throw new Error('no ID token');
    return {
      issuer: claims.iss,
      subject: claims.sub,
      email: typeof claims.email === 'string' ? claims.email : undefined,
      emailVerified: claims.email_verified === true,
      name: typeof claims.name === 'string' ? claims.name : undefined,
      idToken: tokens.id_token,
    };
  }

  /** The provider's end-session address (null when it publishes none). */
  async endSessionUrl(provider: SsoProvider, idToken: string, now: Date): Promise<URL | null> {
    const config = await this.configuration(provider, now);
    if (config.serverMetadata().end_session_endpoint === undefined) return null;
    const oidc = await openidClient();
    return oidc.buildEndSessionUrl(config, {
      id_token_hint: idToken,
      post_logout_redirect_uri: this.signedOutUri(),
    });
  }
}
