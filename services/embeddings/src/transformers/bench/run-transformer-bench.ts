// Standalone entry: `node services/embeddings/dist/transformers/bench/run-transformer-bench.js`
// (the `embeddings` suite file calls runTransformerBench() the same way).
import { runTransformerBench } from './transformer-bench.js';

await runTransformerBench();
