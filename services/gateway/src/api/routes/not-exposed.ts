/**
 * Request subjects of the contracts that have no REST route, and why. The OpenAPI test checks
 * that every subject is either routed or listed here, so a new contract cannot be forgotten.
 */
export const notExposed: Readonly<Record<string, string>> = {
  'records.associations.label-matrix.v1': 'service to service: weak supervision reads the label matrix in pages',
  'records.associations.replace-source.v1': 'service to service: heuristic and weak-supervision outputs are written by their runs',
  'records.attribute-values.replace.v1': 'service to service: attribute calculation runs write computed values',
  'records.snapshot-import.begin.v1': 'service to service: the export service imports refinery snapshots (POST /projects/samples)',
  'records.snapshot-import.records-page.v1': 'service to service: part of the refinery snapshot import',
  'records.snapshot-import.commit.v1': 'service to service: part of the refinery snapshot import',
  'records.snapshot-import.abort.v1': 'service to service: part of the refinery snapshot import',
  'records.export-source.open.v1': 'service to service: the export service reads records for exports',
  'records.export-source.page.v1': 'service to service: the export service reads records for exports',
  'records.export-source.close.v1': 'service to service: the export service reads records for exports',
  'heuristics.snapshot-import.apply.v1': 'service to service: part of project and refinery snapshot imports',
  'embeddings.vectors.get.v1': 'service to service: vectors for active learners and snapshot exports',
  'embeddings.vectors.import.v1': 'service to service: vectors of a snapshot import',
  'records.project-snapshot.export.v1': 'service to service: the records part of a project snapshot',
  'records.project-snapshot.import.v1': 'service to service: the records part of a project snapshot',
  'heuristics.project-snapshot.export.v1': 'service to service: the heuristics part of a project snapshot',
  'heuristics.project-snapshot.import.v1': 'service to service: the heuristics part of a project snapshot',
  'embeddings.project-snapshot.export.v1': 'service to service: the embeddings part of a project snapshot',
  'embeddings.project-snapshot.import.v1': 'service to service: the embeddings part of a project snapshot',
  'export.project-snapshots.upload.v1': 'used chunk by chunk by POST /snapshots/uploads (raw body)',
  'export.project-snapshots.download.v1': 'used piece by piece by GET /projects/{projectId}/snapshots/{archiveId}/download',
  'export.record-exports.download.v1': 'used piece by piece by GET /projects/{projectId}/exports/{exportId}/download',
  'records.projects.list.v1': 'used per organization by GET /projects (filtered by the caller’s roles)',
  'records.projects.create.v1': 'used by POST /projects (which also makes the caller owner)',
  'export.snapshots.import-refinery.v1': 'used by POST /projects/samples',
  'export.project-snapshots.import.v1': 'used by POST /projects/import',
  'records.projects.delete.v1': 'used by DELETE /projects/{projectId} (which also drops the project’s roles)',
};

/** Health and self-check subjects of every service: GET /api/v1/health reports them all. */
export const platformSubjects = /^[a-z-]+\.(health\.check|selfcheck\.run)\.v\d+$/;
