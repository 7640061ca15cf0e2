import { EmbedderError } from '@refinery/embedders';
import type { EncodedBatch, EncoderSession, HiddenStates } from './encoder-session.js';
import { TransformerModel } from './transformer-model.js';

/**
 * A fake session (this is the unit test of TransformerModel alone; the real session runs in
 * transformer-model.int-spec.ts): each character is one piece whose id is its code, and the
 * hidden vector of id k is [k, 1] — so a mean over pieces is easy to compute by hand.
 */
class FakeSession implements EncoderSession {
  readonly prefixIds = [1];
  readonly suffixIds = [2];
  readonly padId = 0;
  readonly batches: EncodedBatch[] = [];
  disposed = false;

  constructor(readonly modelMaxLength = 512) {}

  encodePieces(text: string): number[] {
    // like BERT's clean-up of control characters, "~" yields no piece at all
    return Array.from(text.replace(/[\s~]+/g, ''), (c) => c.charCodeAt(0));
  }

  run(batch: EncodedBatch): Promise<HiddenStates> {
    this.batches.push(batch);
    const data = new Float32Array(batch.batch * batch.sequence * 2);
    batch.inputIds.forEach((id, i) => {
      data[i * 2] = Number(id);
      data[i * 2 + 1] = 1;
    });
    return Promise.resolve({ batch: batch.batch, sequence: batch.sequence, dims: 2, data });
  }

  dispose(): Promise<void> {
    this.disposed = true;
    return Promise.resolve();
  }
}

const unit = (x: number, y: number): number[] =>
  [x, y].map((v) => Math.fround(v / Math.hypot(x, y)));

describe('TransformerModel', () => {
  it('probes the session for its dimension', async () => {
    const session = new FakeSession();
    const model = await TransformerModel.create('fake', session, { batchSize: 2, maxLength: 512 });
    expect(model.dims).toBe(2);
    expect(model.name).toBe('fake');
    expect(session.batches).toHaveLength(1);
  });

  it('batches texts by length and returns vectors in input order', async () => {
    const session = new FakeSession();
    const model = await TransformerModel.create('fake', session, { batchSize: 2, maxLength: 512 });
    session.batches.length = 0;
    const texts = ['ccc', 'a', 'bb', 'dddd'];
    const vectors = await model.embed(texts);
    // sorted by length: [a, bb], [ccc, dddd]
    expect(session.batches.map((b) => [b.batch, b.sequence])).toEqual([
      [2, 4],
      [2, 6],
    ]);
    texts.forEach((text, i) => {
      const ids = [1, ...Array.from(text, (c) => c.charCodeAt(0)), 2];
      expect(Array.from(vectors[i]!)).toEqual(
        unit(
          ids.reduce((s, k) => s + k, 0),
          ids.length,
        ),
      );
    });
  });

  it('truncates a text to maxLength pieces, special tokens kept', async () => {
    const session = new FakeSession();
    const model = await TransformerModel.create('fake', session, { batchSize: 8, maxLength: 4 });
    const [v] = await model.embed(['abcdef']);
    expect(Array.from(session.batches.at(-1)!.inputIds)).toEqual([1n, 97n, 98n, 2n]);
    expect(Array.from(v!)).toEqual(unit(1 + 97 + 98 + 2, 4));
  });

  it('uses the tokenizer`s own limit when it is below maxLength', async () => {
    const session = new FakeSession(3);
    const model = await TransformerModel.create('fake', session, { batchSize: 8, maxLength: 512 });
    await model.embed(['abc']);
    expect(Array.from(session.batches.at(-1)!.inputIds)).toEqual([1n, 97n, 2n]);
  });

  it('pools each token`s pieces and leaves tokens without pieces at zero', async () => {
    const session = new FakeSession();
    const model = await TransformerModel.create('fake', session, { batchSize: 8, maxLength: 512 });
    const [result] = await model.embedTokens(['ab ~ c']);
    expect(result!.tokens.map((t) => t.text)).toEqual(['ab', '~', 'c']);
    expect(Array.from(result!.matrix)).toEqual([...unit(97 + 98, 2), 0, 0, ...unit(99, 1)]);
  });

  it('packs tokens into windows of maxLength pieces', async () => {
    const session = new FakeSession();
    const model = await TransformerModel.create('fake', session, { batchSize: 8, maxLength: 5 });
    session.batches.length = 0;
    const [result] = await model.embedTokens(['ab cd e']);
    // capacity 3: [ab] [cd e]; longest window first
    expect(session.batches).toHaveLength(1);
    expect(Array.from(session.batches[0]!.inputIds)).toEqual([
      1n,
      99n,
      100n,
      101n,
      2n,
      1n,
      97n,
      98n,
      2n,
      0n,
    ]);
    expect(Array.from(result!.matrix)).toEqual([...unit(195, 2), ...unit(199, 2), ...unit(101, 1)]);
  });

  it('refuses non-string texts and a maxLength without room for pieces', async () => {
    const model = await TransformerModel.create('fake', new FakeSession(), {
      batchSize: 8,
      maxLength: 2,
    });
    await expect(model.embed([undefined as unknown as string])).rejects.toThrow(EmbedderError);
    await expect(model.embed(['a'])).rejects.toThrow(
      'option "maxLength" 2 leaves no room between the special tokens of model "fake"',
    );
    await expect(model.embedTokens(['a'])).rejects.toThrow('leaves no room');
  });

  it('disposes its session', async () => {
    const session = new FakeSession();
    const model = await TransformerModel.create('fake', session, { batchSize: 8, maxLength: 512 });
    await model.dispose();
    expect(session.disposed).toBe(true);
  });
});
