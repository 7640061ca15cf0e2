import { Injectable } from '@nestjs/common';

/**
 * A per-project counter bumped by every task or label write in this process, so cached
 * catalogs (TaskCatalog) notice their own process's edits at once.
 */
@Injectable()
export class CatalogChanges {
  private readonly versions = new Map<string, number>();

  touch(projectId: string): void {
    this.versions.set(projectId, (this.versions.get(projectId) ?? 0) + 1);
  }

  version(projectId: string): number {
    return this.versions.get(projectId) ?? 0;
  }
}
