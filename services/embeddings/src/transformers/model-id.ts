/**
 * A Hugging Face model id: `name` or `owner/name` (letters, digits, `-`, `_`, `.`), e.g.
 * `distilbert-base-uncased`, `sentence-transformers/all-MiniLM-L6-v2`. The id also names the
 * local folder `REFINERY_MODEL_DIR/<id>`, so anything that could climb out of that folder
 * (`..`, absolute paths, backslashes) is refused.
 */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;

export function modelIdProblem(id: string): string | null {
  if (id.length === 0) return 'is empty';
  const segments = id.split('/');
  if (segments.length > 2) return 'has more than one "/" (expected name or owner/name)';
  for (const segment of segments) {
    if (!SEGMENT.test(segment))
      return `has an invalid part "${segment}" (letters, digits, "-", "_", "." only, starting with a letter or digit, at most 96 characters)`;
    if (segment.includes('..')) return `has ".." in "${segment}"`;
  }
  return null;
}

export function isModelId(id: string): boolean {
  return modelIdProblem(id) === null;
}
