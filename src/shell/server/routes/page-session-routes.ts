/** Sign in and sign out pages. */
import type { FastifyInstance } from 'fastify';
import { isBatonError } from '../../../core/errors/error-catalogue.js';
import { DEMO_USERS } from '../../demo-users.js';
import { BatonError } from '../../../core/errors/error-catalogue.js';
import { signIn } from '../../use-cases/sign-in-use-cases.js';
import {
  beginSsoSignIn,
  finishSsoSignIn,
  signOutEverywhere,
  ssoSetting,
} from '../../use-cases/sso-use-cases.js';
import type { AppDeps } from '../app-deps.js';
import { clearSessionCookie, setSessionCookie } from '../request-context-plugin.js';
import { signInLimit } from '../sign-in-limit.js';
import { asForm, field, fieldErrors, type PageError } from './form-values.js';
import { safeReturnTo } from './return-to.js';

const demoUsers = DEMO_USERS.map((u) => ({ username: u.username, name: u.displayName }));

/** The state a browser set out to its identity provider with; checked at the callback. */
const SSO_STATE_COOKIE = 'baton_sso_state';
const SSO_COOKIE_PATH = '/sign-in/sso/';

export function registerSessionPages(app: FastifyInstance, deps: AppDeps): void {
  const csrf = app.csrfProtection.bind(app);
  const sso = ssoSetting(deps.config.ssoProviders, deps.config.publicUrl);
  const signInPage = {
    title: 'Sign in',
    demo: deps.config.demoData && deps.config.passwordSignIn,
    demoUsers,
    passwordSignIn: deps.config.passwordSignIn,
    providers: deps.config.ssoProviders.map((p) => ({ id: p.id, name: p.name })),
  };

  app.get('/sign-in', async (request, reply) => {
    const returnTo = safeReturnTo((request.query as { returnTo?: string }).returnTo);
    return reply.render('sign-in.njk', { ...signInPage, returnTo });
  });

  // Single sign-on: off to the provider with fresh state, nonce and PKCE verifier...
  app.get('/sign-in/sso/:provider', async (request, reply) => {
    const { provider } = request.params as { provider: string };
    const returnTo = safeReturnTo((request.query as { returnTo?: string }).returnTo);
    const { redirectTo, state } = await beginSsoSignIn(request.session, sso, provider, returnTo);
    // Lax: the provider sends the browser back by a top-level GET, which carries it.
    void reply.setCookie(SSO_STATE_COOKIE, state, {
      path: SSO_COOKIE_PATH,
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.config.cookieSecure,
      maxAge: 600,
    });
    return reply.status(303).redirect(redirectTo);
  });

  // ...and back: the answer checked, the user found, a Baton session started.
  app.get('/sign-in/sso/:provider/callback', async (request, reply) => {
    const { provider } = request.params as { provider: string };
    const query = request.query as { state?: unknown };
    void reply.clearCookie(SSO_STATE_COOKIE, { path: SSO_COOKIE_PATH });
    const { token, returnTo } = await finishSsoSignIn(
      request.session,
      sso,
      provider,
      {
        url: new URL(request.url, deps.config.publicUrl ?? 'http://localhost'),
        state: typeof query.state === 'string' ? query.state : undefined,
        stateCookie: request.cookies[SSO_STATE_COOKIE],
      },
      deps.config.sessionLifetimes,
    );
    setSessionCookie(reply, token, deps.config.cookieSecure);
    return reply.status(303).redirect(safeReturnTo(returnTo));
  });

  // Where a provider's end-session returns people.
  app.get('/signed-out', async (_request, reply) =>
    reply.render('signed-out.njk', { title: 'You have signed out', provider: null }),
  );

  app.post(
    '/sign-in',
    { preHandler: [csrf, signInLimit(deps.config.signInLimit)] },
    async (request, reply) => {
      if (!deps.config.passwordSignIn) throw new BatonError('BATON_PASSWORD_SIGN_IN_OFF');
      const form = asForm(request.body);
      const username = field(form, 'username');
      const password = field(form, 'password');
      const returnTo = safeReturnTo(field(form, 'returnTo'));
      const errors: PageError[] = [];
      if (username === '') errors.push({ text: 'Enter your username', href: '#username' });
      if (password === '') errors.push({ text: 'Enter your password', href: '#password' });
      if (errors.length === 0) {
        try {
          const { token } = await signIn(
            request.session,
            username,
            password,
            deps.config.sessionLifetimes,
          );
          // A fresh token at every sign-in: no session fixation.
          setSessionCookie(reply, token, deps.config.cookieSecure);
          return await reply.status(303).redirect(returnTo);
        } catch (e) {
          if (!isBatonError(e) || e.code !== 'BATON_SIGN_IN_FAILED') throw e;
          errors.push({ text: 'The username or password is not right', href: '#username' });
        }
      }
      return reply.status(errors.length > 0 ? 400 : 200).render('sign-in.njk', {
        ...signInPage,
        errors,
        username,
        returnTo,
        fieldErrors: fieldErrors(errors),
      });
    },
  );

  app.post('/sign-out', { preHandler: csrf }, async (request, reply) => {
    const ended =
      request.sessionToken === null
        ? { provider: null }
        : await signOutEverywhere(request.session, sso, request.sessionToken);
    clearSessionCookie(reply);
    if (ended.provider === null) return reply.status(303).redirect('/sign-in');
    // Signed out of Baton; the provider's own session (shared with other services) is offered.
    return reply.render('signed-out.njk', {
      title: 'You have signed out',
      provider: ended.provider,
    });
  });
}
