export { tokenize, isSpaceCode } from './tokenize.js';
export type { Token, TokenizeOptions } from './tokenize.js';
export { snapSpan, tokenIndexRange, charRangeFromTokens, bioTags } from './spans.js';
export type { CharSpan, LabeledSpan, BioTag } from './spans.js';
export { spacyIndexedTokens, spacyRangeToCharRange } from './spacy-index.js';
export type { SpacyIndexedToken } from './spacy-index.js';
