import { Schema } from 'mongoose';
import { dataTypes, heuristicLanguages, type DataType, type HeuristicLanguage } from '@refinery/contracts';

export interface AttributeCalculationDoc {
  _id: string;
  orgId: string;
  projectId: string;
  name: string;
  nameKey: string;
  dataType: DataType;
  language: HeuristicLanguage;
  code: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const AttributeCalculationSchema = new Schema<AttributeCalculationDoc>(
  {
    _id: String,
    orgId: { type: String, required: true },
    projectId: { type: String, required: true },
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    dataType: { type: String, enum: dataTypes, required: true },
    language: { type: String, enum: heuristicLanguages, required: true },
    code: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'attribute_calculations', versionKey: false },
);
AttributeCalculationSchema.index({ projectId: 1, nameKey: 1 }, { unique: true });
