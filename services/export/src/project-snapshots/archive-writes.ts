import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { mongo } from 'mongoose';
import type { Logger } from '@refinery/server-core';
import { CONFIG, LOGGER, MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { expiryPolicy } from '../expiry/expiry-policy.js';
import type { ExportConfig } from '../shared/export-config.js';
import { archiveBucket } from './archive-bucket.js';

interface WriteDoc {
  /** The GridFS file id (hex) being written. */
  _id: string;
  startedAt: Date;
  heartbeatAt: Date;
}

/** A running write: `check` throws once the sweep reclaimed it, `finish` ends the heartbeat. */
export interface WriteLease {
  check(): void;
  finish(): Promise<void>;
}

/** What a sweep of unfinished writes removed. */
export interface PartialWritesRemoved {
  writes: number;
  chunks: number;
}

/**
 * Archive writes in progress (`project_snapshot_writes`). GridFS stores an archive's file
 * document only once the last byte is written, so until then its chunks look like garbage: the
 * writer registers its file id here first and renews a heartbeat every third of the lease. Chunks
 * of a write whose heartbeat stopped for a whole lease (its process died) are removed by the
 * expiry sweep, which claims the entry by deleting it on that very condition; a writer that finds
 * its entry gone stops instead of completing a file whose chunks were taken.
 */
@Injectable()
export class ArchiveWrites implements OnApplicationShutdown {
  private readonly leaseMs: number;
  private readonly heartbeats = new Set<NodeJS.Timeout>();

  constructor(
    @Inject(MONGO) private readonly mongo: MongoConnectionManager,
    @Inject(CONFIG) config: ExportConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.leaseMs = expiryPolicy(config).leaseMs;
  }

  async begin(fileId: mongo.ObjectId): Promise<WriteLease> {
    const _id = fileId.toHexString();
    const now = new Date();
    await this.writes().insertOne({ _id, startedAt: now, heartbeatAt: now });
    let lost = false;
    let beat: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      beat = this.writes()
        .updateOne({ _id }, { $set: { heartbeatAt: new Date() } })
        .then((r) => {
          if (r.matchedCount === 0) lost = true;
        })
        .catch((error: unknown) => this.logger.warn({ fileId: _id, err: String(error) }, 'renewing an archive write failed; retrying at the next beat'));
    }, Math.max(1, Math.floor(this.leaseMs / 3)));
    timer.unref();
    this.heartbeats.add(timer);
    return {
      check: () => {
        if (lost) throw new Error(`archive write ${_id} was taken for abandoned (no heartbeat for ${this.leaseMs} ms) and removed`);
      },
      finish: async () => {
        clearInterval(timer);
        this.heartbeats.delete(timer);
        await beat;
        await this.writes().deleteOne({ _id });
      },
    };
  }

  /** No beat after the database closed (a write cut short by the shutdown is left to the sweep). */
  onApplicationShutdown(): void {
    for (const timer of this.heartbeats) clearInterval(timer);
    this.heartbeats.clear();
  }

  /**
   * Removes the chunks of writes that stopped beating a lease ago and started before `startedBefore`
   * (null: unfinished writes are kept for good). A write whose file document exists had finished:
   * only its entry goes.
   */
  async removeStale(now: Date, startedBefore: Date | null): Promise<PartialWritesRemoved> {
    const removed: PartialWritesRemoved = { writes: 0, chunks: 0 };
    if (!startedBefore) return removed;
    const silentSince = new Date(now.getTime() - this.leaseMs);
    const stale = await this.writes()
      .find({ heartbeatAt: { $lt: silentSince }, startedAt: { $lt: startedBefore } }, { projection: { _id: 1 } })
      .toArray();
    const { files, chunks } = archiveBucket(this.mongo);
    for (const { _id } of stale) {
      // The claim: only one sweep deletes the entry, and only while it is still silent.
      const claimed = await this.writes().deleteOne({ _id, heartbeatAt: { $lt: silentSince } });
      if (claimed.deletedCount !== 1) continue;
      const fileId = new mongo.ObjectId(_id);
      if (await files.findOne({ _id: fileId }, { projection: { _id: 1 } })) continue;
      removed.writes++;
      removed.chunks += (await chunks.deleteMany({ files_id: fileId })).deletedCount;
    }
    return removed;
  }

  private writes(): mongo.Collection<WriteDoc> {
    return this.mongo.connection.collection<WriteDoc>('project_snapshot_writes');
  }
}
