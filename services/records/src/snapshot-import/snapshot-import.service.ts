import { Inject, Injectable } from '@nestjs/common';
import type { Actor, ImportSource, SnapshotImportBegin, SnapshotImportBeginReply, SnapshotImportCounts } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import { AttributesService } from '../attributes/attributes.service.js';
import { GenerationRepository } from '../generations/generation.repository.js';
import { RECORDS_SCOPE, sourceScope } from '../generations/generation-rules.js';
import { ProjectRepository } from '../projects/project.repository.js';
import { invalid } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { trustedProjectId, type ProjectId, type ProjectScope } from '../shared/project-scope.js';
import { ProjectStore } from '../store/project-store.service.js';
import { LabelRepository } from '../tasks/label.repository.js';
import { LabelsService } from '../tasks/labels.service.js';
import { TaskRepository } from '../tasks/task.repository.js';
import { SnapshotPagesService } from './snapshot-pages.service.js';

/**
 * Begin, commit and abort of a whole-project import (see the contract). The project, its schema
 * and tasks exist from `begin` on, but its records and labels only appear with the commit's
 * flips; `abort` (the importer's answer to any failure) removes the project again.
 */
@Injectable()
export class SnapshotImportService {
  constructor(
    @Inject(ProjectRepository) private readonly projects: ProjectRepository,
    @Inject(AttributesService) private readonly attributes: AttributesService,
    @Inject(AttributeRepository) private readonly attributeRepo: AttributeRepository,
    @Inject(TaskRepository) private readonly tasks: TaskRepository,
    @Inject(LabelRepository) private readonly labelRepo: LabelRepository,
    @Inject(LabelsService) private readonly labels: LabelsService,
    @Inject(GenerationRepository) private readonly generations: GenerationRepository,
    @Inject(ProjectStore) private readonly store: ProjectStore,
    @Inject(SnapshotPagesService) private readonly pages: SnapshotPagesService,
  ) {}

  async begin(actor: Actor, req: SnapshotImportBegin): Promise<SnapshotImportBeginReply> {
    if (actor.role === 'system' && actor.orgId === 'system') {
      throw new AppError('VALIDATION_FAILED', 'actor.orgId: a project needs the organization of a real actor');
    }
    checkSchema(req);
    const project = await this.projects.insert({
      _id: newId(),
      orgId: actor.orgId,
      name: req.name,
      description: req.description,
      createdBy: actor.userId,
      createdAt: new Date(),
    });
    const projectId = trustedProjectId(project._id);
    try {
      const attributes = await this.attributes.createMany(projectId, req.attributes.map((a) => ({ ...a, visible: true })));
      const attributeIds = new Map(attributes.map((a) => [a.name, a._id]));
      const tasks: SnapshotImportBeginReply['tasks'] = [];
      for (const t of req.tasks) {
        const task = await this.tasks.insert(projectId, {
          _id: newId(),
          name: t.name,
          kind: t.kind,
          attributeId: t.attribute === null ? null : (attributeIds.get(t.attribute) ?? null),
          createdAt: new Date(),
        });
        const labels = await this.labels.insertNew(projectId, task._id, 0, t.labels);
        tasks.push({ id: task._id, name: task.name, labels: labels.map((l) => ({ id: l._id, name: l.name })) });
      }
      const generation = await this.generations.begin(projectId, RECORDS_SCOPE);
      const sources: SnapshotImportBeginReply['sources'] = [];
      for (const s of req.sources) {
        sources.push({ ...s, generation: await this.generations.begin(projectId, sourceScope(s.source, s.sourceId)) });
      }
      return { projectId, generation, tasks, sources };
    } catch (error) {
      await this.remove(actor.orgId, projectId);
      throw error;
    }
  }

  async commit(scope: ProjectScope, generation: number, sources: readonly (ImportSource & { generation: number })[]): Promise<SnapshotImportCounts> {
    const { projectId } = scope;
    if (!(await this.generations.commit(projectId, RECORDS_SCOPE, generation))) {
      throw new AppError('CONFLICT', `records generation ${generation} of project ${projectId} is not being imported (committed, aborted or superseded)`);
    }
    this.pages.finished(projectId, generation);
    for (const s of sources) {
      if (!(await this.generations.commit(projectId, sourceScope(s.source, s.sourceId), s.generation))) {
        throw new AppError('CONFLICT', `generation ${s.generation} of ${s.source} ${s.sourceId} is not being imported`);
      }
    }
    this.store.invalidate(projectId);
    const state = await this.store.state(projectId);
    let heuristic = 0;
    let weakSupervision = 0;
    for (const s of sources) {
      const n = state.source(sourceScope(s.source, s.sourceId))?.count ?? 0;
      if (s.source === 'HEURISTIC') heuristic += n;
      else weakSupervision += n;
    }
    return { records: state.records.size, manual: state.countLive('MANUAL'), heuristic, weakSupervision };
  }

  async abort(scope: ProjectScope): Promise<void> {
    await this.remove(scope.orgId, scope.projectId);
  }

  /** The project document first (nobody sees it any more), then what hangs on it. */
  private async remove(orgId: string, projectId: ProjectId): Promise<void> {
    await this.projects.delete(orgId, projectId);
    await this.store.drop(projectId);
    for (const repo of [this.attributeRepo, this.tasks, this.labelRepo]) {
      await repo.purge(projectId);
    }
  }
}

/** Names must be unique and tasks must point at an attribute of the right type. */
function checkSchema(req: SnapshotImportBegin): void {
  const byName = new Map<string, SnapshotImportBegin['attributes'][number]>();
  req.attributes.forEach((a, i) => {
    if (byName.has(a.name)) throw invalid(`attributes.${i}.name`, `attribute "${a.name}" repeats`);
    byName.set(a.name, a);
  });
  const taskNames = new Set<string>();
  req.tasks.forEach((t, i) => {
    const key = t.name.toLowerCase();
    if (taskNames.has(key)) throw invalid(`tasks.${i}.name`, `task "${t.name}" repeats`);
    taskNames.add(key);
    const attribute = t.attribute === null ? null : byName.get(t.attribute);
    if (t.attribute !== null && !attribute) throw invalid(`tasks.${i}.attribute`, `attribute "${t.attribute}" is not in attributes`);
    if (t.kind === 'EXTRACTION' && attribute?.dataType !== 'TEXT') {
      throw invalid(`tasks.${i}.attribute`, `extraction task "${t.name}" needs a TEXT attribute`);
    }
    const labelNames = new Set<string>();
    t.labels.forEach((l, j) => {
      if (labelNames.has(l.name.toLowerCase())) throw invalid(`tasks.${i}.labels.${j}.name`, `label "${l.name}" repeats in task "${t.name}"`);
      labelNames.add(l.name.toLowerCase());
    });
  });
}
