import { z } from 'zod';
import type { JsonSchemaNode } from './query-coercion.js';

const cache = new WeakMap<z.ZodType, JsonSchemaNode>();

/**
 * The JSON Schema of what a client sends (`io: 'input'`: defaults optional, transforms' inputs),
 * cached per schema. Unrepresentable parts (custom refinements) become `{}`.
 */
export function inputJsonSchema(schema: z.ZodType): JsonSchemaNode {
  let node = cache.get(schema);
  if (!node) {
    node = strip(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchemaNode);
    cache.set(schema, node);
  }
  return node;
}

/** The JSON Schema of a reply (`io: 'output'`). */
export function outputJsonSchema(schema: z.ZodType): JsonSchemaNode {
  return strip(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchemaNode);
}

/** Top-level property names of an object schema (empty for anything else). */
export function propertyNames(schema: z.ZodType): string[] {
  return Object.keys(inputJsonSchema(schema).properties ?? {});
}

function strip(node: JsonSchemaNode): JsonSchemaNode {
  const { $schema: _ignored, ...rest } = node;
  return rest;
}
