import { Inject, Injectable } from '@nestjs/common';
import type { HeuristicLanguage } from '@refinery/contracts';
import type { AttributeDataType, AttributeOutput, RunResult, SandboxLimits, SandboxRecord } from '@refinery/sandbox';
import type { SandboxOutput } from '../runs/label-outputs.js';
import type { CodePlan } from './code-plan.js';
import { SandboxPool } from './sandbox-pool.js';

export interface ExecuteOptions {
  limits?: Partial<SandboxLimits>;
  signal?: AbortSignal;
}

/** Runs a plan on records in the warm runner of its language. */
@Injectable()
export class CodeExecutor {
  constructor(@Inject(SandboxPool) private readonly pool: SandboxPool) {}

  /** The reason the code cannot be set up (syntax, imports, lists, no function), or null. */
  async setupError(plan: CodePlan): Promise<string | null> {
    const result = await this.execute(plan, []);
    return result.status === 'code-error' ? (result.codeError ?? 'the code could not be set up') : null;
  }

  /** A computed attribute: `ac(record)` returning a value of `attributeType`, strictly checked. */
  async executeAttribute(
    input: { code: string; language: HeuristicLanguage; attributeType: AttributeDataType; textAttributes: string[]; knowledge: Record<string, string[]> },
    records: readonly SandboxRecord[],
    options: ExecuteOptions = {},
  ): Promise<RunResult<AttributeOutput>> {
    const common = { code: input.code, kind: 'attribute' as const, attributeType: input.attributeType, records, knowledge: input.knowledge, limits: { ...this.pool.limits(), ...options.limits } };
    if (input.language === 'python') return this.pool.pythonRunner().run({ ...common, textAttributes: input.textAttributes });
    return this.pool.jsRunner().run({ ...common, language: input.language });
  }

  async execute(plan: CodePlan, records: readonly SandboxRecord[], options: ExecuteOptions = {}): Promise<RunResult<SandboxOutput>> {
    const common = {
      code: plan.code,
      kind: plan.kind,
      records,
      knowledge: plan.knowledge,
      ...(plan.targetAttribute ? { targetAttribute: plan.targetAttribute } : {}),
      limits: { ...this.pool.limits(), ...options.limits },
      ...(options.signal ? { signal: options.signal } : {}),
    };
    if (plan.language === 'python') {
      return this.pool.pythonRunner().run({ ...common, textAttributes: plan.textAttributes });
    }
    return this.pool.jsRunner().run({ ...common, language: plan.language });
  }
}
