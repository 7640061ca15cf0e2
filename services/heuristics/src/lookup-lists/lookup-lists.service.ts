import { EventPublisher } from '@refinery/server-kit';
import { Inject, Injectable } from '@nestjs/common';
import {
  LookupListEvents,
  MAX_TERMS_PER_LIST,
  type LookupList,
  type LookupListSummary,
  type TermsChanged,
} from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { notFound } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { LookupListRepository } from './lookup-list.repository.js';
import { labelListId, type LookupListDoc, type TermDoc } from './lookup-list.schema.js';
import { LookupTermRepository } from './lookup-term.repository.js';
import { pythonVariableOf } from './python-variable.js';

export interface LabelRef {
  taskId: string;
  labelId: string;
  labelName: string;
}

type Change = 'created' | 'updated' | 'deleted' | 'terms-changed';

/** Lookup lists and their terms; exposed to user code as the `knowledge` module. */
@Injectable()
export class LookupListsService {
  constructor(
    @Inject(LookupListRepository) private readonly lists: LookupListRepository,
    @Inject(LookupTermRepository) private readonly terms: LookupTermRepository,
    @Inject(EventPublisher) private readonly events: EventPublisher,
  ) {}

  async create(scope: ProjectScope, input: { name: string; description: string; pythonVariable?: string | undefined }): Promise<LookupListSummary> {
    const taken = new Set((await this.lists.list(scope)).map((l) => l.pythonVariable));
    if (input.pythonVariable && taken.has(input.pythonVariable)) {
      throw new AppError('CONFLICT', `a lookup list importable as "${input.pythonVariable}" already exists in this project`);
    }
    const now = new Date();
    const doc = {
      _id: newId(),
      name: input.name,
      description: input.description,
      pythonVariable: input.pythonVariable ?? pythonVariableOf(input.name, taken),
      taskId: null,
      labelId: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.lists.insert(scope, doc);
    this.changed(scope, doc._id, 'created');
    return summary(await this.require(scope, doc._id), []);
  }

  /**
   * The list of an extraction label, created once (named after the label at that moment: a
   * later rename of the label does not rename the list, as in refinery). Its `_id` derives from
   * the label, so concurrent events create it once.
   */
  async ensureLabelList(scope: ProjectScope, label: LabelRef): Promise<LookupListDoc> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.createLabelList(scope, label);
      } catch (error) {
        // Another list took the name or variable meanwhile (an import): pick free ones again.
        if ((error as { code?: unknown }).code !== 'CONFLICT' || attempt >= 3) throw error;
      }
    }
  }

  private async createLabelList(scope: ProjectScope, label: LabelRef): Promise<LookupListDoc> {
    const id = labelListId(label.labelId);
    const existing = await this.lists.findById(scope, id);
    if (existing) return existing;
    const all = await this.lists.list(scope);
    const names = new Set(all.map((l) => l.name.toLowerCase()));
    let name = label.labelName;
    for (let n = 2; names.has(name.toLowerCase()); n++) name = `${label.labelName} (${n})`;
    const now = new Date();
    const created = await this.lists.insert(scope, {
      _id: id,
      name,
      description: `Terms labelled "${label.labelName}" in manual spans`,
      pythonVariable: pythonVariableOf(label.labelName, new Set(all.map((l) => l.pythonVariable))),
      taskId: label.taskId,
      labelId: label.labelId,
      createdAt: now,
      updatedAt: now,
    });
    if (created) this.changed(scope, id, 'created');
    return this.require(scope, id);
  }

  /** A manually labelled span's text becomes a term of its label's list (a blacklisted one stays out). */
  async addSpanTerm(scope: ProjectScope, label: LabelRef, text: string): Promise<void> {
    const value = text.trim();
    if (value === '' || value.length > 500) return;
    const list = await this.ensureLabelList(scope, label);
    if ((await this.terms.add(scope, list._id, [value], 'span')) > 0) this.changed(scope, list._id, 'terms-changed');
  }

  async list(scope: ProjectScope): Promise<LookupListSummary[]> {
    const [docs, terms] = await Promise.all([this.lists.list(scope), this.terms.byList(scope)]);
    return docs.map((d) => summary(d, terms.get(d._id) ?? []));
  }

  async get(scope: ProjectScope, id: string): Promise<LookupList> {
    const doc = await this.require(scope, id);
    const terms = await this.terms.ofList(scope, id);
    return { ...summary(doc, terms), terms };
  }

  async update(scope: ProjectScope, id: string, input: { name?: string | undefined; description?: string | undefined; pythonVariable?: string | undefined }): Promise<LookupListSummary> {
    await this.require(scope, id);
    const set: Parameters<LookupListRepository['update']>[2] = { updatedAt: new Date() };
    if (input.name !== undefined) set.name = input.name;
    if (input.description !== undefined) set.description = input.description;
    if (input.pythonVariable !== undefined) set.pythonVariable = input.pythonVariable;
    await this.lists.update(scope, id, set);
    this.changed(scope, id, 'updated');
    return summary(await this.require(scope, id), await this.terms.ofList(scope, id));
  }

  async delete(scope: ProjectScope, id: string): Promise<void> {
    if ((await this.lists.delete(scope, id)) === 0) throw notFound('lookup list', id);
    await this.terms.deleteList(scope, id);
    this.changed(scope, id, 'deleted');
  }

  async addTerms(scope: ProjectScope, id: string, values: readonly string[]): Promise<TermsChanged> {
    const doc = await this.require(scope, id);
    const unique = [...new Set(values)];
    const count = await this.terms.count(scope, id);
    if (count + unique.length > MAX_TERMS_PER_LIST) {
      const existing = new Set((await this.terms.ofList(scope, id)).map((t) => t.value));
      const total = count + unique.filter((v) => !existing.has(v)).length;
      if (total > MAX_TERMS_PER_LIST) throw new AppError('LIMIT_EXCEEDED', `lookup list "${doc.name}" would hold ${total} terms; the limit is ${MAX_TERMS_PER_LIST}`);
    }
    const added = await this.terms.add(scope, id, unique, 'manual');
    return this.changedTerms(scope, doc, { added, removed: 0, unchanged: values.length - added });
  }

  async removeTerms(scope: ProjectScope, id: string, values: readonly string[]): Promise<TermsChanged> {
    const doc = await this.require(scope, id);
    const unique = [...new Set(values)];
    const removed = await this.terms.remove(scope, id, unique);
    return this.changedTerms(scope, doc, { added: 0, removed, unchanged: unique.length - removed });
  }

  /** Blacklisting a term that is not in the list adds it blacklisted, so auto-fill never brings it. */
  async blacklist(scope: ProjectScope, id: string, value: string, blacklisted: boolean): Promise<TermsChanged> {
    const doc = await this.require(scope, id);
    const current = await this.terms.isBlacklisted(scope, id, value);
    if (current === blacklisted || (current === null && !blacklisted)) return this.changedTerms(scope, doc, { added: 0, removed: 0, unchanged: 1 });
    if (current === null) {
      const added = await this.terms.add(scope, id, [value], 'manual', true);
      // Lost a race with an auto-fill insert: flag the term it added.
      if (added === 0) await this.terms.setBlacklisted(scope, id, value, true);
      return this.changedTerms(scope, doc, { added, removed: 0, unchanged: 0 });
    }
    await this.terms.setBlacklisted(scope, id, value, blacklisted);
    return this.changedTerms(scope, doc, { added: 0, removed: 0, unchanged: 0 });
  }

  /** `knowledge` for user code: every list by its variable, blacklisted terms left out. */
  async knowledge(scope: ProjectScope): Promise<Record<string, string[]>> {
    const [docs, terms] = await Promise.all([this.lists.list(scope), this.terms.byList(scope)]);
    const out: Record<string, string[]> = {};
    for (const list of docs) out[list.pythonVariable] = (terms.get(list._id) ?? []).filter((t) => !t.blacklisted).map((t) => t.value);
    return out;
  }

  private async changedTerms(scope: ProjectScope, doc: LookupListDoc, counts: Omit<TermsChanged, 'list'>): Promise<TermsChanged> {
    if (counts.added + counts.removed > 0 || counts.unchanged === 0) this.changed(scope, doc._id, 'terms-changed');
    return { ...counts, list: summary(doc, await this.terms.ofList(scope, doc._id)) };
  }

  private async require(scope: ProjectScope, id: string): Promise<LookupListDoc> {
    const doc = await this.lists.findById(scope, id);
    if (!doc) throw notFound('lookup list', id);
    return doc;
  }

  private changed(scope: ProjectScope, listId: string, change: Change): void {
    this.events.publish(LookupListEvents.changed, scope.projectId, { projectId: scope.projectId, listId, change });
  }
}

function summary(doc: LookupListDoc, terms: readonly TermDoc[]): LookupListSummary {
  const blacklistedCount = terms.filter((t) => t.blacklisted).length;
  return {
    id: doc._id,
    name: doc.name,
    description: doc.description,
    pythonVariable: doc.pythonVariable,
    taskId: doc.taskId,
    labelId: doc.labelId,
    termCount: terms.length - blacklistedCount,
    blacklistedCount,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}
