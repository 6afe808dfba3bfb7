/**
 * The API reference as a GOV.UK page (issue 14 item 10): Swagger UI fails WCAG 2.2 AA (contrast,
 * nested interactive controls, target size, labels), so the footer links this page instead, built
 * from the same OpenAPI document. Swagger UI and the raw document stay, for tools.
 */

/** What the page shows of one operation. */
export interface OperationText {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  parameters: FieldText[];
  body: FieldText[];
  responses: { status: string; description: string }[];
}

export interface FieldText {
  name: string;
  where: string;
  type: string;
  required: boolean;
  description: string;
}

export interface TagText {
  name: string;
  description: string;
  operations: OperationText[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** A JSON Schema's type in words: "string", "one of: a, b", "list of object"… */
export function typeText(schema: unknown): string {
  if (!isObject(schema)) return 'any';
  if (Array.isArray(schema.enum)) return `one of: ${schema.enum.map(String).join(', ')}`;
  if ('const' in schema) return `exactly ${String(schema.const)}`;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives))
    return [...new Set(alternatives.map(typeText))].join(' or ') || 'any';
  const type = Array.isArray(schema.type) ? schema.type.map(String).join(' or ') : str(schema.type);
  if (type === 'array') return `list of ${typeText(schema.items)}`;
  const limits: string[] = [];
  if (typeof schema.maxLength === 'number')
    limits.push(`at most ${String(schema.maxLength)} characters`);
  if (typeof schema.maximum === 'number') limits.push(`at most ${String(schema.maximum)}`);
  if (typeof schema.format === 'string') limits.push(schema.format);
  return [type || 'object', ...limits].join(', ');
}

/** An object schema's properties, nested ones named with dots, to `depth` levels. */
export function fieldsOf(schema: unknown, where: string, prefix = '', depth = 2): FieldText[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const out: FieldText[] = [];
  for (const [name, property] of Object.entries(schema.properties)) {
    const full = `${prefix}${name}`;
    out.push({
      name: full,
      where,
      type: typeText(property),
      required: required.has(name),
      description: isObject(property) ? str(property.description) : '',
    });
    if (depth > 1 && isObject(property)) {
      const inner = property.type === 'array' ? property.items : property;
      out.push(
        ...fieldsOf(inner, where, `${full}${property.type === 'array' ? '[]' : ''}.`, depth - 1),
      );
    }
  }
  return out;
}

/** The OpenAPI document as the reference page reads it: tags in order, each with its operations. */
export function referenceFrom(document: unknown): TagText[] {
  const doc = isObject(document) ? document : {};
  const paths = isObject(doc.paths) ? doc.paths : {};
  const tags = new Map<string, TagText>();
  for (const t of Array.isArray(doc.tags) ? doc.tags : [])
    if (isObject(t))
      tags.set(str(t.name), { name: str(t.name), description: str(t.description), operations: [] });
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const tag = Array.isArray(op.tags) && typeof op.tags[0] === 'string' ? op.tags[0] : 'other';
      if (!tags.has(tag)) tags.set(tag, { name: tag, description: '', operations: [] });
      const parameters = (Array.isArray(op.parameters) ? op.parameters : [])
        .filter(isObject)
        .map((p) => ({
          name: str(p.name),
          where: str(p.in),
          type: typeText(p.schema),
          required: p.required === true,
          description: str(p.description),
        }));
      const content =
        isObject(op.requestBody) && isObject(op.requestBody.content) ? op.requestBody.content : {};
      const json = content['application/json'];
      const body = isObject(json) ? fieldsOf(json.schema, 'body') : [];
      const responses = Object.entries(isObject(op.responses) ? op.responses : {}).map(
        ([status, r]) => ({ status, description: isObject(r) ? str(r.description) : '' }),
      );
      tags.get(tag)?.operations.push({
        id: `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, ''),
        method: method.toUpperCase(),
        path,
        summary: str(op.summary),
        description: str(op.description),
        parameters,
        body,
        responses,
      });
    }
  }
  return [...tags.values()].filter((t) => t.operations.length > 0);
}
