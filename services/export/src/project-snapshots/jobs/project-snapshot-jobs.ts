import { ExportProjectSnapshotJob } from './export-project-snapshot.job.js';
import { ImportProjectSnapshotJob } from './import-project-snapshot.job.js';

/** The jobs of project snapshots, for the service definition. */
export const projectSnapshotJobs = [ExportProjectSnapshotJob, ImportProjectSnapshotJob] as const;
