/**
 * Affix / infix / URL rules modelled on spaCy 3.x's English tokenizer
 * (spacy/lang/punctuation.py, spacy/lang/en/punctuation.py, spacy/lang/char_classes.py,
 * spacy/lang/tokenizer_exceptions.py; MIT licence, ExplosionAI GmbH).
 *
 * spaCy's large explicit character tables are replaced with Unicode property escapes
 * (`\p{L}`, `\p{Ll}`, `\p{Lu}`, `\p{So}`), which agree with them on practically all text.
 * Deliberate deviation: an emoji together with its skin-tone modifiers, variation selector
 * and zero-width-joiner continuation (and a regional-indicator flag pair) is one symbol
 * here, where spaCy splits it into code points.
 */

/** escape for use outside a character class (the `u` flag forbids needless escapes) */
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** escape for use inside a character class */
const escIn = (s: string): string => s.replace(/[\]\\^-]/g, '\\$&');

/** spaCy `_punct` */
const PUNCT_LIST = [
  '…',
  '……',
  ',',
  ':',
  ';',
  '!',
  '?',
  '¿',
  '؟',
  '¡',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '<',
  '>',
  '_',
  '#',
  '*',
  '&',
  '。',
  '？',
  '！',
  '，',
  '、',
  '；',
  '：',
  '～',
  '·',
  '।',
  '،',
  '۔',
  '؛',
  '٪',
];
/** spaCy `_quotes` */
const QUOTES_LIST = [
  "'",
  '"',
  '”',
  '“',
  '`',
  '‘',
  '´',
  '’',
  '‚',
  ',',
  '„',
  '»',
  '«',
  '「',
  '」',
  '『',
  '』',
  '（',
  '）',
  '〔',
  '〕',
  '【',
  '】',
  '《',
  '》',
  '〈',
  '〉',
  '〈',
  '〉',
  '⟦',
  '⟧',
];
/** spaCy `_currency` */
const CURRENCY_LIST = [
  '$',
  '£',
  '€',
  '¥',
  '฿',
  'US$',
  'C$',
  'A$',
  '₽',
  '﷼',
  '₴',
  '₠',
  '₡',
  '₢',
  '₣',
  '₤',
  '₥',
  '₦',
  '₧',
  '₨',
  '₩',
  '₪',
  '₫',
  '€',
  '₭',
  '₮',
  '₯',
  '₰',
  '₱',
  '₲',
  '₳',
  '₴',
  '₵',
  '₶',
  '₷',
  '₸',
  '₹',
  '₺',
  '₻',
  '₼',
  '₽',
  '₾',
  '₿',
];
/** spaCy `_hyphens` */
const HYPHENS_LIST = ['-', '–', '—', '--', '---', '——', '~'];
/** spaCy `_units` (the Latin/Cyrillic part; the Arabic units never follow ASCII digits in practice) */
const UNITS_LIST =
  'km km² km³ m m² m³ dm dm² dm³ cm cm² cm³ mm mm² mm³ ha µm nm yd in ft kg g mg µg t lb oz m/s km/h kmh mph hPa Pa mbar mb MB kb KB gb GB tb TB T G M K % км км² км³ м м² м³ дм дм² дм³ см см² см³ мм мм² мм³ нм кг г мг м/с км/ч кПа Па мбар Кб КБ кб Мб МБ мб Гб ГБ гб Тб ТБ тб'.split(
    ' ',
  );

const alt = (list: readonly string[]): string => list.map(esc).join('|');
/** characters of a list, for use inside a character class */
const chars = (list: readonly string[]): string => escIn(list.join(''));

const ALPHA = '\\p{L}';
const ALPHA_LOWER = '\\p{Ll}\\p{Lo}';
const ALPHA_UPPER = '\\p{Lu}\\p{Lt}\\p{Lo}';
const QUOTE_CHARS = chars(QUOTES_LIST);
/**
 * An "icon": a symbol (`\p{So}`), kept together with its emoji modifiers, variation
 * selector, keycap mark and ZWJ continuation; or a regional-indicator flag pair.
 */
export const ICON =
  '(?:\\p{RI}\\p{RI}|[\\p{So}\\p{Extended_Pictographic}](?:[\\p{EMod}\\uFE0F\\u20E3]|\\u200D[\\p{So}\\p{Extended_Pictographic}])*)';
