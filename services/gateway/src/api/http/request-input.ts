import type { z } from 'zod';
import { AppError, describeIssues } from '@refinery/server-core';
import { inputJsonSchema } from './contract-schema.js';
import { coerceQuery, coerceValue } from './query-coercion.js';

export type InputPart = 'path' | 'query' | 'body';

export interface RawInput {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

/** A field at fault, with the part of the request it came from first: `body.labels.0.name`. */
export interface InputIssue {
  path: string[];
  message: string;
}

/**
 * The payload of a contract route: the query (coerced by the schema) or the JSON body, with the
 * path ids the contract wants merged in. A body that names a path id differently is refused.
 * Query parameters in `consumed` belong to the gateway (e.g. an annotator's `sessionId`).
 */
export function buildPayload(schema: z.ZodType, from: 'query' | 'body', raw: RawInput, consumed: readonly string[] = []): { payload: Record<string, unknown>; origins: Map<string, InputPart> } {
  const properties = inputJsonSchema(schema).properties ?? {};
  const origins = new Map<string, InputPart>();
  let payload: Record<string, unknown>;
  if (from === 'query') {
    const query = Object.fromEntries(Object.entries(raw.query).filter(([k]) => !consumed.includes(k)));
    payload = coerceQuery(inputJsonSchema(schema), query);
    for (const key of Object.keys(payload)) origins.set(key, 'query');
  } else {
    if (raw.body !== undefined && (typeof raw.body !== 'object' || raw.body === null || Array.isArray(raw.body))) {
      throw invalid([{ path: ['body'], message: 'must be a JSON object' }]);
    }
    payload = { ...((raw.body as Record<string, unknown> | undefined) ?? {}) };
    for (const key of Object.keys(payload)) origins.set(key, 'body');
  }
  for (const [key, text] of Object.entries(raw.params)) {
    const property = properties[key];
    if (!property) continue;
    const value = coerceValue(property, text);
    if (payload[key] !== undefined && payload[key] !== value) {
      throw invalid([{ path: [origins.get(key) ?? 'body', key], message: `differs from the path (${text})` }]);
    }
    payload[key] = value;
    origins.set(key, 'path');
  }
  return { payload, origins };
}

/** Validates with the contract; a failure names every field with the request part it came from. */
export function validateInput<S extends z.ZodType>(schema: S, payload: unknown, origins: Map<string, InputPart>, fallback: InputPart): z.infer<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const located = (path: string[], message: string): InputIssue => {
    const first = path[0];
    return { path: [(first !== undefined ? origins.get(first) : undefined) ?? fallback, ...path], message };
  };
  throw invalid(
    result.error.issues.flatMap((issue) => {
      const path = issue.path.map(String);
      // One issue per unknown field, named, rather than one for the object holding them.
      if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => located([...path, key], 'unknown field'));
      return [located(path, issue.message)];
    }),
  );
}

export function invalid(issues: InputIssue[]): AppError {
  return new AppError('VALIDATION_FAILED', describeIssues(issues), { issues });
}
