import { Inject, Injectable } from '@nestjs/common';
import { Schema, type Model } from 'mongoose';
import type { RunSummary } from '@refinery/contracts';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';

interface LastRunDoc {
  _id: string;
  projectId: string;
  run: RunSummary;
}

const LastRunSchema = new Schema<LastRunDoc>(
  { _id: String, projectId: { type: String, required: true }, run: { type: Schema.Types.Mixed, required: true } },
  { collection: 'last_runs', versionKey: false },
);

/**
 * The latest finished run of each heuristic (`_id` = heuristic id). Kept apart from the
 * heuristic, which users edit while runs finish: FerretDB would let one write overwrite the other.
 * Only the run worker writes it, and one heuristic's runs are serialized.
 */
@Injectable()
export class LastRunRepository {
  private readonly model: Model<LastRunDoc>;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.model = mongo.connection.model<LastRunDoc>('LastRun', LastRunSchema);
  }

  async set(projectId: string, heuristicId: string, run: RunSummary): Promise<void> {
    await this.model.replaceOne({ _id: heuristicId }, { _id: heuristicId, projectId, run }, { upsert: true });
  }

  /** By heuristic id; a heuristic of another project is never asked for (ids come from a scoped read). */
  async of(heuristicIds: readonly string[]): Promise<Map<string, RunSummary>> {
    const docs = await Promise.all(heuristicIds.map((id) => this.model.findById(id).lean<LastRunDoc>()));
    return new Map(docs.filter((d): d is LastRunDoc => d !== null).map((d) => [d._id, d.run]));
  }

  async delete(heuristicId: string): Promise<void> {
    await this.model.deleteOne({ _id: heuristicId });
  }

  purge(projectId: string): Promise<unknown> {
    return this.model.deleteMany({ projectId });
  }
}
