import { Inject, Injectable } from '@nestjs/common';
import type { Attribute, DataType } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { notFound } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { ProjectId, ProjectScope } from '../shared/project-scope.js';
import { RecordReader } from '../records/record-reader.service.js';
import { AttributeRepository } from './attribute.repository.js';
import type { AttributeDoc } from './attribute.schema.js';

export interface NewAttribute {
  name: string;
  dataType: DataType;
  isPrimaryKey: boolean;
  visible: boolean;
  origin?: 'UPLOADED' | 'COMPUTED';
}

@Injectable()
export class AttributesService {
  constructor(
    @Inject(AttributeRepository) private readonly attributes: AttributeRepository,
    @Inject(RecordReader) private readonly records: RecordReader,
  ) {}

  async list(scope: ProjectScope): Promise<Attribute[]> {
    return (await this.attributes.list(scope.projectId)).map(toAttribute);
  }

  async create(scope: ProjectScope, input: NewAttribute): Promise<Attribute> {
    if (input.isPrimaryKey && (await this.records.count(scope.projectId)) > 0) {
      throw new AppError('CONFLICT', 'a primary-key attribute can only be added while the project has no records');
    }
    const [created] = await this.createMany(scope.projectId, [input]);
    if (!created) throw new Error('attribute not created');
    return toAttribute(created);
  }

  /** Appends attributes after the existing ones (also used by uploads). */
  async createMany(projectId: ProjectId, inputs: readonly NewAttribute[]): Promise<AttributeDoc[]> {
    const position = await this.attributes.count(projectId);
    const docs = inputs.map((a, i) => ({ _id: newId(), ...a, position: position + i }));
    await this.attributes.insertMany(projectId, docs);
    return docs.map((d) => ({ ...d, projectId }));
  }

  async update(scope: ProjectScope, input: { attributeId: string; visible?: boolean | undefined; position?: number | undefined }): Promise<Attribute> {
    const all = await this.attributes.list(scope.projectId);
    const current = all.find((a) => a._id === input.attributeId);
    if (!current) throw notFound('attribute', input.attributeId);
    if (input.visible !== undefined) await this.attributes.setFields(scope.projectId, current._id, { visible: input.visible });
    if (input.position !== undefined) {
      const order = all.map((a) => a._id).filter((id) => id !== current._id);
      order.splice(Math.min(input.position, order.length), 0, current._id);
      await this.attributes.setPositions(scope.projectId, order);
    }
    const updated = await this.attributes.findById(scope.projectId, current._id);
    if (!updated) throw notFound('attribute', input.attributeId);
    return toAttribute(updated);
  }
}

export function toAttribute(doc: AttributeDoc): Attribute {
  return {
    id: doc._id,
    name: doc.name,
    dataType: doc.dataType,
    position: doc.position,
    isPrimaryKey: doc.isPrimaryKey,
    visible: doc.visible,
    origin: doc.origin ?? 'UPLOADED',
  };
}
