import type { z } from 'zod';
import { MAX_UPLOAD_CHUNK_BYTES, UploadEvents, UploadSubjects, type EventContract, type UploadResult } from '@refinery/contracts';
import type { TestBus } from '@refinery/server-testing';
import type { Actor } from '@refinery/contracts';
import { OWNER } from './bench-actor.js';
import { note, round } from './bench-output.js';

export interface UploadOutcome {
  /** null when the time cap was reached before the import finished. */
  result: UploadResult | null;
  seconds: number;
  /** Rows the import had reached (last progress event) — the figure for a capped run. */
  rows: number;
  bytes: number;
}

/** The payloads of one upload's events, as they arrive. */
class UploadWatch {
  lastRows = 0;
  /** When each import phase was first reported (performance.now()). */
  readonly phases = new Map<string, number>();
  done: { result: UploadResult } | { failed: string } | null = null;
  private wake: (() => void) | null = null;
  private readonly subs: { unsubscribe(): void }[] = [];

  constructor(
    private readonly client: TestBus,
    private readonly uploadId: () => string | null,
  ) {
    this.on(UploadEvents.progress, (p) => {
      this.lastRows = Math.max(this.lastRows, p.rows);
      if (!this.phases.has(p.phase)) this.phases.set(p.phase, performance.now());
    });
    this.on(UploadEvents.completed, (p) => this.finish({ result: p.result }));
    this.on(UploadEvents.failed, (p) => this.finish({ failed: `${p.message} ${JSON.stringify(p.problems.slice(0, 3))}` }));
  }

  private on<C extends EventContract>(contract: C, fn: (payload: z.infer<C['payload']>) => void): void {
    const sub = this.client.connection.get().subscribe(this.client.connection.wireSubject(contract.subject), {
      callback: (_err, msg) => {
        const env = JSON.parse(new TextDecoder().decode(msg.data)) as { payload: z.infer<C['payload']> & { uploadId: string } };
        if (env.payload.uploadId === this.uploadId()) fn(env.payload);
      },
    });
    this.subs.push(sub);
  }

  private finish(done: NonNullable<UploadWatch['done']>): void {
    this.done = done;
    this.wake?.();
  }

  /** Resolves on the completed/failed event, or after `ms` (the caller re-checks `done`). */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  close(): void {
    for (const s of this.subs) s.unsubscribe();
  }
}

/**
 * One CSV upload end to end as a client does it: start, ordered base64 chunks, commit, then the
 * completed event (the upload's state is polled as a fallback in case an event was missed).
 */
export async function uploadCsv(
  client: TestBus,
  projectId: string,
  pieces: Iterable<Buffer>,
  opts: { capSeconds: number; primaryKey?: string[]; actor?: Actor },
): Promise<UploadOutcome> {
  const actor = opts.actor ?? OWNER;
  const call = <C extends (typeof UploadSubjects)[keyof typeof UploadSubjects]>(contract: C, payload: z.input<C['request']>) =>
    client.bus.request(contract, payload, { actor, projectId });
  let uploadId: string | null = null;
  const watch = new UploadWatch(client, () => uploadId);
  await client.connection.get().flush();
  const t0 = performance.now();
  const deadline = t0 + opts.capSeconds * 1000;
  try {
    const started = await call(UploadSubjects.start, {
      format: 'CSV',
      options: { lenient: false, ...(opts.primaryKey ? { primaryKey: opts.primaryKey } : {}) },
    });
    const id = started.uploadId;
    uploadId = id;
    let seq = 0;
    let bytes = 0;
    for (const piece of pieces) {
      for (let off = 0; off < piece.length; off += MAX_UPLOAD_CHUNK_BYTES) {
        const part = piece.subarray(off, off + MAX_UPLOAD_CHUNK_BYTES);
        await call(UploadSubjects.chunk, { uploadId: id, seq: seq++, data: part.toString('base64') });
        bytes += part.length;
      }
    }
    const sent = performance.now();
    await call(UploadSubjects.commit, { uploadId: id });
    while (!watch.done && performance.now() < deadline) {
      await watch.wait(Math.min(2_000, Math.max(1, deadline - performance.now())));
      if (watch.done) break;
      const state = await call(UploadSubjects.get, { uploadId: id });
      if (state.state === 'COMPLETED' && state.result) watch.done = { result: state.result };
      if (state.state === 'FAILED') watch.done = { failed: JSON.stringify(state.problems.slice(0, 3)) };
    }
    const seconds = (performance.now() - t0) / 1000;
    const phases = [...watch.phases].map(([phase, at]) => `${phase}@${round((at - t0) / 1000, 1)}s`).join(' ');
    note(`upload ${id}: chunks sent after ${round((sent - t0) / 1000, 1)}s, phases ${phases}, end ${round(seconds, 1)}s`);
    const done = watch.done as UploadWatch['done'];
    if (done && 'failed' in done) throw new Error(`upload ${id} failed: ${done.failed}`);
    const result = done ? done.result : null;
    return { result, seconds, rows: result ? result.created + result.updated : watch.lastRows, bytes };
  } finally {
    watch.close();
  }
}
