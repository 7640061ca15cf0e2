import type { SampleKnowledge } from './clickbait-corpus.js';

/** A labeling function of the benchmark: the label it returns for a headline, or null. */
export interface LabelingFunction {
  readonly id: string;
  readonly fn: (headline: string) => 'yes' | 'no' | null;
}

/**
 * The quickstart's three functions (starts_with_digit, lookup_clickbait, lookup_not_clickbait with
 * the sample's lookup lists) and two of ours. Written here in TypeScript because the heuristics
 * service (which runs them in its sandbox) is not part of this measurement.
 */
export function clickbaitFunctions(knowledge: SampleKnowledge): LabelingFunction[] {
  const lookup = (list: string) => (knowledge.terms.get(list) ?? []).map((t) => t.toLowerCase());
  const clickbait = lookup('clickbait_expression');
  const country = lookup('country_related');
  return [
    { id: 'starts_with_digit', fn: (h) => (/^\d/.test(h.split(' ')[0] ?? '') ? 'yes' : null) },
    { id: 'lookup_clickbait', fn: (h) => (clickbait.some((t) => h.toLowerCase().includes(t)) ? 'yes' : null) },
    { id: 'lookup_not_clickbait', fn: (h) => (country.some((t) => h.toLowerCase().includes(t)) ? 'no' : null) },
    // clickbait talks to the reader
    { id: 'addresses_reader', fn: (h) => (/\b(you|your|you're|you'll)\b/i.test(h) ? 'yes' : null) },
    // news headlines report who did what: a past-tense or reporting verb after a capitalised subject
    { id: 'news_report', fn: (h) => (/^[A-Z][\w.'-]*( [A-Z][\w.'-]*)* (says|said|dies|killed|wins|won|to|is|are|was|were|has|have)\b/.test(h) && !/\byou\b/i.test(h) ? 'no' : null) },
  ];
}
