import { stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The files a model folder must hold: the Hugging Face hub layout transformers.js reads. */
export const MODEL_FILES = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/model.onnx',
] as const;

export interface LocalModelFolder {
  /** `<modelDir>/<id>` */
  readonly dir: string;
  readonly exists: boolean;
  /** required files (relative to `dir`) that are absent */
  readonly missing: readonly string[];
}

export async function inspectLocalModel(modelDir: string, id: string): Promise<LocalModelFolder> {
  const dir = join(modelDir, ...id.split('/'));
  if (!(await isDirectory(dir))) return { dir, exists: false, missing: [...MODEL_FILES] };
  const present = await Promise.all(MODEL_FILES.map((file) => isFile(join(dir, file))));
  return { dir, exists: true, missing: MODEL_FILES.filter((_, i) => !present[i]) };
}

/** "folder X does not exist" / "folder X lacks onnx/model.onnx" */
export function describeLocalFolder(folder: LocalModelFolder): string {
  if (!folder.exists) return `folder ${folder.dir} does not exist`;
  return `folder ${folder.dir} lacks ${folder.missing.join(', ')}`;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
