// One bench worker process: loads the model (one onnxruntime thread by default), warms it up,
// waits for "go" so every worker starts together, embeds its share and reports the time.
import { loadTransformerModel } from '../transformer-model-loader.js';
import type { TransformerModel } from '../transformer-model.js';
import type { FromWorker, ToWorker } from './throughput-protocol.js';

let model: TransformerModel | null = null;
let texts: readonly string[] = [];

const send = (message: FromWorker): void => {
  process.send?.(message);
};

// detached from the bench's session: leave with it instead of lingering
process.on('disconnect', () => process.exit(0));

process.on('message', (message: ToWorker) => {
  void handle(message).catch((error: unknown) => {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  });
});

async function handle(message: ToWorker): Promise<void> {
  if (message.type === 'start') {
    model = await loadTransformerModel(message.model, message.options);
    texts = message.texts;
    await model.embed(texts.slice(0, message.options.batchSize)); // warm-up: allocations, kernels
    send({ type: 'ready' });
    return;
  }
  if (!model) throw new Error('"go" before "start"');
  const started = performance.now();
  const cpu = process.cpuUsage();
  const vectors = await model.embed(texts);
  const used = process.cpuUsage(cpu);
  send({
    type: 'done',
    sentences: vectors.length,
    ms: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
  });
  await model.dispose();
  process.disconnect?.();
}