const ELLIPSES = ['\\.\\.+', '…'];

const PREFIXES: string[] = [
  '§',
  '%',
  '=',
  '—',
  '–',
  '\\+(?![0-9])',
  ...PUNCT_LIST.map(esc),
  ...ELLIPSES,
  ...QUOTES_LIST.map(esc),
  ...CURRENCY_LIST.map(esc),
  ICON,
];

// spaCy builds this look-behind class from PUNCT (joined with "|") and "(?:" + quotes + ")",
// so the class also holds the characters "|", "(", "?", ":" and ")".
const PERIOD_AFTER = `0-9${ALPHA_LOWER}%²\\-\\+${escIn(PUNCT_LIST.join('|'))}(?:${QUOTE_CHARS})`;

const SUFFIXES: string[] = [
  ...PUNCT_LIST.map(esc),
  ...ELLIPSES,
  ...QUOTES_LIST.map(esc),
  ICON,
  "'s",
  "'S",
  '’s',
  '’S',
  '—',
  '–',
  '(?<=[0-9])\\+',
  '(?<=°[FfCcKk])\\.',
  `(?<=[0-9])(?:${alt(CURRENCY_LIST)})`,
  `(?<=[0-9])(?:${alt(UNITS_LIST)})`,
  `(?<=[${PERIOD_AFTER}])\\.`,
  `(?<=[${ALPHA_UPPER}][${ALPHA_UPPER}])\\.`,
];

const INFIXES: string[] = [
  ...ELLIPSES,
  ICON,
  '(?<=[0-9])[+\\-*^](?=[0-9\\-])',
  `(?<=[${ALPHA_LOWER}${QUOTE_CHARS}])\\.(?=[${ALPHA_UPPER}${QUOTE_CHARS}])`,
  `(?<=[${ALPHA}]),(?=[${ALPHA}])`,
  `(?<=[${ALPHA}0-9])(?:${alt(HYPHENS_LIST)})(?=[${ALPHA}])`,
  `(?<=[${ALPHA}0-9])[:<>=/](?=[${ALPHA}])`,
];

/** Same infixes, minus the letter-hyphen-letter rule: keeps "well-known" whole. */
const INFIXES_KEEP_HYPHENS = INFIXES.filter((p) => !p.includes(alt(HYPHENS_LIST)));

export const PREFIX_RE = new RegExp(`^(?:${PREFIXES.join('|')})`, 'u');
export const SUFFIX_RE = new RegExp(`(?:${SUFFIXES.join('|')})$`, 'u');
export const INFIX_RE = new RegExp(INFIXES.join('|'), 'gu');
export const INFIX_KEEP_HYPHENS_RE = new RegExp(INFIXES_KEEP_HYPHENS.join('|'), 'gu');

/** spaCy's URL_MATCH (tokenizer_exceptions.py), translated to a JS regex. */
export const URL_RE = new RegExp(
  '^' +
    '(?:(?:[\\p{L}\\p{N}_+\\-.]{2,})://)?' +
    '(?:\\S+(?::\\S*)?@)?' +
    '(?:' +
    '(?!(?:10|127)(?:\\.\\d{1,3}){3})' +
    '(?!(?:169\\.254|192\\.168)(?:\\.\\d{1,3}){2})' +
    '(?!172\\.(?:1[6-9]|2\\d|3[0-1])(?:\\.\\d{1,3}){2})' +
    '(?:[1-9]\\d?|1\\d\\d|2[01]\\d|22[0-3])' +
    '(?:\\.(?:1?\\d{1,2}|2[0-4]\\d|25[0-5])){2}' +
    '(?:\\.(?:[1-9]\\d?|1\\d\\d|2[0-4]\\d|25[0-4]))' +
    '|' +
    '(?:(?:[A-Za-z0-9\\u00a1-\\uffff][A-Za-z0-9\\u00a1-\\uffff_\\-]{0,62})?[A-Za-z0-9\\u00a1-\\uffff]\\.)+' +
    `(?:[${ALPHA_LOWER}]{2,63})` +
    ')' +
    '(?::\\d{2,5})?' +
    '(?:[/?#]\\S*)?' +
    '$',
  'u',
);
