import type { TransformerOptions } from '../transformer-options.js';

/** Messages between the throughput bench (parent) and its worker processes (IPC). */
export interface StartWorker {
  readonly type: 'start';
  readonly model: string;
  readonly options: TransformerOptions;
  readonly texts: readonly string[];
}

export interface Go {
  readonly type: 'go';
}

export type ToWorker = StartWorker | Go;

export type FromWorker =
  | { readonly type: 'ready' }
  | {
      readonly type: 'done';
      readonly sentences: number;
      readonly ms: number;
      readonly cpuMs: number;
    }
  | { readonly type: 'failed'; readonly message: string };
