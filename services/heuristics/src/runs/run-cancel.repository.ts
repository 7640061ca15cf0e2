import { Inject, Injectable } from '@nestjs/common';
import { Schema, type Model } from 'mongoose';
import { MONGO } from '@refinery/server-kit';
import { isDuplicateKey, type MongoConnectionManager } from '@refinery/server-mongo';

interface CancelDoc {
  _id: string;
  projectId: string;
  at: Date;
}

const CancelSchema = new Schema<CancelDoc>(
  { _id: String, projectId: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'run_cancels', versionKey: false },
);

/**
 * Cancellation requests, one document per run (`_id` = run id). A separate insert rather than a
 * field of the run: the worker writes the run while it executes, and FerretDB does not isolate
 * concurrent updates of one document (see RunSlotRepository).
 */
@Injectable()
export class RunCancelRepository {
  private readonly model: Model<CancelDoc>;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.model = mongo.connection.model<CancelDoc>('RunCancel', CancelSchema);
  }

  async request(projectId: string, runId: string): Promise<void> {
    try {
      await this.model.create({ _id: runId, projectId, at: new Date() });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  async requested(runId: string): Promise<boolean> {
    return (await this.model.findById(runId).lean<CancelDoc>()) !== null;
  }

  purge(projectId: string): Promise<unknown> {
    return this.model.deleteMany({ projectId });
  }
}
