import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OnnxDataType, type OnnxGraph, writeOnnxModel } from './onnx-model-writer.js';
import {
  tinyBertTokenizerConfig,
  tinyBertTokenizerJson,
  tinyBertVocabulary,
} from './tiny-bert-tokenizer.js';

export interface TinyTransformerOptions {
  /** Hugging Face style id, also the sub-folder; default `refinery-test/tiny-bert` */
  readonly id?: string;
  /** hidden size; default 16 */
  readonly dims?: number;
  /** tokenizer `model_max_length` (incl. [CLS]/[SEP]); default 512 */
  readonly maxLength?: number;
  /** seed of the embedding table; default 7 */
  readonly seed?: number;
}

export interface TinyTransformerModel {
  readonly id: string;
  /** `<root>/<id>` */
  readonly dir: string;
  readonly dims: number;
  readonly vocabulary: ReadonlyMap<string, number>;
  /** the model's hidden vector for a token id (with token type 0), to check pooling by hand */
  hiddenRow(tokenId: number): Float32Array;
}

export const TINY_TRANSFORMER_ID = 'refinery-test/tiny-bert';

/**
 * Writes a complete, tiny BERT-like model in the Hugging Face hub layout under `<root>/<id>`:
 * config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx. The ONNX graph is
 *
 *   last_hidden_state = Gather(embeddings, input_ids) * Unsqueeze(Cast(attention_mask), 2)
 *                       + Gather(type_embeddings, token_type_ids)
 *
 * (batch × sequence × dims, float32), with the same inputs a BERT export has. Every token id
 * gets a fixed pseudo-random row, so sentence vectors are deterministic and differ between
 * texts, while tests stay fast and need no download.
 */
export async function writeTinyTransformerModel(
  root: string,
  options: TinyTransformerOptions = {},
): Promise<TinyTransformerModel> {
  const id = options.id ?? TINY_TRANSFORMER_ID;
  const dims = options.dims ?? 16;
  const maxLength = options.maxLength ?? 512;
  const vocabulary = tinyBertVocabulary();
  const dir = join(root, ...id.split('/'));
  await mkdir(join(dir, 'onnx'), { recursive: true });
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  await writeFile(
    join(dir, 'config.json'),
    json({
      model_type: 'bert',
      architectures: ['BertModel'],
      hidden_size: dims,
      vocab_size: vocabulary.size,
      max_position_embeddings: maxLength,
      num_attention_heads: 1,
      num_hidden_layers: 1,
      type_vocab_size: 2,
      pad_token_id: 0,
    }),
  );
  await writeFile(join(dir, 'tokenizer.json'), json(tinyBertTokenizerJson(vocabulary)));
  await writeFile(join(dir, 'tokenizer_config.json'), json(tinyBertTokenizerConfig(maxLength)));
  const { table, types } = tinyWeights(vocabulary.size, dims, options.seed ?? 7);
  await writeFile(join(dir, 'onnx', 'model.onnx'), writeOnnxModel(tinyGraph(table, types, dims)));
  const hiddenRow = (tokenId: number): Float32Array => {
    if (!Number.isInteger(tokenId) || tokenId < 0 || tokenId >= vocabulary.size)
      throw new Error(
        `token id ${tokenId} is outside the tiny vocabulary (0..${vocabulary.size - 1})`,
      );
    return table.slice(tokenId * dims, (tokenId + 1) * dims).map((v, d) => v + types[d]!);
  };
  return { id, dir, dims, vocabulary, hiddenRow };
}

function tinyWeights(
  vocabSize: number,
  dims: number,
  seed: number,
): { table: Float32Array; types: Float32Array } {
  const random = seededUniform(seed);
  const table = Float32Array.from({ length: vocabSize * dims }, () => random() * 2 - 1);
  const types = Float32Array.from({ length: 2 * dims }, () => (random() * 2 - 1) * 0.1);
  return { table, types };
}

function tinyGraph(table: Float32Array, types: Float32Array, dims: number): OnnxGraph {
  const vocabSize = table.length / dims;
  const tokens = ['batch', 'sequence'];
  return {
    name: 'tiny-bert',
    opset: 13,
    inputs: [
      { name: 'input_ids', type: OnnxDataType.Int64, shape: tokens },
      { name: 'attention_mask', type: OnnxDataType.Int64, shape: tokens },
      { name: 'token_type_ids', type: OnnxDataType.Int64, shape: tokens },
    ],
    outputs: [{ name: 'last_hidden_state', type: OnnxDataType.Float, shape: [...tokens, dims] }],
    initializers: [
      { name: 'embeddings', dims: [vocabSize, dims], data: table },
      { name: 'type_embeddings', dims: [2, dims], data: types },
      { name: 'last_axis', dims: [1], data: BigInt64Array.of(2n) },
    ],
    nodes: [
      { op: 'Gather', inputs: ['embeddings', 'input_ids'], outputs: ['word_vectors'] },
      { op: 'Gather', inputs: ['type_embeddings', 'token_type_ids'], outputs: ['type_vectors'] },
      {
        op: 'Cast',
        inputs: ['attention_mask'],
        outputs: ['mask_float'],
        intAttributes: { to: OnnxDataType.Float },
      },
      { op: 'Unsqueeze', inputs: ['mask_float', 'last_axis'], outputs: ['mask_column'] },
      { op: 'Mul', inputs: ['word_vectors', 'mask_column'], outputs: ['masked_vectors'] },
      { op: 'Add', inputs: ['masked_vectors', 'type_vectors'], outputs: ['last_hidden_state'] },
    ],
  };
}

/** mulberry32: a fixed, fast 32-bit generator so the fixture's weights never change */
function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
