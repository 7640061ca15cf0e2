/**
 * spaCy attributes refinery's documents had and ours do not (records are tokenized text only).
 * A function using them cannot give the answers it gave in refinery, so an import keeps it
 * read-only rather than letting every record fail.
 */
const SPACY_ATTRIBUTES = [
  'ent_type_',
  'ent_iob_',
  'ents',
  'pos_',
  'tag_',
  'dep_',
  'lemma_',
  'morph',
  'noun_chunks',
  'sents',
  'is_stop',
  'vector',
  'has_vector',
  'similarity',
  'lang_',
  'head',
  'children',
];

const ATTRIBUTE = new RegExp(`\\.(${SPACY_ATTRIBUTES.join('|')})\\b`);

/** Why refinery code cannot run here as it did, from what it reads; null when nothing is seen. */
export function spacyFeatureReason(code: string): string | null {
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/#.*$/, '');
    const hit = ATTRIBUTE.exec(line);
    if (hit) {
      return `line ${i + 1} uses spaCy's .${hit[1]}, which records here do not have (documents are tokenized text: .text, tokens with .text/.idx/.i, spans)`;
    }
  }
  return null;
}

/** refinery heuristic types other than labeling functions are not run by this service. */
export function heuristicTypeReason(type: string): string | null {
  if (type === 'LABELING_FUNCTION') return null;
  return `a refinery ${type} heuristic is not run by this service (only labeling functions are); its stored outputs stay usable in weak supervision`;
}
