/** The part of a JSON Schema (as `z.toJSONSchema` writes it) that query coercion looks at. */
export interface JsonSchemaNode {
  type?: string | string[];
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  items?: JsonSchemaNode;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  [key: string]: unknown;
}

const NUMBER = /^-?(?:\d+|\d*\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Query strings carry text only; the contract's schema says what each parameter is. Numbers,
 * booleans and null are converted when the text is one, arrays come from repeated parameters or
 * comma lists, objects from JSON. Anything that does not convert is left as text, so the
 * contract's validation names the parameter and what it expected.
 */
export function coerceQuery(schema: JsonSchemaNode, query: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    const property = schema.properties?.[key];
    out[key] = property ? coerceValue(property, value) : value;
  }
  return out;
}

export function coerceValue(schema: JsonSchemaNode, value: unknown): unknown {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return coerceAlternatives(alternatives, value);
  const types = typesOf(schema);
  if (types.includes('array')) {
    const items = Array.isArray(value) ? value : typeof value === 'string' ? (value === '' ? [] : value.split(',')) : [value];
    return items.map((item) => (schema.items ? coerceValue(schema.items, item) : item));
  }
  if (typeof value !== 'string') return value;
  if ((types.includes('integer') || types.includes('number')) && NUMBER.test(value)) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  if (types.includes('null') && value === 'null') return null;
  if ((types.includes('object') || types.length === 0) && /^\s*[[{]/.test(value)) return parseJson(value);
  return value;
}

/** A union: the first alternative whose type the text converts to wins; plain text otherwise. */
function coerceAlternatives(alternatives: JsonSchemaNode[], value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const stringEnum = alternatives.some((a) => (a.enum ?? []).includes(value) || a.const === value);
  if (stringEnum) return value;
  for (const alternative of alternatives) {
    const converted = coerceValue(alternative, value);
    if (converted !== value) return converted;
  }
  return value;
}

function typesOf(schema: JsonSchemaNode): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
