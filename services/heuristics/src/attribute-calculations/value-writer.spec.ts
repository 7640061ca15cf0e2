import type { AttributeValuesRequest } from '@refinery/contracts';
import type { RecordsClient } from '../access/records-client.js';
import { trustedScope } from '../shared/project-scope.js';
import { ValueWriter } from './value-writer.js';

/** Records the pages a writer sends. */
function recordingClient(): { client: RecordsClient; pages: AttributeValuesRequest[] } {
  const pages: AttributeValuesRequest[] = [];
  const client = {
    replaceValues: async (_scope: unknown, request: AttributeValuesRequest) => {
      pages.push(request);
      return { attributeId: 'a', generation: 3, count: 0 };
    },
  } as unknown as RecordsClient;
  return { client, pages };
}

const scope = trustedScope('p', 'o', { userId: 'u', orgId: 'o', role: 'owner' });

describe('ValueWriter', () => {
  it('sends pages of at most 5,000 values to the open generation, the rest on flush', async () => {
    const { client, pages } = recordingClient();
    const writer = new ValueWriter(client, scope, { attributeId: 'a', generation: 3 });
    for (let i = 0; i < 12_001; i++) await writer.add(`r${i}`, i);
    expect(pages.map((p) => (p.step === 'page' ? p.values.length : -1))).toEqual([5_000, 5_000]);
    await writer.flush();
    await writer.flush();
    expect(pages.map((p) => (p.step === 'page' ? p.values.length : -1))).toEqual([5_000, 5_000, 2_001]);
    expect(pages[0]).toMatchObject({ step: 'page', attributeId: 'a', generation: 3 });
    expect(pages[0]?.step === 'page' && pages[0].values[0]).toEqual({ recordId: 'r0', value: 0 });
  });

  it('closes a page early when long TEXT values would make the message too large', async () => {
    const { client, pages } = recordingClient();
    const writer = new ValueWriter(client, scope, { attributeId: 'a', generation: 1 });
    const long = 'ä'.repeat(50_000);
    for (let i = 0; i < 10; i++) await writer.add(`r${i}`, long);
    await writer.flush();
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.every((p) => Buffer.byteLength(JSON.stringify(p)) < 1_000_000)).toBe(true);
    expect(pages.flatMap((p) => (p.step === 'page' ? p.values : [])).length).toBe(10);
  });
});
