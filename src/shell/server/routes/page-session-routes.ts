/** Sign in and sign out pages. */
import type { FastifyInstance } from 'fastify';
import { isBatonError } from '../../../core/errors/error-catalogue.js';
import { DEMO_USERS } from '../../demo-users.js';
import { signIn, signOut } from '../../use-cases/sign-in-use-cases.js';

const demoUsers = DEMO_USERS.map((u) => ({ username: u.username, name: u.displayName }));
import type { AppDeps } from '../app-deps.js';
import { clearSessionCookie, setSessionCookie } from '../request-context-plugin.js';
import { signInLimit } from '../sign-in-limit.js';
import { asForm, field, fieldErrors, type PageError } from './form-values.js';
import { safeReturnTo } from './return-to.js';

export function registerSessionPages(app: FastifyInstance, deps: AppDeps): void {
  const csrf = app.csrfProtection.bind(app);

  app.get('/sign-in', async (request, reply) => {
    const returnTo = safeReturnTo((request.query as { returnTo?: string }).returnTo);
    return reply.render('sign-in.njk', {
      title: 'Sign in',
      returnTo,
      demo: deps.config.demoData,
      demoUsers,
    });
  });

  app.post(
    '/sign-in',
    { preHandler: [csrf, signInLimit(deps.config.signInLimit)] },
    async (request, reply) => {
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
        title: 'Sign in',
        errors,
        username,
        returnTo,
        demo: deps.config.demoData,
        demoUsers,
        fieldErrors: fieldErrors(errors),
      });
    },
  );

  app.post('/sign-out', { preHandler: csrf }, async (request, reply) => {
    if (request.sessionToken !== null) await signOut(request.session, request.sessionToken);
    clearSessionCookie(reply);
    return reply.status(303).redirect('/sign-in');
  });
}
