import { z } from 'zod';
import { defineRequest } from '../message.js';
import { EntityId } from './common.js';

export const dataTypes = ['TEXT', 'CATEGORY', 'INTEGER', 'FLOAT', 'BOOLEAN', 'EMBEDDING_LIST'] as const;
export const DataType = z.enum(dataTypes);
export type DataType = z.infer<typeof DataType>;

/** Attribute names become document keys: no dots, no leading `$`. */
export const AttributeName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^.$][^.]*$/, 'must not contain "." or start with "$"');

export const Attribute = z.object({
  id: EntityId,
  name: z.string(),
  dataType: DataType,
  position: z.number().int().nonnegative(),
  isPrimaryKey: z.boolean(),
  visible: z.boolean(),
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
