/**
 * A tiny BERT WordPiece tokenizer in the Hugging Face `tokenizer.json` format (the one
 * `tokenizers`/transformers.js read): lower-casing BertNormalizer, BertPreTokenizer, WordPiece
 * with `##` continuations and the `[CLS] … [SEP]` template. Every ASCII letter and digit is in
 * the vocabulary on its own and as a `##` continuation, so any ASCII word tokenizes without
 * `[UNK]`; a few whole words and suffixes make multi-piece words realistic.
 */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

const WORDS = [
  'the',
  'a',
  'and',
  'of',
  'to',
  'in',
  'is',
  'was',
  'you',
  'this',
  'will',
  'what',
  'who',
  'cat',
  'dog',
  'sat',
  'on',
  'mat',
  'ran',
  'park',
  'news',
  'reasons',
  'people',
  'berlin',
  'paris',
  'london',
  'shocking',
  'believe',
  'never',
  'happened',
  'next',
  'report',
  'market',
  'stock',
  'price',
  'rise',
  'fall',
  'city',
  'government',
  'new',
  'york',
  'un',
  'play',
];
const SUFFIXES = ['##s', '##ing', '##ed', '##er', '##ly', '##able', '##ness'];
const PUNCTUATION = Array.from(`.,!?;:'"()-/&%$#@`);
const CHARS = Array.from('abcdefghijklmnopqrstuvwxyz0123456789');

/** token -> id, specials first (so `[PAD]` is 0 like BERT) */
export function tinyBertVocabulary(): Map<string, number> {
  const tokens = [
    ...SPECIAL_TOKENS,
    ...PUNCTUATION,
    ...CHARS,
    ...CHARS.map((c) => `##${c}`),
    ...WORDS,
    ...SUFFIXES,
  ];
  return new Map([...new Set(tokens)].map((t, i) => [t, i]));
}

export function tinyBertTokenizerJson(vocab: ReadonlyMap<string, number>): unknown {
  const id = (token: string): number => {
    const value = vocab.get(token);
    if (value === undefined) throw new Error(`tiny vocabulary lacks "${token}"`);
    return value;
  };
  const special = (token: string) => ({ SpecialToken: { id: token, type_id: 0 } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: id(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]')],
      pair: [
        special('[CLS]'),
        { Sequence: { id: 'A', type_id: 0 } },
        special('[SEP]'),
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(
        ['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }]),
      ),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab),
    },
  };
}

export function tinyBertTokenizerConfig(maxLength: number): unknown {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: maxLength,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
  };
}
