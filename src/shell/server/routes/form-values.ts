/** Reading urlencoded form bodies: every field may be missing, a string or an array. */
export type FormBody = Record<string, string | string[] | undefined>;

export function asForm(body: unknown): FormBody {
  return typeof body === 'object' && body !== null ? (body as FormBody) : {};
}

export function field(form: FormBody, name: string): string {
  const v = form[name];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
}

export function fields(form: FormBody, name: string): string[] {
  const v = form[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter((s) => s !== '');
}

/** A GOV.UK error-summary item linking to the field. */
export interface PageError {
  text: string;
  href: string;
}

/** Each error's text by the id of the field it links to (the field's own error message). */
export const fieldErrors = (errors: readonly PageError[]): Record<string, string> =>
  Object.fromEntries(errors.map((e) => [e.href.slice(1), e.text]));

/**
 * The idempotency key of a create form's submission: its one-time `_formToken` (a UUID put in
 * the form by `render`), so that submitting the same form twice makes one record. Undefined when
 * the form has none, or not a UUID.
 */
export function formTokenKey(form: FormBody): string | undefined {
  const token = form._formToken;
  return typeof token === 'string' &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(token)
    ? `form:${token}`
    : undefined;
}
