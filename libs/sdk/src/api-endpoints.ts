import {
  AssociationSubjects,
  AttributeSubjects,
  EmbeddingSubjects,
  HeuristicSubjects,
  LabelSubjects,
  LookupListSubjects,
  LookupTermSubjects,
  ProjectSnapshotSubjects,
  ProjectSubjects,
  RecordExportSubjects,
  RecordSubjects,
  RunSubjects,
  SimilaritySubjects,
  SliceSubjects,
  TaskSubjects,
  UploadSubjects,
  WeakSupervisionRunSubjects,
  WeakSupervisionStatisticsSubjects,
  type CreateTokenRequest,
  type CreateTokenResponse,
  type LoginResponse,
  type MeResponse,
  type Project,
  type ProjectSnapshotImportResult,
  type RefinerySampleId,
  type SnapshotArchiveInfo,
  type Upload,
} from '@refinery/contracts';
import type { z } from 'zod';
import { contractEndpoint as c, endpoint, type BinaryBody } from './endpoints.js';

const P = '/projects/:projectId';

/** Streamed transfers (uploads, downloads) run as long as the file needs, up to an hour. */
const TRANSFER = { timeoutMs: 60 * 60_000 };
/** `/projects/import` answers when the import job is done (the gateway waits the contract's time). */
const IMPORT = { timeoutMs: ProjectSnapshotSubjects.import.timeoutMs + 30_000 };

export interface ProjectWithRole extends Project {
  role: string;
}

/** The routes of `/api/v1` the SDK (and the CLI) use, by name. */
export const api = {
  // identity
  login: endpoint<{ email: string; password: string }, LoginResponse>('POST', '/auth/login', 'body'),
  me: endpoint<Record<string, never>, MeResponse>('GET', '/auth/me', 'none'),
  createToken: endpoint<z.input<typeof CreateTokenRequest>, CreateTokenResponse>('POST', '/tokens', 'body'),
  // projects
  listProjects: endpoint<{ orgId?: string }, { projects: ProjectWithRole[] }>('GET', '/projects', 'query'),
  createProject: endpoint<{ name: string; description?: string; orgId?: string }, Project>('POST', '/projects', 'body'),
  importSample: endpoint<{ sampleId: RefinerySampleId; name?: string; orgId?: string }, { projectId: string } & Record<string, unknown>>('POST', '/projects/samples', 'body'),
  getProject: c(ProjectSubjects.get, 'GET', P),
  deleteProject: endpoint<Record<string, never>, { deleted: true }>('DELETE', P, 'none'),
  // records
  listRecords: c(RecordSubjects.list, 'GET', `${P}/records`),
  uploadFile: endpoint<BinaryBody, Upload>('POST', `${P}/uploads`, 'binary', TRANSFER),
  getUpload: c(UploadSubjects.get, 'GET', `${P}/uploads/:uploadId`),
  listAttributes: c(AttributeSubjects.list, 'GET', `${P}/attributes`),
  // tasks and labels
  listTasks: c(TaskSubjects.list, 'GET', `${P}/tasks`),
  createTask: c(TaskSubjects.create, 'POST', `${P}/tasks`),
  updateLabel: c(LabelSubjects.update, 'PATCH', `${P}/labels/:labelId`),
  setLabels: c(AssociationSubjects.classify, 'PUT', `${P}/records/:recordId/labels/:taskId`),
  addSpan: c(AssociationSubjects.addSpan, 'POST', `${P}/records/:recordId/spans`),
  // lookup lists
  listLookupLists: c(LookupListSubjects.list, 'GET', `${P}/lookup-lists`),
  createLookupList: c(LookupListSubjects.create, 'POST', `${P}/lookup-lists`),
  addTerms: c(LookupTermSubjects.add, 'POST', `${P}/lookup-lists/:listId/terms`),
  // heuristics
  listHeuristics: c(HeuristicSubjects.list, 'GET', `${P}/heuristics`),
  createHeuristic: c(HeuristicSubjects.create, 'POST', `${P}/heuristics`),
  createActiveLearner: c(HeuristicSubjects.createActiveLearner, 'POST', `${P}/active-learners`),
  startRuns: c(RunSubjects.start, 'POST', `${P}/heuristic-runs`),
  getRun: c(RunSubjects.get, 'GET', `${P}/heuristic-runs/:runId`),
  // embeddings
  listEmbeddings: c(EmbeddingSubjects.list, 'GET', `${P}/embeddings`),
  createEmbedding: c(EmbeddingSubjects.create, 'POST', `${P}/embeddings`),
  getEmbedding: c(EmbeddingSubjects.get, 'GET', `${P}/embeddings/:embeddingId`),
  similar: c(SimilaritySubjects.find, 'GET', `${P}/embeddings/:embeddingId/similar/:recordId`),
  // weak supervision
  startWeakSupervision: c(WeakSupervisionRunSubjects.start, 'POST', `${P}/weak-supervision/runs`),
  getWeakSupervisionRun: c(WeakSupervisionRunSubjects.get, 'GET', `${P}/weak-supervision/runs/:runId`),
  taskStatistics: c(WeakSupervisionStatisticsSubjects.get, 'GET', `${P}/tasks/:taskId/statistics`),
  // slices and exports
  createSlice: c(SliceSubjects.create, 'POST', `${P}/slices`),
  prepareExport: c(RecordExportSubjects.prepare, 'POST', `${P}/exports`),
  getExport: c(RecordExportSubjects.get, 'GET', `${P}/exports/:exportId`),
  downloadExport: endpoint<Record<string, never>, ReadableStream<Uint8Array>>('GET', `${P}/exports/:exportId/download`, 'none', TRANSFER),
  // project snapshots: export → download, upload → import
  exportSnapshot: c(ProjectSnapshotSubjects.export, 'POST', `${P}/snapshots`),
  getSnapshot: c(ProjectSnapshotSubjects.get, 'GET', `${P}/snapshots/:archiveId`),
  downloadSnapshot: endpoint<Record<string, never>, ReadableStream<Uint8Array>>('GET', `${P}/snapshots/:archiveId/download`, 'none', TRANSFER),
  deleteSnapshot: c(ProjectSnapshotSubjects.delete, 'DELETE', `${P}/snapshots/:archiveId`),
  /** query `orgId` (the organization to import into); the body is the archive's raw bytes */
  uploadSnapshot: endpoint<BinaryBody, SnapshotArchiveInfo>('POST', '/snapshots/uploads', 'binary', TRANSFER),
  importSnapshot: endpoint<{ archiveId: string; name?: string; password?: string; orgId?: string }, ProjectSnapshotImportResult>('POST', '/projects/import', 'body', IMPORT),
} as const;

export type Api = typeof api;
export type EndpointName = keyof Api;
