/**
 * Where to go after sign-in. A hand-written prefix check misses what browsers do to a Location
 * header: the WHATWG URL parser drops tabs and newlines and reads `\` as `/`, so `/\t/evil.example`
 * became `//evil.example`, another host. So the value is parsed by that same parser against a fixed
 * base, kept only when its origin is still the base's, and returned as the parser serialised it
 * (which can hold no control character, so a newline can no longer reach the header and fail).
 */
const BASE = new URL('http://baton.invalid/');

/** A same-origin path (with its query and fragment) to return to, or `/` for anything else. */
export function safeReturnTo(value: string | undefined): string {
  // Only a path: a scheme or a bare word would be resolved against the base and pass.
  if (value === undefined || !value.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE.origin || url.username !== '' || url.password !== '') return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
