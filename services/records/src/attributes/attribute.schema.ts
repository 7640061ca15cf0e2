import { Schema } from 'mongoose';
import { dataTypes, type DataType } from '@refinery/contracts';

export interface AttributeDoc {
  _id: string;
  projectId: string;
  name: string;
  dataType: DataType;
  position: number;
  isPrimaryKey: boolean;
  visible: boolean;
  /** COMPUTED attributes get their values from records.attribute-values.replace.v1. */
  origin?: 'UPLOADED' | 'COMPUTED';
}

export const AttributeSchema = new Schema<AttributeDoc>(
  {
    _id: String,
    projectId: { type: String, required: true },
    name: { type: String, required: true },
    dataType: { type: String, enum: dataTypes, required: true },
    position: { type: Number, required: true },
    isPrimaryKey: { type: Boolean, default: false },
    visible: { type: Boolean, default: true },
    origin: { type: String, default: 'UPLOADED' },
  },
  { collection: 'attributes', versionKey: false },
);
AttributeSchema.index({ projectId: 1, name: 1 }, { unique: true });
