import type { z } from 'zod';

/** A job type: its name, payload schema and retry policy (one per `*.job.ts` file). */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly payload: S;
  readonly attempts: number;
  readonly backoffMs: number;
}

export function defineJob<S extends z.ZodType>(
  name: string,
  payload: S,
  opts: { attempts?: number; backoffMs?: number } = {},
): JobDefinition<S> {
  if (!/^[a-z][a-z0-9.-]*$/.test(name))
    throw new Error(`job name "${name}" must be lower-case dotted`);
  return { name, payload, attempts: opts.attempts ?? 3, backoffMs: opts.backoffMs ?? 1_000 };
}

export interface JobContext {
  id: string;
  attempt: number;
  /** Reports progress (0–100 or a structured object) to listeners. */
  progress(value: number | object): Promise<void>;
}

export type JobHandler<S extends z.ZodType = z.ZodType> = (
  payload: z.infer<S>,
  ctx: JobContext,
) => Promise<unknown>;

/** Binds a handler to its definition so a registry can check that every job has one. */
export interface JobBinding<S extends z.ZodType = z.ZodType> {
  definition: JobDefinition<S>;
  handler: JobHandler<S>;
}

export function bindJob<S extends z.ZodType>(
  definition: JobDefinition<S>,
  handler: JobHandler<S>,
): JobBinding<S> {
  return { definition, handler: handler as JobHandler<S> };
}
