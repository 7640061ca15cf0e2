import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@refinery/server-core';
import { MONGO } from '@refinery/server-kit';
import { isDuplicateKey, type MongoConnectionManager, TenantRepository } from '@refinery/server-mongo';
import { CatalogChanges } from '../shared/catalog-changes.js';
import { IndexGate } from '../shared/index-gate.js';
import type { ProjectId } from '../shared/project-scope.js';
import { LabelSchema, hotkeySlot, type LabelDoc } from './label.schema.js';

export type NewLabelDoc = Pick<LabelDoc, '_id' | 'taskId' | 'name' | 'color' | 'hotkey' | 'position'>;

@Injectable()
export class LabelRepository extends TenantRepository<LabelDoc> {
  private readonly indexes: IndexGate;

  constructor(
    @Inject(MONGO) mongo: MongoConnectionManager,
    @Inject(CatalogChanges) private readonly changes: CatalogChanges,
  ) {
    super(mongo.connection.model<LabelDoc>('Label', LabelSchema));
    this.indexes = new IndexGate(this.model);
  }

  listOfProject(projectId: ProjectId): Promise<LabelDoc[]> {
    return this.findScoped(projectId, {}, { taskId: 1, position: 1, _id: 1 });
  }

  listOfTask(projectId: ProjectId, taskId: string): Promise<LabelDoc[]> {
    return this.findScoped(projectId, { taskId }, { position: 1, _id: 1 });
  }

  async insertMany(projectId: ProjectId, labels: readonly NewLabelDoc[]): Promise<LabelDoc[]> {
    await this.indexes.ready();
    const docs = labels.map((l) => ({
      ...l,
      projectId,
      nameKey: l.name.toLowerCase(),
      hotkeySlot: hotkeySlot(l._id, l.hotkey),
    }));
    try {
      await this.model.insertMany(docs, { ordered: true });
    } catch (error) {
      throw conflictOr(error);
    } finally {
      this.changes.touch(projectId);
    }
    return docs;
  }

  async update(projectId: ProjectId, label: LabelDoc, set: Partial<Pick<LabelDoc, 'name' | 'color' | 'hotkey'>>): Promise<LabelDoc> {
    await this.indexes.ready();
    const next = { ...label, ...set };
    const $set = { name: next.name, nameKey: next.name.toLowerCase(), color: next.color, hotkey: next.hotkey, hotkeySlot: hotkeySlot(label._id, next.hotkey) };
    try {
      await this.model.updateOne(this.scoped(projectId, { _id: label._id }), { $set });
    } catch (error) {
      throw conflictOr(error);
    } finally {
      this.changes.touch(projectId);
    }
    return { ...next, ...$set };
  }

  async setPositions(projectId: ProjectId, order: readonly string[]): Promise<void> {
    // FerretDB 1.24 hangs on an update command with more statements than its pool: chunk.
    for (let i = 0; i < order.length; i += 40) {
      await this.model.bulkWrite(
        order.slice(i, i + 40).map((id, j) => ({ updateOne: { filter: this.scoped(projectId, { _id: id }), update: { $set: { position: i + j } } } })),
      );
    }
    this.changes.touch(projectId);
  }

  async delete(projectId: ProjectId, id: string): Promise<number> {
    const n = await this.deleteScoped(projectId, { _id: id });
    this.changes.touch(projectId);
    return n;
  }

  async deleteOfTask(projectId: ProjectId, taskId: string): Promise<number> {
    const n = await this.deleteScoped(projectId, { taskId });
    this.changes.touch(projectId);
    return n;
  }
}

/** Backstop for races; the service checks names and hotkeys first for a precise message. */
function conflictOr(error: unknown): unknown {
  return isDuplicateKey(error) ? new AppError('CONFLICT', 'a label with this name or hotkey already exists in the task') : error;
}
