/**
 * Documents generated from code, so they cannot drift from it: the policy pack JSON Schema (from
 * the zod schema) and docs/errors.md (from the error catalogue). Pure functions returning text;
 * `baton docs generate` writes them and a test checks the committed copies are current.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ERRORS, type ErrorCode } from '../../core/errors/error-catalogue.js';
import { STEP_ROLES, packDocumentSchema, type StepRole } from '../../core/policy/index.js';

/** The repository's docs/ directory (the same relative path from src/ and from dist/). */
export const DOCS_DIR = fileURLToPath(new URL('../../../docs/', import.meta.url));

export const SCHEMA_ID = 'urn:baton:policy-pack';

/** One generated file: its name under docs/ and how to produce its text. */
export interface GeneratedDoc {
  file: string;
  render: () => string;
}

/** Every generated document, in the order they are written. */
export const GENERATED_DOCS: readonly GeneratedDoc[] = [
  { file: 'policy-pack.schema.json', render: policyPackJsonSchema },
  { file: 'errors.md', render: errorsMarkdown },
];

/** The JSON Schema for pack files as written (defaults make fields optional). */
export function policyPackJsonSchema(): string {
  // `io: 'input'` describes what an author writes, not what the parser returns.
  const { $schema, ...schema } = z.toJSONSchema(packDocumentSchema, { io: 'input' });
  const document = {
    $schema,
    $id: SCHEMA_ID,
    title: 'Baton policy pack',
    description:
      "One authority's guidance on levels of need as data: levels, named states, indicators, contacts, consent and open cases, each with a citation to its source. Generated from src/core/policy/pack-schema.ts by `npm run docs:generate`; see docs/policy-packs.md.",
    ...schema,
  };
  withStepRoles(document);
  return `${JSON.stringify(document, null, 2)}\n`;
}

type JsonObject = Record<string, unknown>;

/** The object at `path` under `root`; throws when the schema's shape has moved. */
function at(root: JsonObject, path: readonly string[]): JsonObject {
  let here: unknown = root;
  for (const key of path) {
    here = typeof here === 'object' && here !== null ? (here as JsonObject)[key] : undefined;
    if (typeof here !== 'object' || here === null)
      throw new Error(`the pack schema has no ${path.join('.')}`);
  }
  return here as JsonObject;
}

/**
 * A step's `role`, and a carry's `role`, may only be one the pack contract declares (an unknown
 * role is refused at load): list them, each with what Baton uses it for, so an author's editor
 * offers them. The zod schema leaves role a slug because the contract lives in the policy module.
 */
function withStepRoles(document: JsonObject): void {
  const roles = (Object.keys(STEP_ROLES) as StepRole[]).map((role) => ({
    const: role,
    description: `${STEP_ROLES[role].workflow}: the step that ${STEP_ROLES[role].usedFor}`,
  }));
  const transition = ['properties', 'workflows', 'items', 'properties', 'transitions', 'items'];
  const carry = [...transition, 'properties', 'carries', 'items', 'properties', 'from', 'anyOf'];
  for (const path of [
    [...transition, 'properties', 'role'],
    [...carry, '1', 'properties', 'role'],
  ])
    at(document, path)['anyOf'] = roles;
}

/** docs/errors.md: every code in the catalogue with its HTTP status and what to do. */
export function errorsMarkdown(): string {
  const codes = Object.keys(ERRORS) as ErrorCode[];
  const rows = codes.map((code) => {
    const e = ERRORS[code];
    return `| \`${code}\` | ${e.status} | ${cell(e.title)} | ${cell(e.message)} |`;
  });
  return [
    '# Errors',
    '',
    '<!-- Generated from src/core/errors/error-catalogue.ts by `npm run docs:generate`. Do not edit by hand. -->',
    '',
    'Every error a person can meet in Baton has a stable code, an HTTP status and a message that',
    'says what to do. The web pages show the message; the API returns the code and the message',
    '(and, for invalid input, the fields at fault); the `baton` command prints `baton: <message>`',
    'and exits with status 1. Nothing else is shown: no stack traces, no database or internal',
    'details.',
    '',
    'To add an error, add it to the catalogue and run `npm run docs:generate`.',
    '',
    '| Code | HTTP status | Title | What to do |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
