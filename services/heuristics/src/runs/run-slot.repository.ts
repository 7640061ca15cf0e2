import { Inject, Injectable } from '@nestjs/common';
import { Schema, type Model } from 'mongoose';
import { MONGO } from '@refinery/server-kit';
import { isDuplicateKey, type MongoConnectionManager } from '@refinery/server-mongo';

/**
 * Claims on a heuristic's run slots: `active:<heuristicId>` (the run that may execute) and
 * `pending:<heuristicId>` (the one waiting behind it).
 *
 * FerretDB 1.24 (SQLite) applies concurrent updates without isolation: two `updateOne`s with the
 * same compare-and-set filter both succeed, `$inc`s are lost, and `$set`s of different fields of
 * one document overwrite each other (measured: ~97 % of 200 concurrent pairs). Inserting a unique
 * `_id` and deleting by `_id` are atomic, so claims are inserts and releases are deletes.
 */
interface SlotDoc {
  _id: string;
  runId: string;
  projectId: string;
  at: Date;
}

const SlotSchema = new Schema<SlotDoc>(
  { _id: String, runId: { type: String, required: true }, projectId: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'run_slots', versionKey: false },
);

export type SlotKind = 'active' | 'pending';

@Injectable()
export class RunSlotRepository {
  private readonly model: Model<SlotDoc>;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.model = mongo.connection.model<SlotDoc>('RunSlot', SlotSchema);
  }

  /** True when the slot was free and is now `runId`'s. */
  async claim(kind: SlotKind, projectId: string, heuristicId: string, runId: string): Promise<boolean> {
    try {
      await this.model.create({ _id: `${kind}:${heuristicId}`, runId, projectId, at: new Date() });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async holder(kind: SlotKind, heuristicId: string): Promise<string | null> {
    return (await this.model.findById(`${kind}:${heuristicId}`).lean<SlotDoc>())?.runId ?? null;
  }

  /** True when this call removed `runId`'s claim (so the caller, and nobody else, acts on it). */
  async release(kind: SlotKind, heuristicId: string, runId: string): Promise<boolean> {
    return (await this.model.deleteOne({ _id: `${kind}:${heuristicId}`, runId })).deletedCount === 1;
  }

  purge(projectId: string): Promise<unknown> {
    return this.model.deleteMany({ projectId });
  }
}
