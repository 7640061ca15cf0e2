import { z } from 'zod';
import { defineRequest } from '../message.js';
import { EntityId } from './common.js';
import { RecordValue } from './values.js';

export const dataTypes = ['TEXT', 'CATEGORY', 'INTEGER', 'FLOAT', 'BOOLEAN', 'EMBEDDING_LIST'] as const;
export const DataType = z.enum(dataTypes);
export type DataType = z.infer<typeof DataType>;

/** What a document key may be: no dots, no control characters (NUL), no leading `$`. */
const KEY = /^[^.$\u0000-\u001f][^.\u0000-\u001f]*$/;
const KEY_MESSAGE = 'must not contain "." or control characters, or start with "$"';

/** Attribute names become document keys. */
export const AttributeName = z.string().trim().min(1).max(100).regex(KEY, KEY_MESSAGE);

/** A column name as a file gives it (no trimming): an upload's per-column options are keyed by it. */
export const ColumnName = z.string().min(1).max(100).regex(KEY, KEY_MESSAGE);

export const Attribute = z.object({
  id: EntityId,
  name: z.string(),
  dataType: DataType,
  position: z.number().int().nonnegative(),
  isPrimaryKey: z.boolean(),
  visible: z.boolean(),
  /** UPLOADED: from files and records.add; COMPUTED: values from records.attribute-values.replace.v1 (not part of an upload's schema). */
  origin: z.enum(['UPLOADED', 'COMPUTED']).default('UPLOADED'),
});
export type Attribute = z.infer<typeof Attribute>;

export const AttributeSubjects = {
  list: defineRequest('records.attributes.list.v1', z.object({}).strict(), z.object({ attributes: z.array(Attribute) })),
  /** Adds an attribute (existing records get null). A primary-key attribute only while the project is empty. */
  create: defineRequest(
    'records.attributes.create.v1',
    z.object({
      name: AttributeName,
      dataType: DataType,
      isPrimaryKey: z.boolean().default(false),
      visible: z.boolean().default(true),
    }),
    Attribute,
  ),
  update: defineRequest(
    'records.attributes.update.v1',
    z.object({ attributeId: EntityId, visible: z.boolean().optional(), position: z.number().int().nonnegative().optional() }),
    Attribute,
  ),
} as const;

export const AttributeValueItem = z.object({ recordId: EntityId, value: RecordValue });

const ValuesRef = z.object({ attributeId: EntityId, generation: z.number().int().positive() });

/**
 * Computed attributes (heuristics' attribute calculations): `begin` creates the attribute (or,
 * for an existing COMPUTED attribute of that name and type, starts replacing its values) and
 * opens a generation; `page`s carry values (checked against the type; TEXT is tokenized);
 * `commit` makes them visible at once (a new attribute becomes visible then; records without a
 * value get null); `abort` drops them (and a new attribute).
 */
export const AttributeValuesRequest = z.discriminatedUnion('step', [
  z.object({ step: z.literal('begin'), name: AttributeName, dataType: DataType }),
  ValuesRef.extend({ step: z.literal('page'), values: z.array(AttributeValueItem).min(1).max(5_000) }),
  ValuesRef.extend({ step: z.literal('commit') }),
  ValuesRef.extend({ step: z.literal('abort') }),
]);
export type AttributeValuesRequest = z.infer<typeof AttributeValuesRequest>;

export const AttributeValueSubjects = {
  replace: defineRequest(
    'records.attribute-values.replace.v1',
    AttributeValuesRequest,
    z.object({ attributeId: EntityId, generation: z.number().int().positive(), count: z.number().int().nonnegative() }),
    60_000,
  ),
} as const;
