import { Schema } from 'mongoose';

export interface OrganizationDoc {
  /** A slug (`local`, `acme`): it is the `orgId` of every actor and project in it. */
  _id: string;
  name: string;
  createdBy: string;
  createdAt: Date;
}

export const OrganizationSchema = new Schema<OrganizationDoc>(
  {
    _id: String,
    name: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'organizations', versionKey: false },
);
