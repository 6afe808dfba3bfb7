/**
 * The route table as the app builds it (Fastify's onRoute hook), so that the security suites
 * cover every route, including ones added after they were written.
 */
import type { RouteOptions } from 'fastify';
import { jsonSchemaOf, type JsonSchema } from './json-schema-arbitrary.js';
import { ROUTE_CLASSES, type RouteClass } from './route-classification.js';

export interface RouteEntry {
  method: string;
  url: string;
  /** `METHOD url`, the key of the classification table. */
  key: string;
  api: boolean;
  body: JsonSchema | undefined;
  querystring: JsonSchema | undefined;
  params: string[];
}

/** Collects routes; pass `collector.onRoute` to the app. HEAD twins of GET routes are skipped. */
export function routeCollector(): { routes: RouteEntry[]; onRoute: (r: RouteOptions) => void } {
  const routes: RouteEntry[] = [];
  const onRoute = (route: RouteOptions): void => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const schema = (route.schema ?? {}) as { body?: unknown; querystring?: unknown };
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      const url = route.url;
      routes.push({
        method,
        url,
        key: `${method} ${url}`,
        api: url.startsWith('/api/'),
        body: jsonSchemaOf(schema.body),
        querystring: jsonSchemaOf(schema.querystring),
        params: [...url.matchAll(/:(\w+)/g)].map((m) => m[1] ?? ''),
      });
    }
  };
  return { routes, onRoute };
}

/** The classification of each route; throws naming every unclassified route and what to do. */
export function classify(routes: readonly RouteEntry[]): (RouteEntry & { cls: RouteClass })[] {
  const missing = routes.filter((r) => !(r.key in ROUTE_CLASSES)).map((r) => r.key);
  if (missing.length > 0)
    throw new Error(
      `These routes are not classified for the security suites: ${missing.join(', ')}. ` +
        'Add each to ROUTE_CLASSES in src/shell/security/route-classification.ts, saying whether ' +
        "it is public, for any signed-in user, role-gated, or reads/writes one child's record.",
    );
  return routes.map((r) => ({ ...r, cls: ROUTE_CLASSES[r.key] as RouteClass }));
}

/** Classified routes that no longer exist (a stale table hides nothing, but should be tidied). */
export function staleClassifications(routes: readonly RouteEntry[]): string[] {
  const keys = new Set(routes.map((r) => r.key));
  return Object.keys(ROUTE_CLASSES).filter((k) => !keys.has(k));
}

/** Fill `:param`s in a route URL. */
export function fillUrl(url: string, value: (param: string) => string): string {
  return url.replace(/:(\w+)/g, (_m, p: string) => encodeSegment(value(p)));
}

/** Percent-encode, sending a lone surrogate as the invalid UTF-8 a hostile client would. */
function encodeSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text
      .split('')
      .map((ch) => {
        try {
          return encodeURIComponent(ch);
        } catch {
          return '%ED%A0%80';
        }
      })
      .join('');
  }
}
