/** Posting GOV.UK forms in server tests as a browser would: open the form, send its CSRF token. */
import type { FastifyInstance } from 'fastify';

/** The hrefs of the GOV.UK error summary's links in a page. */
export const summaryHrefs = (html: string): string[] => {
  const summary = /govuk-error-summary[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? '');
};

/** GET and form-POST helpers for signed-in users whose session cookies are in `cookies`. */
export function pageClient(app: () => FastifyInstance, cookies: Record<string, string>) {
  const get = (url: string, user: string) =>
    app().inject({ method: 'GET', url, headers: { cookie: cookies[user] ?? '' } });
  const postJson = (url: string, payload: object, user: string) =>
    app().inject({ method: 'POST', url, payload, headers: { cookie: cookies[user] ?? '' } });
  /** Open the form page, then post the form with its CSRF token. */
  const postForm = async (
    formUrl: string,
    url: string,
    fields: Record<string, string>,
    user: string,
  ) => {
    const form = await get(formUrl, user);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const csrfCookie = form.cookies.find((c) => c.name === '_csrf')?.value ?? '';
    return app().inject({
      method: 'POST',
      url,
      headers: {
        cookie: `${cookies[user] ?? ''}; _csrf=${csrfCookie}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
    });
  };
  return { get, postJson, postForm };
}
