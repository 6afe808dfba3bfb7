/**
 * Inputs derived from a route's JSON Schema (zod → `z.toJSONSchema`): one plausible valid value,
 * and fast-check arbitraries of bad input. Covers the subset of JSON Schema the API's zod schemas
 * produce (objects, strings with lengths/enums/patterns, integers with bounds, arrays, anyOf).
 */
import fc from 'fast-check';
import { z } from 'zod';

/** The part of a JSON Schema node this module reads. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
}

/** The JSON Schema of a zod schema as a client sends it, or undefined when there is none. */
export function jsonSchemaOf(schema: unknown): JsonSchema | undefined {
  if (schema === undefined || schema === null) return undefined;
  const json: unknown =
    schema instanceof z.ZodType
      ? z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })
      : schema;
  return json as JsonSchema;
}

const TEXT = 'Synthetic security test text';

/** A deterministic value the schema accepts: required properties only, smallest sensible values. */
export function sampleValid(schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum !== undefined) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.[0] !== undefined) return sampleValid(alternatives[0]);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) {
        const prop = schema.properties?.[key];
        if (prop) out[key] = sampleValid(prop);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleValid(schema.items ?? {}));
    case 'string': {
      if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return '2026-03-02';
      if (schema.format === 'email') return 'someone@example.org';
      const min = schema.minLength ?? 0;
      const max = schema.maxLength ?? TEXT.length;
      return TEXT.padEnd(Math.max(min, 1), '.').slice(0, Math.max(min, Math.min(max, TEXT.length)));
    }
    case 'integer':
    case 'number':
      return Math.min(Math.max(schema.minimum ?? 1, 1), schema.maximum ?? 1);
    case 'boolean':
      return false;
    case 'null':
      return null;
    case undefined:
    default:
      return {};
  }
}

/** Strings an attacker tries: injection, traversal, markup, control characters, very long. */
export const hostileStrings: readonly string[] = [
  "' OR '1'='1' --",
  '"; DROP TABLE people; --',
  '1 UNION SELECT password_hash FROM users',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '{{7*7}}${7*7}',
  '\u0000',
  '\uD800',
  '=cmd|" /C calc"!A0',
  '%00%27',
  '-1',
  '1e309',
  'null',
  '00000000-0000-0000-0000-000000000000',
  'x'.repeat(5000),
];

/** Any JSON-ish value, leaning towards the hostile strings. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...hostileStrings),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, -1, 0, 2 ** 53, -0.5, '', [], {}),
);

/** Bad input for a schema: a valid value with one part broken, missing, extra or hostile. */
export function badInput(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const valid = schema ? sampleValid(schema) : {};
  const props = Object.keys(schema?.properties ?? {});
  const breakOne =
    props.length === 0
      ? anyValue
      : fc.tuple(fc.constantFrom(...props), anyValue).map(([key, value]) => ({
          ...(valid as Record<string, unknown>),
          [key]: value,
        }));
  const dropOne =
    (schema?.required ?? []).length === 0
      ? anyValue
      : fc
          .constantFrom(...(schema?.required ?? []))
          .map((key) =>
            Object.fromEntries(
              Object.entries(valid as Record<string, unknown>).filter(([k]) => k !== key),
            ),
          );
  return fc.oneof(
    breakOne,
    dropOne,
    anyValue,
    fc.dictionary(fc.string({ maxLength: 20 }), anyValue, { maxKeys: 5 }),
    // An own "__proto__" key, as JSON.parse makes it: prototype pollution must not take.
    fc.constant(
      Object.assign(JSON.parse('{"__proto__":{"isAdmin":true}}') as object, valid, { extra: 1 }),
    ),
  );
}

/** A path parameter: a hostile or random string (URL-encoded by the caller). */
export const badParam: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...hostileStrings.filter((s) => s.length < 200 && s !== '')),
  fc.string({ minLength: 1, maxLength: 150 }),
  fc.uuid(),
);

/** A query string: random keys and values, including the route's own keys with hostile values. */
export function badQuery(schema: JsonSchema | undefined): fc.Arbitrary<Record<string, string>> {
  const keys = Object.keys(schema?.properties ?? {});
  const key = keys.length > 0 ? fc.oneof(fc.constantFrom(...keys), fc.string()) : fc.string();
  const value = fc.oneof(fc.constantFrom(...hostileStrings), fc.string({ maxLength: 50 }));
  return fc.dictionary(key, value, { maxKeys: 4 });
}
