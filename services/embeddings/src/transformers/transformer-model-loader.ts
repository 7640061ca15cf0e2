import { ModelUnavailableError } from '../models/model-provider.js';
import type { EncoderSession } from './encoder-session.js';
import { hubCacheDir, type ModelSource, openHfEncoderSession } from './hf-encoder-session.js';
import { describeLocalFolder, inspectLocalModel, MODEL_FILES } from './local-model-folder.js';
import { modelIdProblem } from './model-id.js';
import { TransformerModel } from './transformer-model.js';
import { type TransformerOptions, TRANSFORMER_ENV } from './transformer-options.js';

/** opens a session for a model id from a source; replaced only by unit tests of the loader */
export type OpenEncoderSession = (
  id: string,
  source: ModelSource,
  intraOpThreads: number,
) => Promise<EncoderSession>;

/**
 * Loads a transformer model by Hugging Face id: from `<modelDir>/<id>` when that folder has all
 * of MODEL_FILES, else from the hub (when allowed). When neither works the error names the
 * model, the folder tried and what it lacks, and why the hub failed, e.g.
 *
 *   model "distilbert-base-uncased" is not available: local: folder /work/models/distilbert-base-uncased
 *   does not exist (put config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx there
 *   or set REFINERY_MODEL_DIR); hub https://huggingface.co/: fetch failed
 */
export async function loadTransformerModel(
  id: string,
  options: TransformerOptions,
  open: OpenEncoderSession = openHfEncoderSession,
): Promise<TransformerModel> {
  const problem = modelIdProblem(id);
  if (problem) throw new ModelUnavailableError(id, `model id "${id}" ${problem}`);
  const modelOptions = { batchSize: options.batchSize, maxLength: options.maxLength };
  const folder = await inspectLocalModel(options.modelDir, id);
  let localProblem: string;
  if (folder.missing.length === 0) {
    try {
      const session = await open(
        id,
        { kind: 'local', modelDir: options.modelDir },
        options.intraOpThreads,
      );
      return await TransformerModel.create(id, session, modelOptions);
    } catch (error) {
      localProblem = `folder ${folder.dir} could not be loaded: ${messageOf(error)}`;
    }
  } else {
    localProblem = `${describeLocalFolder(folder)} (put ${MODEL_FILES.join(', ')} there or set ${TRANSFORMER_ENV.modelDir})`;
  }
  if (!options.allowHub)
    throw unavailable(id, localProblem, `disabled (${TRANSFORMER_ENV.allowHub}=off)`);
  try {
    const source: ModelSource = {
      kind: 'hub',
      hubUrl: options.hubUrl,
      cacheDir: hubCacheDir(options.modelDir),
    };
    const session = await open(id, source, options.intraOpThreads);
    return await TransformerModel.create(id, session, modelOptions);
  } catch (error) {
    throw unavailable(id, localProblem, `${options.hubUrl} failed: ${messageOf(error)}`);
  }
}

function unavailable(id: string, local: string, hub: string): ModelUnavailableError {
  return new ModelUnavailableError(
    id,
    `model "${id}" is not available: local: ${local}; hub: ${hub}`,
  );
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch failures hide the reason (ECONNREFUSED, ENOTFOUND) in `cause`
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
