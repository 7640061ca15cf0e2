import { type LabelMatrix, referenceArray } from '../matrix.js';
import { DawidSkene, type DawidSkeneOptions, dawidSkenePosterior, dawidSkeneTables } from './dawid-skene.js';
import { assertCompatible, emptyPrediction, type FitOptions, type LabelModel, type Prediction } from './types.js';
import { VoteArbitration, type VoteArbitrationOptions } from './vote-arbitration.js';

export interface RefineryPlusOptions {
  /** Options of the reference-driven arbitration component. */
  readonly arbitration?: VoteArbitrationOptions;
  /** Options of the agreement (Dawid–Skene with abstentions) component. */
  readonly agreement?: DawidSkeneOptions;
  /** Candidate blend weights λ of the agreement component. Default [0, 0.25, 0.5, 0.75, 1]. */
  readonly blendWeights?: readonly number[];
  /** Fixed λ instead of selecting it on the reference labels. */
  readonly blendWeight?: number;
  /** Reference records needed to select λ; below, λ = 0. Default 20. */
  readonly minReferencesForSelection?: number;
  /**
   * An agreement component already fitted on the same matrix (it never sees reference labels, so
   * it is the same for every reference split): cross-validation folds reuse it instead of refitting.
   */
  readonly agreementModel?: DawidSkene;
}

/** Outcome of the blend selection (for inspection, run summaries and tests). */
export interface BlendSelection {
  /** Chosen weight of the agreement component. */
  readonly weight: number;
  /** Candidates with their mean held-out log-likelihood of the reference labels (empty when not selected). */
  readonly candidates: ReadonlyArray<{ readonly weight: number; readonly logLikelihood: number; readonly accuracy: number }>;
  /** Reference records the selection was evaluated on. */
  readonly evaluated: number;
}

const EPS = 1e-12;

/**
 * `refinery-plus` (default model): a product of two experts, each strong where the other is weak,
 * blended by held-out evidence from the manual reference labels.
 *
 * - A, `vote-arbitration`: precision of every (heuristic, label) from the reference labels (Beta
 *   posterior), log-odds weights, implication discounts from the co-firing structure, calibrated
 *   arbitration among the voted classes. Strong with many sparse heuristics and a labelled valid split.
 * - B, `dawid-skene` with abstentions, fitted on all records *without* reference labels: accuracies
 *   (and firing rates per class) come from the agreement structure alone, so a heuristic that was
 *   trained on the reference labels (an active learner) is judged without them, and an abstention is
 *   evidence (a record where the "yes" functions all stay silent is less likely "yes"). Strong with
 *   few dense heuristics.
 * - p(y | x) ∝ p_A(y | x)^(1−λ) · p_B(y | x)^λ. λ is chosen from `blendWeights` by the mean
 *   held-out log-likelihood of the reference labels: A exactly leave-one-out (the record's label is
 *   removed from the counts), B as fitted (it never saw a label); on a reference record the votes of
 *   heuristics excluded from its support (trained on it) are marginalised out of both. Ties → smaller λ.
 *   λ = 0 keeps A's decision rule (best voted class); otherwise the label is the argmax of the blend.
 *   Without enough references λ = 0 (A alone).
 */
export class RefineryPlus implements LabelModel {
  readonly name = 'refinery-plus';
  private readonly o: Required<Omit<RefineryPlusOptions, 'blendWeight' | 'agreementModel'>> & { blendWeight: number | undefined };
  private readonly agreementModel: DawidSkene | undefined;
  private fitted: { nHeuristics: number; nClasses: number; arbitration: VoteArbitration; agreement: DawidSkene | null; selection: BlendSelection } | null =
    null;

  constructor(options: RefineryPlusOptions = {}) {
    const blendWeights = options.blendWeights ?? [0, 0.25, 0.5, 0.75, 1];
    for (const w of [...blendWeights, ...(options.blendWeight === undefined ? [] : [options.blendWeight])])
      if (!(w >= 0 && w <= 1)) throw new RangeError(`refinery-plus: blend weight ${w} outside [0, 1]`);
    if (blendWeights.length === 0) throw new RangeError('refinery-plus: blendWeights must not be empty');
    this.o = {
      arbitration: options.arbitration ?? {},
      agreement: options.agreement ?? {},
      blendWeights,
      blendWeight: options.blendWeight,
      minReferencesForSelection: options.minReferencesForSelection ?? 20,
    };
    this.agreementModel = options.agreementModel;
  }

  /** The fitted components and the blend selection (null before fit). */
  get parameters(): { arbitration: VoteArbitration; agreement: DawidSkene | null; selection: BlendSelection } | null {
    return this.fitted;
  }

