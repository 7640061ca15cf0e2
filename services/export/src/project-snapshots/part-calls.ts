import { AppError } from '@refinery/server-core';

/** True when nobody subscribes to the subject (the owning service is not running or lacks the part). */
export function isNoResponders(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e.code === 'UNAVAILABLE' && typeof e.message === 'string' && e.message.startsWith('no service answers');
}

/** An error of a part, with the part (and file/line when known) in front of the message. */
export function partError(error: unknown, where: string): Error {
  const e = error as { code?: unknown; message?: unknown; details?: unknown };
  if (error instanceof AppError || typeof e.code === 'string') {
    return new AppError((e.code as AppError['code']) ?? 'INTERNAL', `${where}: ${String(e.message)}`, e.details);
  }
  return error instanceof Error ? error : new Error(String(error));
}
