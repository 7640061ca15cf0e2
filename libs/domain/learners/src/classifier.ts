/**
 * An active-learner classifier on dense vectors. X is row-major n × d Float32; y holds class
 * indices in [0, classes). `predictProba` returns n × classes probabilities, row-major.
 */
export interface Classifier {
  readonly name: string;
  fit(x: Float32Array, n: number, d: number, y: Int32Array, classes: number): this;
  predictProba(x: Float32Array, n: number): Float32Array;
}
