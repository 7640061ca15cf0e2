import { Inject, Injectable } from '@nestjs/common';
import { Schema, type Model } from 'mongoose';
import type { SelfCheckResult } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import type { QueueManager } from '@refinery/server-queue';
import { KIT_OPTIONS, MONGO, QUEUE } from './tokens.js';
import type { KitOptions } from './kit-options.js';
import { OnJob } from './on-job.decorator.js';
import { SelfCheckProbeJob } from './selfcheck.job.js';

interface Probe {
  _id: string;
  createdAt: Date;
  processedBy?: string;
}

const ProbeSchema = new Schema<Probe>(
  { _id: String, createdAt: { type: Date, expires: 3_600 }, processedBy: String },
  { collection: 'selfcheck_probes', versionKey: false },
);

/** Writes a probe to the service's database and, with a queue, lets a worker process it. */
@Injectable()
export class SelfCheckService {
  private readonly probes: Model<Probe>;

  constructor(
    @Inject(KIT_OPTIONS) private readonly options: KitOptions,
    @Inject(MONGO) mongo: MongoConnectionManager,
    @Inject(QUEUE) private readonly queue: QueueManager | null,
  ) {
    this.probes = mongo.connection.model<Probe>('SelfCheckProbe', ProbeSchema);
  }

  async run(): Promise<SelfCheckResult> {
    const probeId = `${this.options.instanceId}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const t0 = performance.now();
    await this.probes.create({ _id: probeId, createdAt: new Date() });
    const readBack = (await this.probes.findById(probeId).lean()) !== null;
    const mongo = { probeId, readBack, latencyMs: ms(t0) };
    if (!this.queue) return { service: this.options.service, mongo, job: null };

    const t1 = performance.now();
    const job = await this.queue.enqueue(SelfCheckProbeJob, { probeId });
    const processedBy = await this.queue.waitFor(job, 10_000);
    const stored = await this.probes.findById(probeId).lean();
    if (stored?.processedBy !== processedBy) {
      throw new AppError('INTERNAL', `probe ${probeId} was not marked by the job's worker`);
    }
    return {
      service: this.options.service,
      mongo,
      job: {
        jobId: String(job.id),
        state: 'completed',
        latencyMs: ms(t1),
        processedBy: String(processedBy),
      },
    };
  }

  @OnJob(SelfCheckProbeJob)
  async process(payload: { probeId: string }): Promise<string> {
    const res = await this.probes.updateOne(
      { _id: payload.probeId },
      { $set: { processedBy: this.options.instanceId } },
    );
    if (res.matchedCount !== 1) throw new Error(`probe ${payload.probeId} not found`);
    return this.options.instanceId;
  }
}

function ms(t0: number): number {
  return Math.round((performance.now() - t0) * 100) / 100;
}
