import { Inject, Injectable } from '@nestjs/common';
import type { AttributeValuesRequest, DataType, RecordValue, TextTokens } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { GenerationRepository } from '../generations/generation.repository.js';
import { tokenizeRecord } from '../records/text-tokens.js';
import { invalid, notFound } from '../shared/errors.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { ProjectStore } from '../store/project-store.service.js';
import { AttributeRepository } from './attribute.repository.js';
import type { AttributeDoc } from './attribute.schema.js';
import { valueProblem } from './attribute-values.js';
import { AttributesService } from './attributes.service.js';

type Reply = { attributeId: string; generation: number; count: number };

/**
 * Values of computed attributes (heuristics' attribute calculations), replaced as a whole per
 * run: pages become `set-values` ops of a generation of the scope `values:<attributeId>`, which
 * count once that generation is committed (see ProjectState).
 */
@Injectable()
export class AttributeValuesService {
  constructor(
    @Inject(AttributeRepository) private readonly attributes: AttributeRepository,
    @Inject(AttributesService) private readonly attributesService: AttributesService,
    @Inject(GenerationRepository) private readonly generations: GenerationRepository,
    @Inject(ProjectStore) private readonly store: ProjectStore,
  ) {}

  async handle(scope: ProjectScope, req: AttributeValuesRequest): Promise<Reply> {
    if (req.step === 'begin') return this.begin(scope, req.name, req.dataType);
    const attribute = await this.attributes.findById(scope.projectId, req.attributeId);
    if (!attribute || attribute.origin !== 'COMPUTED') throw notFound('computed attribute', req.attributeId);
    const key = valuesScope(attribute._id);
    switch (req.step) {
      case 'page': {
        if (!(await this.generations.countPage(scope.projectId, key, req.generation))) throw superseded(attribute, req.generation);
        return { attributeId: attribute._id, generation: req.generation, count: await this.page(scope, attribute, req.generation, req.values) };
      }
      case 'commit': {
        if (!(await this.generations.commit(scope.projectId, key, req.generation))) throw superseded(attribute, req.generation);
        if (!attribute.visible) await this.attributes.setFields(scope.projectId, attribute._id, { visible: true });
        this.store.invalidate(scope.projectId);
        const state = await this.store.state(scope.projectId);
        let count = 0;
        for (const r of state.records.values()) if ((r.data[attribute.name] ?? null) !== null) count++;
        return { attributeId: attribute._id, generation: req.generation, count };
      }
      case 'abort': {
        await this.generations.abort(scope.projectId, key, req.generation);
        // A new attribute that never got values goes again.
        if ((await this.generations.pointer(scope.projectId, key)).committed === 0) await this.attributes.deleteOne(scope.projectId, attribute._id);
        return { attributeId: attribute._id, generation: req.generation, count: 0 };
      }
    }
  }

  private async begin(scope: ProjectScope, name: string, dataType: DataType): Promise<Reply> {
    const existing = (await this.attributes.list(scope.projectId)).find((a) => a.name === name);
    if (existing && (existing.origin !== 'COMPUTED' || existing.dataType !== dataType)) {
      throw new AppError('CONFLICT', `payload.name: attribute "${name}" already exists as ${existing.origin === 'COMPUTED' ? `a computed ${existing.dataType} attribute` : 'an uploaded attribute'}`);
    }
    const attribute =
      existing ??
      (await this.attributesService.createMany(scope.projectId, [{ name, dataType, isPrimaryKey: false, visible: false, origin: 'COMPUTED' }]))[0];
    if (!attribute) throw new Error(`attribute ${name} not created`);
    const generation = await this.generations.begin(scope.projectId, valuesScope(attribute._id));
    return { attributeId: attribute._id, generation, count: 0 };
  }

  private async page(scope: ProjectScope, attribute: AttributeDoc, generation: number, values: readonly { recordId: string; value: RecordValue }[]): Promise<number> {
    const state = await this.store.state(scope.projectId);
    const out: [string, RecordValue, TextTokens | null][] = values.map((v, i) => {
      if (!state.records.has(v.recordId)) throw invalid(`values.${i}.recordId`, `record ${v.recordId} does not exist`);
      const problem = valueProblem(attribute.dataType, v.value);
      if (problem) throw invalid(`values.${i}.value`, `${problem} (attribute "${attribute.name}" is ${attribute.dataType})`);
      const tokens = attribute.dataType === 'TEXT' ? (tokenizeRecord([attribute.name], { [attribute.name]: v.value })[attribute.name] ?? null) : null;
      return [v.recordId, v.value, tokens];
    });
    await this.store.append(scope.projectId, { t: 'set-values', gen: generation, scope: valuesScope(attribute._id), attribute: attribute.name, values: out });
    return out.length;
  }
}

export function valuesScope(attributeId: string): string {
  return `values:${attributeId}`;
}

function superseded(attribute: AttributeDoc, generation: number): AppError {
  return new AppError('CONFLICT', `generation ${generation} of the values of "${attribute.name}" is not being written (committed, aborted or superseded by a newer begin)`);
}
