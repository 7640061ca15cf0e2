/**
 * Waits for a model's indexes before writes that rely on a unique index. Not awaited at boot,
 * because the service must start (not ready) while Mongo is down; retried after a failure.
 */
export class IndexGate {
  private pending: Promise<void> | undefined;

  constructor(private readonly model: { createIndexes(): Promise<unknown> }) {}

  ready(): Promise<void> {
    this.pending ??= this.model.createIndexes().then(
      () => undefined,
      (error: unknown) => {
        this.pending = undefined;
        throw error;
      },
    );
    return this.pending;
  }
}
