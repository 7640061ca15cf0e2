import { z } from 'zod';
import type { EventContract } from './message.js';
import { CalculationEvents } from './heuristics/attribute-calculations.js';
import { HeuristicEvents } from './heuristics/heuristics.js';
import { LookupListEvents } from './heuristics/lookup-lists.js';
import { RunEvents } from './heuristics/runs.js';
import { AssociationEvents } from './records/associations.js';
import { ProjectEvents } from './records/projects.js';
import { RecordEvents } from './records/records.js';
import { TaskEvents } from './records/tasks.js';
import { UploadEvents } from './records/uploads.js';
import { ExportSnapshotEvents } from './snapshots/refinery-import.js';
import { EmbeddingEvents } from './embeddings/embeddings.js';
import { RecordExportEvents } from './exports/record-exports.js';
import { ProjectSnapshotEvents } from './project-snapshots/project-snapshots.js';
import { WeakSupervisionRunEvents } from './weak-supervision/runs.js';
import { WeakSupervisionStatisticsEvents } from './weak-supervision/statistics.js';

/**
 * The WebSocket notifications of `/api/v1/ws`: a browser subscribes to projects it may read and
 * receives the services' events about them (progress, completion, changes by others).
 *
 * Every event group a service defines (`XxxEvents`) that a browser may see is listed here once;
 * the gateway subscribes to exactly these subjects.
 */
const groups: readonly Readonly<Record<string, EventContract>>[] = [
  UploadEvents,
  RecordEvents,
  TaskEvents,
  ProjectEvents,
  AssociationEvents,
  HeuristicEvents,
  LookupListEvents,
  RunEvents,
  CalculationEvents,
  WeakSupervisionRunEvents,
  WeakSupervisionStatisticsEvents,
  ExportSnapshotEvents,
  EmbeddingEvents,
  RecordExportEvents,
  ProjectSnapshotEvents,
];

/** The event contracts forwarded to browsers, by subject. */
export function notificationEvents(): ReadonlyMap<string, EventContract> {
  const all = groups.flatMap((g) => Object.values(g));
  return new Map(all.map((c) => [c.subject, c]));
}

/** Events whose subject ends like this are dropped first for a slow client (a later one supersedes them). */
export const isProgressSubject = (subject: string): boolean => /\.progress\.v\d+$|-progress\.v\d+$/.test(subject);

const ProjectIdField = z.string().min(1).max(128);

/** What a browser sends. `id` (optional) is echoed in the matching `ack`/`error`. */
export const NotificationClientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('subscribe'), projectId: ProjectIdField, id: z.string().max(64).optional() }),
  z.strictObject({ type: z.literal('unsubscribe'), projectId: ProjectIdField, id: z.string().max(64).optional() }),
  z.strictObject({ type: z.literal('ping'), id: z.string().max(64).optional() }),
]);
export type NotificationClientMessage = z.infer<typeof NotificationClientMessage>;

export const NotificationErrorCode = z.enum(['BAD_MESSAGE', 'NOT_FOUND', 'LIMIT_EXCEEDED', 'UNAVAILABLE']);
export type NotificationErrorCode = z.infer<typeof NotificationErrorCode>;

/** What the gateway sends. */
export const NotificationServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), userId: z.string() }),
  z.object({ type: z.literal('ack'), id: z.string().optional(), op: z.enum(['subscribe', 'unsubscribe', 'ping']), projectId: z.string().optional() }),
  z.object({ type: z.literal('error'), id: z.string().optional(), code: NotificationErrorCode, message: z.string() }),
  z.object({
    type: z.literal('event'),
    /** the NATS subject without the deployment namespace, e.g. `heuristics.runs.progress.v1` */
    event: z.string(),
    projectId: z.string(),
    occurredAt: z.string(),
    /** who caused it (`system` for the platform's own work): lets the UI tell "changed by others" */
    actorUserId: z.string(),
    payload: z.unknown(),
  }),
  /** a slow client missed events (progress events are dropped first); the UI should reload */
  z.object({ type: z.literal('dropped'), count: z.number().int() }),
]);
export type NotificationServerMessage = z.infer<typeof NotificationServerMessage>;
