import { Inject, Injectable } from '@nestjs/common';
import { ExportFileStore } from './export-file-store.js';
import { RecordExportRepository } from './record-export.repository.js';

/** What a sweep of record exports removed. */
export interface RecordExportsRemoved {
  exports: number;
  bytes: number;
}

/**
 * Removes record exports that finished (DONE or FAILED) before the cutoff, with their files:
 * claim (one conditional update, which a download's lease excludes), file, document. Claims left
 * by a sweep that stopped half-way are finished by the next one. Queued and running exports
 * belong to their job and are left alone.
 */
@Injectable()
export class RecordExportReaper {
  constructor(
    @Inject(RecordExportRepository) private readonly exports: RecordExportRepository,
    @Inject(ExportFileStore) private readonly files: ExportFileStore,
  ) {}

  async removeExpired(now: Date, cutoff: Date | null): Promise<RecordExportsRemoved> {
    const removed: RecordExportsRemoved = { exports: 0, bytes: 0 };
    if (cutoff) {
      for (const id of await this.exports.expiredIds(cutoff, now)) await this.exports.claimExpired(id, cutoff, now);
    }
    for (const doc of await this.exports.claimed()) {
      if (doc.fileId) await this.files.delete(doc.projectId, doc.fileId);
      if (!(await this.exports.deleteClaimed(doc._id))) continue;
      removed.exports++;
      removed.bytes += doc.storedSize ?? 0;
    }
    return removed;
  }
}
