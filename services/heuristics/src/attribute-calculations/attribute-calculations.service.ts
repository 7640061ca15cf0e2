import { Inject, Injectable } from '@nestjs/common';
import type { AttributeCalculation, CalculationPreview, DataType, HeuristicLanguage } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { RecordsClient } from '../access/records-client.js';
import { LookupListsService } from '../lookup-lists/lookup-lists.service.js';
import { RecordSampler } from '../preview/record-sampler.service.js';
import { CodeExecutor } from '../sandbox/code-executor.service.js';
import { sandboxRecord } from '../sandbox/code-plan.js';
import { notFound } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { AttributeCalculationRepository } from './attribute-calculation.repository.js';
import type { AttributeCalculationDoc } from './attribute-calculation.schema.js';

export type CalculationSource = { calculationId: string } | { code: string; language: HeuristicLanguage; dataType: DataType };

const PREVIEW_WALL_MS = 20_000;

/** Computed attributes: their definitions and "run on N" ("run on all": CalculationRunsService). */
@Injectable()
export class AttributeCalculationsService {
  constructor(
    @Inject(AttributeCalculationRepository) private readonly calculations: AttributeCalculationRepository,
    @Inject(RecordsClient) private readonly records: RecordsClient,
    @Inject(LookupListsService) private readonly lists: LookupListsService,
    @Inject(RecordSampler) private readonly sampler: RecordSampler,
    @Inject(CodeExecutor) private readonly executor: CodeExecutor,
  ) {}

  async create(scope: ProjectScope, input: { name: string; dataType: DataType; language: HeuristicLanguage; code: string }): Promise<AttributeCalculation> {
    const taken = (await this.records.attributes(scope)).find((a) => a.name.toLowerCase() === input.name.toLowerCase());
    if (taken) throw new AppError('CONFLICT', `the project already has an attribute named "${taken.name}"`);
    const now = new Date();
    const doc = { _id: newId(), ...input, createdBy: scope.actor.userId, createdAt: now, updatedAt: now };
    await this.calculations.insert(scope, doc);
    return this.get(scope, doc._id);
  }

  async list(scope: ProjectScope): Promise<AttributeCalculation[]> {
    return (await this.calculations.list(scope)).map(view);
  }

  async get(scope: ProjectScope, id: string): Promise<AttributeCalculation> {
    return view(await this.require(scope, id));
  }

  async update(scope: ProjectScope, id: string, set: { dataType?: DataType | undefined; language?: HeuristicLanguage | undefined; code?: string | undefined }): Promise<AttributeCalculation> {
    const calc = await this.require(scope, id);
    if (set.dataType !== undefined && set.dataType !== calc.dataType) {
      // records keeps a computed attribute's type: its next run would be refused, so say it now.
      const written = (await this.records.attributes(scope)).find((a) => a.name === calc.name);
      if (written) throw new AppError('CONFLICT', `payload.dataType: the attribute "${calc.name}" exists in records as ${written.dataType}; a calculation of another type needs another name`);
    }
    const defined = Object.fromEntries(Object.entries(set).filter(([, v]) => v !== undefined));
    await this.calculations.update(scope, id, { ...defined, updatedAt: new Date() });
    return this.get(scope, id);
  }

  async delete(scope: ProjectScope, id: string): Promise<void> {
    if ((await this.calculations.delete(scope, id)) === 0) throw notFound('computed attribute', id);
  }

  async runOnSample(scope: ProjectScope, source: CalculationSource, n: number, seed: number | undefined): Promise<CalculationPreview> {
    const calc = 'calculationId' in source ? await this.require(scope, source.calculationId) : source;
    const [attributes, knowledge, records] = await Promise.all([this.records.attributes(scope), this.lists.knowledge(scope), this.sampler.sample(scope, n, seed, calc.language === 'python')]);
    const t0 = performance.now();
    const result = await this.executor.executeAttribute(
      { code: calc.code, language: calc.language, attributeType: calc.dataType, textAttributes: attributes.filter((a) => a.dataType === 'TEXT').map((a) => a.name), knowledge },
      records.map(sandboxRecord),
      { limits: { runWallMs: PREVIEW_WALL_MS } },
    );
    const failures = new Map(result.failures.map((f) => [f.recordId, f.message]));
    return {
      codeError: result.status === 'code-error' ? (result.codeError ?? 'the code could not run') : null,
      records: records.map((r) => {
        const value = result.results.get(r.id);
        return { recordId: r.id, data: r.data, value: value === undefined || value === null ? null : typeof value === 'object' ? [...value] : value, error: failures.get(r.id) ?? null };
      }),
      logs: [...result.logs],
      durationMs: performance.now() - t0,
    };
  }

  private async require(scope: ProjectScope, id: string): Promise<AttributeCalculationDoc> {
    const doc = await this.calculations.findById(scope, id);
    if (!doc) throw notFound('computed attribute', id);
    return doc;
  }
}

function view(doc: AttributeCalculationDoc): AttributeCalculation {
  return {
    id: doc._id,
    name: doc.name,
    dataType: doc.dataType,
    language: doc.language,
    code: doc.code,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}
