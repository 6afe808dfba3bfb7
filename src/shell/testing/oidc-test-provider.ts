/**
 * A real OpenID provider for tests: `oidc-provider` (a certified implementation) on a loopback
 * port, with one confidential client for Baton and a few invented accounts. Its development
 * login and consent pages (any password) stand in for a council's sign-in page.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  email: string;
  emailVerified?: boolean;
  name: string;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  provider: Provider;
  close(): Promise<void>;
}

/** Invented people: two Baton users' work accounts, and one Baton has never heard of. */
export const TEST_ACCOUNTS: Readonly<Record<string, TestAccount>> = {
  'sam.social': { email: 'sam.social@council.example', name: 'Sam Social' },
  'una.unverified': {
    email: 'una.unverified@council.example',
    emailVerified: false,
    name: 'Una Unverified',
  },
  'nora.nobody': { email: 'nora.nobody@elsewhere.example', name: 'Nora Nobody' },
};

export async function startTestOidcProvider(options: {
  /** Baton's redirect URIs, e.g. `${publicUrl}/sign-in/sso/test/callback`. */
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** ID token lifetime in seconds (default an hour). */
  idTokenSeconds?: number;
}): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'baton-test';
  const clientSecret = 'baton-test-secret-that-is-long-enough-0123456789';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris ?? [],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The ID token carries the email and name (as Entra ID's does with its optional claims).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: ['oidc-test-cookie-key-0123456789'] },
    ttl: { IdToken: options.idTokenSeconds ?? 3600 },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    findAccount: (_ctx, id) => {
      const account = TEST_ACCOUNTS[id];
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          ...(account
            ? {
                email: account.email,
                email_verified: account.emailVerified ?? true,
                name: account.name,
              }
            : {}),
        }),
      };
    },
  });
  // oidc-provider warns on stderr about its development defaults; the tests mean them.
  const handle = provider.callback();
  server.on('request', (req, res) => {
    void handle(req, res);
  });
  return {
    issuer,
    clientId,
    clientSecret,
    provider,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** The JSON for BATON_OIDC_PROVIDERS naming this provider as `test`. */
export function providerSetting(p: TestOidcProvider, more: Record<string, unknown> = {}): string {
  return JSON.stringify([
    {
      id: 'test',
      name: 'Test Council',
      issuer: p.issuer,
      clientId: p.clientId,
      clientSecret: p.clientSecret,
      ...more,
    },
  ]);
}

/**
 * Sign in at the provider as `login` without a browser: follow its redirects with a cookie jar,
 * post its login form and its consent form, and return the address it sends the browser back to
 * (Baton's callback).
 */
export async function signInAtProvider(
  authorizationUrl: string,
  login: string,
  backTo: string,
): Promise<URL> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  let url = new URL(authorizationUrl);
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 12; hop++) {
    if (url.href.startsWith(backTo)) return url;
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: cookieHeader(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    keep(res);
    body = undefined;
    const location = res.headers.get('location');
    if (location !== null) {
      url = new URL(location, url);
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (action === undefined || prompt === undefined)
      throw new Error(`the provider answered ${res.status} without a form: ${html.slice(0, 300)}`);
    url = new URL(action, url);
    body = new URLSearchParams(
      prompt === 'login' ? { prompt, login, password: 'any' } : { prompt },
    );
  }
  throw new Error('the provider did not send the browser back');
}
