import { Inject, Injectable } from '@nestjs/common';
import { MONGO } from '@refinery/server-kit';
import { isDuplicateKey, type MongoConnectionManager } from '@refinery/server-mongo';
import type { mongo } from 'mongoose';
import type { ProjectId } from '../shared/project-scope.js';
import { newId } from '../shared/ids.js';
import { EMPTY_POINTER, foldEvents, type GenerationEventKind, type GenerationPointer, type ScopeState } from './generation-rules.js';

interface EventDoc {
  _id: string;
  scope: string;
  kind: GenerationEventKind;
  gen: number;
  at: Date;
}

/** The generation pointers of a project as an insert-only event log (see generation-rules.ts). */
@Injectable()
export class GenerationRepository {
  constructor(@Inject(MONGO) private readonly mongo: MongoConnectionManager) {}

  /** Hands out a new generation and makes it the scope's current writer (a newer begin wins). */
  async begin(projectId: ProjectId, scope: string): Promise<number> {
    let gen = (await this.pointer(projectId, scope)).latest + 1;
    for (;;) {
      try {
        await this.insert(projectId, scope, 'begin', gen, `${scope}|begin|${gen}`);
        return gen;
      } catch (error) {
        // Another writer took this generation: the unique _id decides, so take the next one.
        if (!isDuplicateKey(error)) throw error;
        gen++;
      }
    }
  }

  async pointer(projectId: ProjectId, scope: string): Promise<GenerationPointer> {
    return (await this.states(projectId)).get(scope) ?? EMPTY_POINTER;
  }

  async committed(projectId: ProjectId, scope: string): Promise<number> {
    return (await this.pointer(projectId, scope)).committed;
  }

  /** Every scope's pointer and commit history (the store's load). */
  async all(projectId: ProjectId): Promise<Map<string, ScopeState>> {
    return this.states(projectId);
  }

  /** Records one stored page of the current writer; false when `generation` is not the writer. */
  async countPage(projectId: ProjectId, scope: string, generation: number): Promise<boolean> {
    if ((await this.pointer(projectId, scope)).writing !== generation) return false;
    await this.insert(projectId, scope, 'page', generation, `${scope}|page|${generation}|${newId()}`);
    return true;
  }

  /**
   * The commit: only for the current writer. Two racing commits both stand; the higher
   * generation is the committed one, so readers always see one complete generation.
   */
  async commit(projectId: ProjectId, scope: string, generation: number): Promise<boolean> {
    if ((await this.pointer(projectId, scope)).writing !== generation) return false;
    try {
      await this.insert(projectId, scope, 'commit', generation, `${scope}|end|${generation}`);
    } catch (error) {
      if (isDuplicateKey(error)) return false; // aborted (or committed) in the meantime
      throw error;
    }
    if (scope !== 'records') await this.collect(projectId, scope, generation);
    return (await this.pointer(projectId, scope)).committed === generation;
  }

  async abort(projectId: ProjectId, scope: string, generation: number): Promise<void> {
    try {
      await this.insert(projectId, scope, 'abort', generation, `${scope}|end|${generation}`);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** Events of generations older than the committed one of a bulk source are history. */
  private async collect(projectId: ProjectId, scope: string, committed: number): Promise<void> {
    await this.collection(projectId).deleteMany({ scope, gen: { $lt: committed } });
  }

  private async states(projectId: ProjectId): Promise<Map<string, ScopeState>> {
    return foldEvents(await this.collection(projectId).find({}, { projection: { scope: 1, kind: 1, gen: 1 } }).toArray());
  }

  private async insert(projectId: ProjectId, scope: string, kind: GenerationEventKind, gen: number, id: string): Promise<void> {
    await this.collection(projectId).insertOne({ _id: id, scope, kind, gen, at: new Date() });
  }

  /** Per project, so every read decodes only this project's few events (FerretDB scans). */
  private collection(projectId: ProjectId): mongo.Collection<EventDoc> {
    const db = this.mongo.connection.db;
    if (!db) throw new Error('the records database is not connected yet');
    return db.collection<EventDoc>(`p_${projectId}_generations`);
  }
}
