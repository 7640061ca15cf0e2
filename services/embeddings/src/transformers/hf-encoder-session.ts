import {
  AutoModel,
  AutoTokenizer,
  env,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  Tensor,
} from '@huggingface/transformers';
import { join } from 'node:path';
import type { EncodedBatch, EncoderSession, HiddenStates } from './encoder-session.js';

/** Where transformers.js should read the model from. */
export type ModelSource =
  | { readonly kind: 'local'; readonly modelDir: string }
  | { readonly kind: 'hub'; readonly hubUrl: string; readonly cacheDir: string };

/**
 * transformers.js keeps where it loads from in a process-wide `env`; loads are chained so two
 * concurrent loads (one local, one from the hub) never see each other's settings.
 */
let loadChain: Promise<unknown> = Promise.resolve();

export function openHfEncoderSession(
  id: string,
  source: ModelSource,
  intraOpThreads: number,
): Promise<EncoderSession> {
  const load = async (): Promise<EncoderSession> => {
    if (source.kind === 'local') {
      env.allowLocalModels = true;
      env.allowRemoteModels = false;
      env.localModelPath = source.modelDir.endsWith('/') ? source.modelDir : `${source.modelDir}/`;
    } else {
      env.allowLocalModels = false;
      env.allowRemoteModels = true;
      env.remoteHost = source.hubUrl;
      env.cacheDir = source.cacheDir;
    }
    const localOnly = source.kind === 'local';
    const tokenizer = await AutoTokenizer.from_pretrained(id, { local_files_only: localOnly });
    const model = await AutoModel.from_pretrained(id, {
      local_files_only: localOnly,
      dtype: 'fp32', // onnx/model.onnx (whatever its weights' precision)
      device: 'cpu',
      // one thread per session by default: worker processes then scale over the cores instead
      // of every worker's onnxruntime grabbing all of them
      session_options: { intraOpNumThreads: intraOpThreads, interOpNumThreads: 1 },
    });
    return new HfEncoderSession(tokenizer, model);
  };
  const next = loadChain.then(load, load);
  loadChain = next.catch(() => undefined);
  return next;
}

/** the hub download cache beside the local models, so a downloaded model survives restarts */
export function hubCacheDir(modelDir: string): string {
  return join(modelDir, '.hub-cache');
}

class HfEncoderSession implements EncoderSession {
  readonly modelMaxLength: number;
  readonly prefixIds: readonly number[];
  readonly suffixIds: readonly number[];
  readonly padId: number;

  constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
  ) {
    const declared: unknown = tokenizer.model_max_length;
    // tokenizer_config.json of old models says 1e30 ("no limit"): the position table decides
    this.modelMaxLength =
      typeof declared === 'number' && declared > 0 && declared < 1e6 ? declared : 512;
    [this.prefixIds, this.suffixIds] = specialTokenFrame(tokenizer);
    this.padId = tokenizer.pad_token_id ?? 0;
  }

  encodePieces(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false });
  }

  async run(batch: EncodedBatch): Promise<HiddenStates> {
    const shape = [batch.batch, batch.sequence];
    const output: unknown = await this.model._call({
      input_ids: new Tensor('int64', batch.inputIds, shape),
      attention_mask: new Tensor('int64', batch.attentionMask, shape),
    });
    const hidden = tensorField(output, 'last_hidden_state');
    const [b, s, dims] = hidden.dims;
    if (
      b !== batch.batch ||
      s !== batch.sequence ||
      dims === undefined ||
      !(hidden.data instanceof Float32Array)
    )
      throw new Error(
        `model returned last_hidden_state of shape [${hidden.dims.join(', ')}], expected float32 [${batch.batch}, ${batch.sequence}, hidden]`,
      );
    return { batch: b, sequence: s, dims, data: hidden.data };
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}

/** ids around one sequence: encode a probe with and without special tokens and diff them */
function specialTokenFrame(tokenizer: PreTrainedTokenizer): [number[], number[]] {
  const probe = 'a';
  const framed = tokenizer.encode(probe, { add_special_tokens: true });
  const bare = tokenizer.encode(probe, { add_special_tokens: false });
  for (let at = 0; at + bare.length <= framed.length; at++) {
    if (bare.every((id, i) => framed[at + i] === id))
      return [framed.slice(0, at), framed.slice(at + bare.length)];
  }
  return [[], []];
}

interface TensorLike {
  readonly dims: readonly number[];
  readonly data: unknown;
}

function tensorField(value: unknown, field: string): TensorLike {
  const tensor: unknown =
    typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)[field]
      : undefined;
  if (
    typeof tensor !== 'object' ||
    tensor === null ||
    !Array.isArray((tensor as { dims?: unknown }).dims) ||
    !('data' in tensor)
  )
    throw new Error(`expected a "${field}" tensor in the model/tokenizer output`);
  return tensor as TensorLike;
}
