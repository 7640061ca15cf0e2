import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { mongo } from 'mongoose';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import type { ProjectScope } from '../shared/project-scope.js';
import type { TermDoc } from './lookup-list.schema.js';

interface StoredTerm extends TermDoc {
  _id: string;
  listId: string;
  at: Date;
  /** Position within one add, so terms keep the order they were given in. */
  n: number;
}

/** Terms per insert batch: one message, well below FerretDB's limits. */
const INSERT_BATCH = 1_000;

/**
 * Terms live in one small collection per project (`lookup_terms_<project>`), one document per
 * term with `_id` = list + hash of the value. Adding is an insert (a duplicate `_id` = already
 * there), removing a delete: the operations FerretDB makes atomic, so concurrent auto-fill from
 * many labelled spans never loses a term. Reading a project's terms scans only its collection.
 */
@Injectable()
export class LookupTermRepository {
  constructor(@Inject(MONGO) private readonly mongo: MongoConnectionManager) {}

  private collection(projectId: string): mongo.Collection<StoredTerm> {
    return this.mongo.connection.collection<StoredTerm>(`lookup_terms_${projectId.replace(/[^A-Za-z0-9_-]/g, '_')}`);
  }

  /** Adds terms not yet in the list; returns how many were new. */
  async add(scope: ProjectScope, listId: string, values: readonly string[], origin: TermDoc['origin'], blacklisted = false): Promise<number> {
    const unique = [...new Set(values)];
    const at = new Date();
    let inserted = 0;
    for (let i = 0; i < unique.length; i += INSERT_BATCH) {
      const docs = unique.slice(i, i + INSERT_BATCH).map((value, j) => ({ _id: termId(listId, value), listId, value, blacklisted, origin, at, n: i + j }));
      try {
        inserted += (await this.collection(scope.projectId).insertMany(docs, { ordered: false })).insertedCount;
      } catch (error) {
        const e = error as { code?: unknown; insertedCount?: unknown; result?: { insertedCount?: unknown }; writeErrors?: unknown };
        const count = typeof e.insertedCount === 'number' ? e.insertedCount : e.result?.insertedCount;
        if (typeof count !== 'number' || !isDuplicateOnly(error)) throw error;
        inserted += count;
      }
    }
    return inserted;
  }

  async remove(scope: ProjectScope, listId: string, values: readonly string[]): Promise<number> {
    const ids = [...new Set(values)].map((v) => termId(listId, v));
    return (await this.collection(scope.projectId).deleteMany({ _id: { $in: ids } })).deletedCount;
  }

  /** Sets the flag of an existing term; false when the term is not in the list. */
  async setBlacklisted(scope: ProjectScope, listId: string, value: string, blacklisted: boolean): Promise<boolean> {
    return (await this.collection(scope.projectId).updateOne({ _id: termId(listId, value) }, { $set: { blacklisted } })).matchedCount === 1;
  }

  async isBlacklisted(scope: ProjectScope, listId: string, value: string): Promise<boolean | null> {
    const doc = await this.collection(scope.projectId).findOne({ _id: termId(listId, value) });
    return doc ? doc.blacklisted : null;
  }

  /** A list's terms in the order they were added. */
  async ofList(scope: ProjectScope, listId: string): Promise<TermDoc[]> {
    const docs = await this.collection(scope.projectId).find({ listId }).toArray();
    return sorted(docs).map(({ value, blacklisted, origin }) => ({ value, blacklisted, origin }));
  }

  /** Every term of the project by list id, in the order they were added. */
  async byList(scope: ProjectScope): Promise<Map<string, TermDoc[]>> {
    const out = new Map<string, TermDoc[]>();
    for (const doc of sorted(await this.collection(scope.projectId).find({}).toArray())) {
      const terms = out.get(doc.listId) ?? [];
      terms.push({ value: doc.value, blacklisted: doc.blacklisted, origin: doc.origin });
      out.set(doc.listId, terms);
    }
    return out;
  }

  async count(scope: ProjectScope, listId: string): Promise<number> {
    return this.collection(scope.projectId).countDocuments({ listId });
  }

  async deleteList(scope: ProjectScope, listId: string): Promise<void> {
    await this.collection(scope.projectId).deleteMany({ listId });
  }

  /** Project deletion: the whole collection goes. */
  async drop(projectId: string): Promise<void> {
    await this.collection(projectId)
      .drop()
      .catch(() => undefined);
  }
}

function termId(listId: string, value: string): string {
  return `${listId}:${createHash('sha256').update(value).digest('hex').slice(0, 32)}`;
}

function sorted(docs: StoredTerm[]): StoredTerm[] {
  return docs.sort((a, b) => a.at.getTime() - b.at.getTime() || a.n - b.n);
}

function isDuplicateOnly(error: unknown): boolean {
  const e = error as { code?: unknown; writeErrors?: { code?: unknown }[] | { code?: unknown } };
  const writeErrors = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  if (writeErrors.length) return writeErrors.every((w) => w.code === 11000);
  return e.code === 11000;
}
