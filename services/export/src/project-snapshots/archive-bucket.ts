import { mongo } from 'mongoose';
import { AppError } from '@refinery/server-core';
import type { MongoConnectionManager } from '@refinery/server-mongo';

/** What an archive's GridFS file carries besides its bytes. */
export interface ArchiveMetadata {
  orgId: string;
  createdBy: string;
  encrypted: boolean;
  origin: 'export' | 'upload';
  sourceProjectId: string | null;
  /** Until then a reader (an import, a download) holds the archive: the expiry sweep leaves it. */
  leaseUntil?: Date;
  /** A successful import of this (uploaded) archive: from then on it lives as long as an export. */
  importedAt?: Date;
  /** Claimed by the expiry sweep: from then on the archive exists for no one; its bytes follow. */
  expiredAt?: Date;
}

/** An archive's file document in the bucket's `.files` collection. */
export interface ArchiveFileDoc {
  _id: mongo.ObjectId;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
  metadata: ArchiveMetadata;
}

const BUCKET = 'project_snapshots';

/** The GridFS bucket `project_snapshots` of the export database and its two collections. */
export function archiveBucket(connection: MongoConnectionManager): { bucket: mongo.GridFSBucket; files: mongo.Collection<ArchiveFileDoc>; chunks: mongo.Collection<{ files_id: mongo.ObjectId; n: number }> } {
  const db = connection.connection.db;
  if (!db) throw new AppError('UNAVAILABLE', 'the export database is not connected');
  return {
    bucket: new mongo.GridFSBucket(db, { bucketName: BUCKET }),
    files: db.collection<ArchiveFileDoc>(`${BUCKET}.files`),
    chunks: db.collection(`${BUCKET}.chunks`),
  };
}

/** Hex ObjectId of an archive id, or null when it cannot be one. */
export function archiveObjectId(archiveId: string): mongo.ObjectId | null {
  return /^[0-9a-f]{24}$/.test(archiveId) ? new mongo.ObjectId(archiveId) : null;
}
