import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../core/errors/error-catalogue.js';
import { STEP_ROLES, packDocumentSchema } from '../../core/policy/index.js';
import { DOCS_DIR, GENERATED_DOCS, SCHEMA_ID, errorsMarkdown } from './generate-docs.js';

const STALE = 'is out of date: run `npm run docs:generate` and commit the result';

describe('generated documents', () => {
  it.each(GENERATED_DOCS.map((doc) => [doc.file, doc] as const))(
    'docs/%s matches the code',
    (file, doc) => {
      const committed = readFileSync(join(DOCS_DIR, file), 'utf8');
      expect(committed, `docs/${file} ${STALE}`).toBe(doc.render());
    },
  );

  it('lists every error code in docs/errors.md', () => {
    const committed = readFileSync(join(DOCS_DIR, 'errors.md'), 'utf8');
    for (const [code, e] of Object.entries(ERRORS)) {
      expect(committed, `docs/errors.md ${STALE}`).toContain(`| \`${code}\` | ${e.status} |`);
    }
    expect(errorsMarkdown().match(/^\| `BATON_/gm)).toHaveLength(Object.keys(ERRORS).length);
  });

  it('describes the pack as written, with its identity and title', () => {
    const schema = JSON.parse(GENERATED_DOCS[0]?.render() ?? '{}') as Record<string, unknown> & {
      required: string[];
    };
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: SCHEMA_ID,
      title: 'Baton policy pack',
      type: 'object',
      additionalProperties: false,
    });
    expect(typeof schema['description']).toBe('string');
    // Fields with defaults are optional to an author (the schema is of the input).
    expect(schema.required).toEqual(
      Object.entries(packDocumentSchema.shape)
        .filter(([, field]) => !field.safeParse(undefined).success)
        .map(([key]) => key),
    );
    expect(schema.required).not.toContain('indicators');
  });

  it("offers a step's role only from the pack contract, each with what Baton uses it for", () => {
    const text = GENERATED_DOCS[0]?.render() ?? '';
    const schema = JSON.parse(text) as {
      properties: {
        workflows: {
          items: {
            properties: {
              transitions: {
                items: {
                  properties: { role: { anyOf: { const: string; description: string }[] } };
                };
              };
            };
          };
        };
      };
    };
    const role = schema.properties.workflows.items.properties.transitions.items.properties.role;
    expect(role.anyOf.map((r) => r.const)).toEqual(Object.keys(STEP_ROLES));
    expect(role.anyOf).toContainEqual({
      const: 'assessment-to-early-help',
      description: `cf-assessment: the step that ${STEP_ROLES['assessment-to-early-help'].usedFor}`,
    });
  });
});