  fit(matrix: LabelMatrix, options: FitOptions = {}): this {
    const arbitration = new VoteArbitration(this.o.arbitration).fit(matrix, options);
    const fixed = this.o.blendWeight;
    const needsAgreement = fixed === undefined ? this.o.blendWeights.some((w) => w > 0) : fixed > 0;
    if (this.agreementModel && !this.agreementModel.parameters) throw new Error('refinery-plus: agreementModel must be fitted');
    const agreement = needsAgreement ? (this.agreementModel ?? new DawidSkene(this.o.agreement).fit(matrix)) : null;
    const selection: BlendSelection =
      fixed !== undefined || !agreement ? { weight: fixed ?? 0, candidates: [], evaluated: 0 } : this.select(matrix, options, arbitration, agreement);
    this.fitted = { nHeuristics: matrix.nHeuristics, nClasses: matrix.nClasses, arbitration, agreement, selection };
    return this;
  }

  /** Mean held-out log-likelihood (and accuracy) of the reference labels for every candidate λ. */
  private select(matrix: LabelMatrix, options: FitOptions, arbitration: VoteArbitration, agreement: DawidSkene): BlendSelection {
    const K = matrix.nClasses;
    const ref = referenceArray(options.reference, matrix.nRecords, K);
    const exclude = options.excludeFromSupport ?? [];
    const weights = this.o.blendWeights;
    const ll = new Float64Array(weights.length);
    const hits = new Float64Array(weights.length);
    const pa = new Float64Array(K);
    const pb = new Float64Array(K);
    const tables = dawidSkeneTables(agreement.parameters!);
    let evaluated = 0;
    for (let i = 0; i < matrix.nRecords; i++) {
      const y = ref[i]!;
      if (y < 0) continue;
      // records without (usable) votes count too: there A says the class prior and B reads the abstentions
      const ignore = (h: number): boolean => exclude[h]?.has(i) === true;
      evaluated++;
      const labelA = arbitration.leaveOneOut(matrix, i, pa, ignore);
      dawidSkenePosterior(tables, matrix, i, pb, ignore);
      weights.forEach((w, j) => {
        const { label, logProbability } = blendRow(pa, pb, w, labelA, y);
        ll[j]! += logProbability;
        if (label === y) hits[j]! += 1;
      });
    }
    const candidates = weights.map((weight, j) => ({ weight, logLikelihood: evaluated ? ll[j]! / evaluated : 0, accuracy: evaluated ? hits[j]! / evaluated : 0 }));
    if (evaluated < this.o.minReferencesForSelection) return { weight: 0, candidates, evaluated };
    let best = candidates[0]!;
    for (const c of candidates) if (c.logLikelihood > best.logLikelihood || (c.logLikelihood === best.logLikelihood && c.weight < best.weight)) best = c;
    return { weight: best.weight, candidates, evaluated };
  }

  predict(matrix: LabelMatrix): Prediction {
    assertCompatible(this.fitted, matrix, this.name);
    const { arbitration, agreement, selection } = this.fitted!;
    if (selection.weight === 0 || !agreement) return arbitration.predict(matrix);
    const b = agreement.predict(matrix);
    if (selection.weight === 1) return b; // p ∝ p_B: the agreement model alone
    const a = arbitration.predict(matrix);
    const K = matrix.nClasses;
    const out = emptyPrediction(matrix.nRecords, K);
    const pa = new Float64Array(K);
    const pb = new Float64Array(K);
    for (let i = 0; i < matrix.nRecords; i++) {
      for (let c = 0; c < K; c++) {
        pa[c] = a.probabilities[i * K + c]!;
        pb[c] = b.probabilities[i * K + c]!;
      }
      const { label, probabilities } = blendRow(pa, pb, selection.weight, a.labels[i]!, -1);
      out.probabilities.set(probabilities, i * K);
      out.labels[i] = label;
      out.confidence[i] = probabilities[label]!;
    }
    return out;
  }
}

/**
 * Normalised geometric blend p ∝ pa^(1−w)·pb^w of one record. w = 0 keeps A's label (`labelA`, its
 * voted-class rule); otherwise the argmax. `logProbability` is log p(target) (0 when target < 0).
 */
export function blendRow(
  pa: Float64Array,
  pb: Float64Array,
  w: number,
  labelA: number,
  target: number,
): { label: number; probabilities: Float64Array; logProbability: number } {
  const K = pa.length;
  const p = new Float64Array(K);
  let mx = -Infinity;
  for (let c = 0; c < K; c++) {
    p[c] = (1 - w) * Math.log(Math.max(pa[c]!, EPS)) + w * Math.log(Math.max(pb[c]!, EPS));
    if (p[c]! > mx) mx = p[c]!;
  }
  let s = 0;
  for (let c = 0; c < K; c++) {
    p[c] = Math.exp(p[c]! - mx);
    s += p[c]!;
  }
  let label = 0;
  for (let c = 0; c < K; c++) {
    p[c]! /= s;
    if (p[c]! > p[label]!) label = c;
  }
  if (w === 0) label = labelA;
  return { label, probabilities: p, logProbability: target >= 0 ? Math.log(Math.max(p[target]!, EPS)) : 0 };
}
