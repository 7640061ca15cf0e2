import { readAhead } from './read-ahead.js';

describe('readAhead', () => {
  it('asks for the next item before the current one is consumed', async () => {
    const asked: number[] = [];
    async function* source() {
      for (let i = 0; i < 3; i++) {
        asked.push(i);
        yield i;
      }
    }
    const seen: [number, number[]][] = [];
    for await (const item of readAhead(source())) seen.push([item, [...asked]]);
    expect(seen).toEqual([
      [0, [0, 1]],
      [1, [0, 1, 2]],
      [2, [0, 1, 2]],
    ]);
  });

  it('swallows a failed prefetch when the consumer stops early', async () => {
    async function* source() {
      yield 1;
      throw new Error('records went away');
    }
    const seen: number[] = [];
    for await (const item of readAhead(source())) {
      seen.push(item);
      break;
    }
    expect(seen).toEqual([1]);
  });

  it('passes a failure on to a consumer that keeps reading', async () => {
    async function* source(): AsyncGenerator<number> {
      yield 1;
      throw new Error('records went away');
    }
    const read = async () => {
      for await (const item of readAhead(source())) void item;
    };
    await expect(read()).rejects.toThrow('records went away');
  });
});
